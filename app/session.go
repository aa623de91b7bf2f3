package app

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
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"ydp1/models"
)

const sessionName = "ydp1"

// newSessionStore keeps the session in an encrypted and authenticated
// cookie (gorilla/sessions with the codec below). The cookie options are set
// here because gorilla/sessions' defaults are not those a site like this wants.
func newSessionStore(secret []byte, secure bool) *sessions.CookieStore {
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
		Codecs: []securecookie.Codec{sessionCodec{aead: aead, maxAge: maxAge * time.Second}},
		Options: &sessions.Options{
			Path:     "/",
			MaxAge:   maxAge,
			HttpOnly: true,
			Secure:   secure,
			SameSite: http.SameSiteLaxMode,
		},
	}
}

// sessionCodec seals the session's few values, as a small JSON object with
// the time it was written, with AES-GCM under the session key, the cookie's
// name as associated data. One AEAD serves every request; securecookie's own
// codec builds an HMAC and a cipher stream for each cookie it reads or
// writes, which was a tenth of the server's work for a 공감.
type sessionCodec struct {
	aead   cipher.AEAD
	maxAge time.Duration
}

// sessionValues are all a session holds.
type sessionValues struct {
	UID      uint     `json:"u,omitempty"`
	Gen      int      `json:"g,omitempty"` // the account's session generation when issued; cookies from before it have none, so 0
	ReturnTo string   `json:"r,omitempty"`
	Flash    []string `json:"f,omitempty"`
	Written  int64    `json:"t"` // Unix seconds: a cookie older than maxAge is refused
}

var errSessionCookie = errors.New("session: the cookie does not open")

