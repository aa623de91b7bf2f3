package models

import (
	"errors"
	"sort"
	"strings"
	"unicode/utf8"
)

// Errors maps a form field to the Korean message shown next to it.
// A non-empty Errors is returned as an error by the functions that validate input.
type Errors map[string]string

func (e Errors) Error() string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+e[k])
	}
	return strings.Join(parts, "; ")
}

// Add records msg for field unless the field already has a message.
func (e Errors) Add(field, msg string) {
	if _, ok := e[field]; !ok {
		e[field] = msg
	}
}

// Text checks a required text of a form, already trimmed: none adds empty
// under field, more than most characters adds long.
func (e Errors) Text(field, text string, most int, empty, long string) {
	switch n := utf8.RuneCountInString(text); {
	case n == 0:
		e.Add(field, empty)
	case n > most:
		e.Add(field, long)
	}
}

// Err returns e as an error, or nil when it holds no message.
func (e Errors) Err() error {
	if len(e) == 0 {
		return nil
	}
	return e
}

// AsErrors extracts field messages from err, if it carries any.
func AsErrors(err error) (Errors, bool) {
	var fe Errors
	ok := errors.As(err, &fe)
	return fe, ok
}

// Domain outcomes that handlers turn into messages for the user.
var (
	ErrNotFound       = errors.New("not found")
	ErrNotVerified    = errors.New("email not verified")
	ErrStateChanged   = errors.New("petition state changed")
	ErrBadCredentials = errors.New("bad credentials")
	ErrLocked         = errors.New("account locked")
	ErrTokenInvalid   = errors.New("token invalid or expired")
)
