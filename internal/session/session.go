// Package session keeps a visitor's session in one cookie, sealed with
// AES-GCM: who is logged in (and under which session generation), where to
// return after signing up, and the one-time messages of the next page.
package session

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
)

// Name is the name of the session cookie.
const Name = "ydp1"

// NewStore keeps the session in an encrypted and authenticated cookie
// (gorilla/sessions with the codec below), under a key derived from secret.
// The cookie options are set here because gorilla/sessions' defaults are not
// those a site like this wants; secure marks the cookie for https only.
func NewStore(secret []byte, secure bool) *sessions.CookieStore {
	const maxAge = 7 * 24 * 60 * 60
	key := sha256.Sum256(append([]byte("session-encrypt:"), secret...))
	block, err := aes.NewCipher(key[:])
	if err != nil {
		panic(err) // a 32-byte key is always valid
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic(err) // AES has the block size GCM needs
	}
	return &sessions.CookieStore{
		Codecs: []securecookie.Codec{codec{aead: aead, maxAge: maxAge * time.Second}},
		Options: &sessions.Options{
			Path:     "/",
			MaxAge:   maxAge,
			HttpOnly: true,
			Secure:   secure,
			SameSite: http.SameSiteLaxMode,
		},
	}
}

// codec seals the session's few values, as a small JSON object with
// the time it was written, with AES-GCM under the session key, the cookie's
// name as associated data. One AEAD serves every request; securecookie's own
// codec builds an HMAC and a cipher stream for each cookie it reads or
// writes, which was a tenth of the server's work for a 공감.
type codec struct {
	aead   cipher.AEAD
	maxAge time.Duration
}

// contents are all a session holds.
type contents struct {
	UID      uint     `json:"u,omitempty"`
	Gen      int      `json:"g,omitempty"` // the account's session generation when issued; cookies from before it have none, so 0
	ReturnTo string   `json:"r,omitempty"`
	Flash    []string `json:"f,omitempty"`
	Written  int64    `json:"t"` // Unix seconds: a cookie older than maxAge is refused
}

var errCookie = errors.New("session: the cookie does not open")

// Encode seals the values gorilla/sessions keeps; a key or value the
// session has no place for is an error, never dropped.
func (c codec) Encode(name string, src any) (string, error) {
	values, _ := src.(map[any]any)
	v := contents{Written: time.Now().Unix()}
	for key, value := range values {
		ok := true
		switch key {
		case "uid":
			v.UID, ok = value.(uint)
		case "gen":
			v.Gen, ok = value.(int)
		case "return_to":
			v.ReturnTo, ok = value.(string)
		case "_flash": // what sessions.AddFlash keeps
			list, _ := value.([]any)
			for _, f := range list {
				text, isText := f.(string)
				ok = ok && isText
				v.Flash = append(v.Flash, text)
			}
		default:
			ok = false
		}
		if !ok {
			return "", fmt.Errorf("session: no place for %v = %#v", key, value)
		}
	}
	plain, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return c.seal(name, plain), nil
}

// seal encrypts plain under a random nonce, which it puts in front.
func (c codec) seal(name string, plain []byte) string {
	n := c.aead.NonceSize()
	sealed := make([]byte, n, n+len(plain)+c.aead.Overhead())
	_, _ = rand.Read(sealed) // never fails since Go 1.24
	sealed = c.aead.Seal(sealed, sealed, plain, []byte(name))
	return base64.RawURLEncoding.EncodeToString(sealed)
}

// Decode opens a cookie Encode sealed under the same name and key, within
// its lifetime; any other cookie is an error, so the visitor gets a fresh
// session.
func (c codec) Decode(name, cookie string, dst any) error {
	values, ok := dst.(*map[any]any)
	if !ok {
		return fmt.Errorf("session: cannot decode into %T", dst)
	}
	if len(cookie) > 4096 {
		return errCookie
	}
	sealed, err := base64.RawURLEncoding.DecodeString(cookie)
	n := c.aead.NonceSize()
	if err != nil || len(sealed) < n+c.aead.Overhead() {
		return errCookie
	}
	plain, err := c.aead.Open(sealed[n:n], sealed[:n], sealed[n:], []byte(name))
	if err != nil {
		return errCookie
	}
	var v contents
	if err := json.Unmarshal(plain, &v); err != nil {
		return err
	}
	if age := time.Since(time.Unix(v.Written, 0)); age > c.maxAge || age < -time.Minute {
		return errCookie
	}
	if *values == nil {
		*values = map[any]any{}
	}
	if v.UID != 0 {
		(*values)["uid"] = v.UID
		(*values)["gen"] = v.Gen
	}
	if v.ReturnTo != "" {
		(*values)["return_to"] = v.ReturnTo
	}
	if len(v.Flash) > 0 {
		list := make([]any, len(v.Flash))
		for i, f := range v.Flash {
			list[i] = f
		}
		(*values)["_flash"] = list
	}
	return nil
}