func (c sessionCodec) Encode(name string, src any) (string, error) {
	values, _ := src.(map[any]any)
	v := sessionValues{Written: time.Now().Unix()}
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
func (c sessionCodec) seal(name string, plain []byte) string {
	n := c.aead.NonceSize()
	sealed := make([]byte, n, n+len(plain)+c.aead.Overhead())
	_, _ = rand.Read(sealed) // never fails since Go 1.24
	sealed = c.aead.Seal(sealed, sealed, plain, []byte(name))
	return base64.RawURLEncoding.EncodeToString(sealed)
}

func (c sessionCodec) Decode(name, cookie string, dst any) error {
	values, ok := dst.(*map[any]any)
	if !ok {
		return fmt.Errorf("session: cannot decode into %T", dst)
	}
	if len(cookie) > 4096 {
		return errSessionCookie
	}
	sealed, err := base64.RawURLEncoding.DecodeString(cookie)
	n := c.aead.NonceSize()
	if err != nil || len(sealed) < n+c.aead.Overhead() {
		return errSessionCookie
	}
	plain, err := c.aead.Open(sealed[n:n], sealed[:n], sealed[n:], []byte(name))
	if err != nil {
		return errSessionCookie
	}
	var v sessionValues
	if err := json.Unmarshal(plain, &v); err != nil {
		return err
	}
	if age := time.Since(time.Unix(v.Written, 0)); age > c.maxAge || age < -time.Minute {
		return errSessionCookie
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

func (a *App) session(c echo.Context) *sessions.Session {
	// a cookie that no longer decodes (new secret) gives a fresh session
	s, _ := a.sessions.Get(c.Request(), sessionName)
	return s
}

// logIn starts a session for u under its session generation, with a new
// session identity. A change that ended u's sessions issues the session
// that made it again this way.
func (a *App) logIn(c echo.Context, u *models.User) error {
	s := a.session(c)
	for k := range s.Values {
		delete(s.Values, k)
	}
	s.Values["uid"] = u.ID
	s.Values["gen"] = u.SessionGen
	return s.Save(c.Request(), c.Response())
}

func (a *App) logOut(c echo.Context) error {
	s := a.session(c)
	delete(s.Values, "uid")
	delete(s.Values, "gen")
	return s.Save(c.Request(), c.Response())
}

// setReturnTo remembers where a visitor was going when they started to sign
// up (a petition's 사전동의 link), so verification brings them back there.
func (a *App) setReturnTo(c echo.Context, next string) {
	if next == "" {
		return
	}
	s := a.session(c)
	s.Values["return_to"] = localPath(next)
	if err := s.Save(c.Request(), c.Response()); err != nil {
		a.log.Warn("save session", "err", err)
	}
}

// popReturnTo gives the remembered page once, or fallback.
func (a *App) popReturnTo(c echo.Context, fallback string) string {
	s := a.session(c)
	next, ok := s.Values["return_to"].(string)
	if !ok {
		return fallback
	}
	delete(s.Values, "return_to")
	if err := s.Save(c.Request(), c.Response()); err != nil {
		a.log.Warn("save session", "err", err)
	}
	return next
}

// flash keeps a one-time message for the next page.
func (a *App) flash(c echo.Context, kind, msg string) {
	s := a.session(c)
	// A visitor who never opens the page a message was meant for (a script
	// posting supports, say) must not grow the cookie: keep the last few.
	if old := s.Flashes(); len(old) > 0 {
		for _, f := range old[max(0, len(old)-2):] {
			s.AddFlash(f)
		}
	}
	s.AddFlash(kind + "|" + msg)
	if err := s.Save(c.Request(), c.Response()); err != nil {
		a.log.Warn("save flash", "err", err)
	}
}

type flashMsg struct{ Kind, Text string }

func (a *App) popFlash(c echo.Context) []flashMsg {
	s := a.session(c)
	raw := s.Flashes()
	if len(raw) == 0 {
		return nil
	}
	if err := s.Save(c.Request(), c.Response()); err != nil {
		a.log.Warn("save session", "err", err)
	}
	out := make([]flashMsg, 0, len(raw))
	for _, f := range raw {
		kind, text, _ := strings.Cut(f.(string), "|")
		out = append(out, flashMsg{kind, text})
	}
	return out
}

// loadUser puts the logged-in account, if any, on the context.
func (a *App) loadUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		p := c.Request().URL.Path
		if strings.HasPrefix(p, "/static/") || strings.HasPrefix(p, "/api/") || p == "/healthz" {
			return next(c)
		}
		s := a.session(c)
		if id, ok := s.Values["uid"].(uint); ok {
			gen, _ := s.Values["gen"].(int)
			u, err := models.SessionUser(a.dbFor(c), id)
			switch {
			case err == nil && u.OpensSession(gen):
				c.Set("user", u)
			case err == nil:
				// ended by a change to the account: say so once, and stop asking for the account
				delete(s.Values, "uid")
				delete(s.Values, "gen")
				a.flash(c, "info", "이 기기의 로그인이 끝났습니다. 비밀번호가 바뀌었거나 다른 기기에서 모두 로그아웃하는 등 계정에 변경이 있었습니다. 다시 로그인해 주세요.")
			}
		}
		return next(c)
	}
}

func currentUser(c echo.Context) *models.User {
	u, _ := c.Get("user").(*models.User)
	return u
}

// requireUser sends anonymous visitors to the log-in page and back.
func requireUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if currentUser(c) == nil {
			back := c.Request().URL.RequestURI()
			if c.Request().Method != http.MethodGet {
				back = c.Request().Referer()
				if u, err := url.Parse(back); err == nil {
					back = u.RequestURI()
				}
			}
			return c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(back))
		}
		return next(c)
	}
}

// requireStaff lets only staff and admins through.
func requireStaff(next echo.HandlerFunc) echo.HandlerFunc {
	return requireUser(func(c echo.Context) error {
		if !currentUser(c).IsStaff() {
			return echo.ErrForbidden
		}
		return next(c)
	})
}

// requireAdmin lets only admins through (staff accounts and settings).
func requireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return requireUser(func(c echo.Context) error {
		if !currentUser(c).IsAdmin() {
			return echo.ErrForbidden
		}
		return next(c)
	})
}

// localPath keeps a redirect target on this site.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/"
	}
	return p
}
