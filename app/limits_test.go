package app

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"ydp1/models"
)

// TestSignUpsAreLimitedPerAddress: past the limit the visitor gets a Korean
// page and nothing is stored; a forged X-Forwarded-For does not reset the
// count, because no proxy is trusted.
func TestSignUpsAreLimitedPerAddress(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	s.app.cfg.RateLimits = true
	limited := httptest.NewServer(s.app.Handler())
	t.Cleanup(limited.Close)
	s.srv = limited

	b := s.browser()
	for i := range 7 {
		page := b.get("/signup")
		token := csrfInput.FindStringSubmatch(page.body)[1]
		form := url.Values{"_csrf": {token}, "email": {"user" + strconv.Itoa(i) + "@example.com"}, "password": {"password123"},
			"password_confirm": {"password123"}, "name": {"주민" + strconv.Itoa(i)}, "dong": {"여의동"}, "consent": {"yes"}}
		req, _ := http.NewRequest(http.MethodPost, s.srv.URL+"/signup", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", "203.0.113."+strconv.Itoa(i))
		r := b.do(req)
		if i < 5 && r.status != http.StatusOK {
			t.Fatalf("sign-up %d refused: %d", i, r.status)
		}
		if i >= 5 {
			r.is(t, http.StatusTooManyRequests)
			r.has(t, "요청이 너무 많습니다")
		}
		b.post("/logout", url.Values{"_csrf": {token}})
	}
	var n int64
	s.db.Model(&models.User{}).Count(&n)
	if n != 5 {
		t.Errorf("%d accounts stored, want 5", n)
	}
}
