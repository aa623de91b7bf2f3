package models

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"
)

// Errors maps a form field to the message shown next to it: a message id of
// the catalogs (views/i18n), with its values if it has any (Msg), shown in
// the visitor's language. A non-empty Errors is returned as an error by the
// functions that validate input.
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

// Msg is a message id with its values, for a message made where the
// reader's language is not known (a form error, a flash): the page shows
// it in the visitor's language. Msg("petitions.comment_long", "Count", 215)
// is "petitions.comment_long?Count=215".
func Msg(id string, args ...any) string {
	if len(args) < 2 {
		return id
	}
	v := url.Values{}
	for i := 0; i+1 < len(args); i += 2 {
		v.Set(fmt.Sprint(args[i]), fmt.Sprint(args[i+1]))
	}
	return id + "?" + v.Encode()
}

// IsMessageID reports whether s looks like a catalog's message id:
// lower-case words joined by dots (area.what).
func IsMessageID(s string) bool {
	dot := false
	for i, r := range s {
		switch {
		case r == '.' && i > 0 && i < len(s)-1 && s[i-1] != '.':
			dot = true
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_':
		default:
			return false
		}
	}
	return dot
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
