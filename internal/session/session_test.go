package session

import (
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/securecookie"
)

// The session cookie keeps exactly what was put in it, and refuses a value
// it has no place for rather than dropping it.
func TestSessionCodec(t *testing.T) {
	store := NewStore([]byte("a secret of the test"), false)
	save := func(values map[any]any) (string, error) {
		return securecookie.EncodeMulti(Name, values, store.Codecs...)
	}
	in := map[any]any{"uid": uint(42), "gen": 3, "return_to": "/petitions/7?share=abc", "_flash": []any{"success|공감했습니다.", "info|두 번째"}}
	cookie, err := save(in)
	if err != nil {
		t.Fatal(err)
	}
	out := map[any]any{}
	if err := securecookie.DecodeMulti(Name, cookie, &out, store.Codecs...); err != nil {
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
	if err := securecookie.DecodeMulti(Name, cookie, &out, store.Codecs...); err != nil || len(out) != 0 {
		t.Errorf("empty session decoded to %#v, %v", out, err)
	}

	for _, bad := range []map[any]any{{"uid": "42"}, {"uid": uint(42), "gen": "3"}, {"cart": 1}, {"_flash": []any{3}}} {
		if _, err := save(bad); err == nil || !strings.Contains(err.Error(), "no place") {
			t.Errorf("%#v saved (%v); want it refused", bad, err)
		}
	}

	// A cookie that does not open starts a fresh session: sealed with another
	// secret, in securecookie's format, changed by one letter, sealed under
	// another cookie name, or older than the session's lifetime.
	codec := store.Codecs[0].(codec)
	good, _ := save(in)
	other := NewStore([]byte("another secret"), false)
	foreign, _ := securecookie.EncodeMulti(Name, in, other.Codecs...)
	hashKey, blockKey := make([]byte, 32), make([]byte, 32)
	legacy, _ := securecookie.EncodeMulti(Name, map[any]any{"uid": uint(42)}, securecookie.New(hashKey, blockKey))
	tampered := []byte(good)
	tampered[len(tampered)/2] ^= 1
	renamed := codec.seal("other", []byte(`{"u":42,"t":`+strconv.FormatInt(time.Now().Unix(), 10)+`}`))
	stale := codec.seal(Name, []byte(`{"u":42,"t":`+strconv.FormatInt(time.Now().Add(-8*24*time.Hour).Unix(), 10)+`}`))
	fresh := codec.seal(Name, []byte(`{"u":42,"t":`+strconv.FormatInt(time.Now().Add(-6*24*time.Hour).Unix(), 10)+`}`))
	get := func(cookie string) map[any]any {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("Cookie", Name+"="+cookie)
		s, _ := store.Get(req, Name)
		if len(s.Values) == 0 && !s.IsNew {
			t.Errorf("an empty session from %q is not new", cookie)
		}
		return s.Values
	}
	for name, cookie := range map[string]string{"foreign": foreign, "legacy": legacy, "tampered": string(tampered), "renamed": renamed, "stale": stale, "garbage": "!!", "long": strings.Repeat("A", 5000)} {
		if v := get(cookie); len(v) != 0 {
			t.Errorf("%s cookie gave the session %#v", name, v)
		}
	}
	if v := get(good); !reflect.DeepEqual(v, in) {
		t.Errorf("the good cookie gave %#v, want %#v", v, in)
	}
	// a cookie sealed before sessions had generations opens under generation 0
	if v := get(fresh); v["uid"] != uint(42) || v["gen"] != 0 {
		t.Errorf("a six-day-old cookie without a generation gave %#v, want uid 42 at generation 0", v)
	}
}
