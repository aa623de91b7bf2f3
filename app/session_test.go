package app

import (
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/gorilla/securecookie"
)

// The session cookie keeps exactly what was put in it, and refuses a value
// it has no place for rather than dropping it.
func TestSessionCodec(t *testing.T) {
	store := newSessionStore([]byte("a secret of the test"), false)
	save := func(values map[any]any) (string, error) {
		return securecookie.EncodeMulti(sessionName, values, store.Codecs...)
	}
	in := map[any]any{"uid": uint(42), "return_to": "/petitions/7?share=abc", "_flash": []any{"success|공감했습니다.", "info|두 번째"}}
	cookie, err := save(in)
	if err != nil {
		t.Fatal(err)
	}
	out := map[any]any{}
	if err := securecookie.DecodeMulti(sessionName, cookie, &out, store.Codecs...); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("decoded %#v, want %#v", out, in)
	}
	if len(cookie) > 300 {
		t.Errorf("cookie of %d bytes for three small values", len(cookie))
	}

	empty := map[any]any{}
	cookie, err = save(empty)
	if err != nil {
		t.Fatal(err)
	}
	out = map[any]any{}
	if err := securecookie.DecodeMulti(sessionName, cookie, &out, store.Codecs...); err != nil || len(out) != 0 {
		t.Errorf("empty session decoded to %#v, %v", out, err)
	}

	for _, bad := range []map[any]any{{"uid": "42"}, {"cart": 1}, {"_flash": []any{3}}} {
		if _, err := save(bad); err == nil || !strings.Contains(err.Error(), "no place") {
			t.Errorf("%#v saved (%v); want it refused", bad, err)
		}
	}

	// a cookie signed with another secret (or in an older format) starts a fresh session
	other := newSessionStore([]byte("another secret"), false)
	cookie, _ = securecookie.EncodeMulti(sessionName, in, other.Codecs...)
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Cookie", sessionName+"="+cookie)
	s, _ := store.Get(req, sessionName)
	if len(s.Values) != 0 || !s.IsNew {
		t.Errorf("foreign cookie gave the session %#v", s.Values)
	}
}
