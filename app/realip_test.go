package app

// Echo v4 carries two advisories about client-supplied address headers that
// v4 will not fix (allowed, with reasons, in .ci/govulncheck-allow):
//   - GO-2026-6872 (GHSA-246p-cpwv-v3jq): the default IP extractor believes
//     X-Forwarded-For, so a client can pick its own rate-limit bucket;
//   - GO-2026-6875 (GHSA-99jh-6h7p-pp36): X-Real-IP from the client is taken
//     at its word and passed on.
// The site sets e.IPExtractor itself (ipExtractor in server.go) and reads
// X-Real-IP nowhere. These tests show forged headers change neither the rate
// limits nor the address in the request log.

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"ydp1/models"
)

func TestIPExtractorIgnoresForgedHeaders(t *testing.T) {
	cases := []struct {
		name    string
		trusted string
		remote  string
		xff     []string
		realIP  string
		want    string
	}{
		// no trusted proxy: the connection's address, whatever the headers say
		{"no proxy, X-Real-IP (GO-2026-6875)", "", "198.51.100.20:5555", nil, "203.0.113.1", "198.51.100.20"},
		{"no proxy, X-Forwarded-For (GO-2026-6872)", "", "198.51.100.20:5555", []string{"203.0.113.1"}, "", "198.51.100.20"},
		{"no proxy, both headers", "", "198.51.100.20:5555", []string{"203.0.113.1, 203.0.113.2"}, "203.0.113.3", "198.51.100.20"},
		{"no proxy, loopback peer", "", "127.0.0.1:5555", []string{"203.0.113.1"}, "203.0.113.3", "127.0.0.1"},

		// a trusted proxy in front: the right-most address that is not one of ours
		{"proxy, one hop", "10.0.0.0/8", "10.0.0.5:80", []string{"203.0.113.7"}, "", "203.0.113.7"},
		{"proxy, client prepends a forged address", "10.0.0.0/8", "10.0.0.5:80", []string{"6.6.6.6, 203.0.113.7"}, "", "203.0.113.7"},
		{"proxy, forged address in its own header line", "10.0.0.0/8", "10.0.0.5:80", []string{"6.6.6.6", "203.0.113.7"}, "", "203.0.113.7"},
		{"proxy, two proxies of ours", "10.0.0.0/8, 192.168.0.0/16", "10.0.0.5:80", []string{"6.6.6.6, 203.0.113.7, 192.168.1.9"}, "", "203.0.113.7"},
		{"proxy, X-Real-IP is not read (GO-2026-6875)", "10.0.0.0/8", "10.0.0.5:80", []string{"203.0.113.7"}, "6.6.6.6", "203.0.113.7"},
		{"proxy, X-Real-IP alone is not read", "10.0.0.0/8", "10.0.0.5:80", nil, "6.6.6.6", "10.0.0.5"},
		{"proxy, garbage in the header", "10.0.0.0/8", "10.0.0.5:80", []string{"6.6.6.6, not-an-address"}, "", "10.0.0.5"},
		{"proxy configured, peer is not one (GO-2026-6872)", "10.0.0.0/8", "198.51.100.20:5555", []string{"6.6.6.6"}, "6.6.6.7", "198.51.100.20"},
		{"proxy configured, loopback is not trusted by default", "10.0.0.0/8", "127.0.0.1:5555", []string{"6.6.6.6"}, "", "127.0.0.1"},
		{"proxy, IPv6 client", "10.0.0.0/8", "10.0.0.5:80", []string{"6.6.6.6, 2001:db8::7"}, "", "2001:db8::7"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := &App{cfg: Config{TrustedProxies: tc.trusted}}
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.RemoteAddr = tc.remote
			for _, v := range tc.xff {
				req.Header.Add("X-Forwarded-For", v)
			}
			if tc.realIP != "" {
				req.Header.Set("X-Real-IP", tc.realIP)
			}
			if got := a.ipExtractor()(req); got != tc.want {
				t.Errorf("client address %q, want %q", got, tc.want)
			}
		})
	}
}

// TestForgedAddressHeadersDoNotResetRateLimits drives the real server: the
// reset-request form allows 5 requests per address, and a visitor who changes
// X-Real-IP and X-Forwarded-For on every request still gets the sixth refused,
// and the request log keeps the address the site believes, never a forged one.
func TestForgedAddressHeadersDoNotResetRateLimits(t *testing.T) {
	send := func(t *testing.T, s *testSite, i int, xff string) response {
		b := s.browser()
		token := csrfInput.FindStringSubmatch(b.get("/password/forgot").body)[1]
		form := url.Values{"_csrf": {token}, "email": {"nobody" + strconv.Itoa(i) + "@example.com"}}
		req, _ := http.NewRequest(http.MethodPost, s.srv.URL+"/password/forgot", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Real-IP", "198.18.0."+strconv.Itoa(i))
		req.Header.Set("X-Forwarded-For", xff)
		return b.do(req)
	}
	site := func(t *testing.T, trusted string) (*testSite, *syncBuffer) {
		s := newTestSite(t, models.DefaultSettings)
		s.app.cfg.RateLimits = true
		s.app.cfg.TrustedProxies = trusted
		logs := &syncBuffer{}
		s.app.log = slog.New(slog.NewTextHandler(logs, nil))
		srv := httptest.NewServer(s.app.Handler())
		t.Cleanup(srv.Close)
		s.srv = srv
		return s, logs
	}
	expectLimited := func(t *testing.T, s *testSite, xff func(i int) string) {
		for i := range 7 {
			r := send(t, s, i, xff(i))
			if i < 5 {
				r.is(t, http.StatusOK)
				r.has(t, "nobody"+strconv.Itoa(i)+"@example.com")
			} else {
				r.is(t, http.StatusTooManyRequests)
				r.has(t, "요청이 너무 많습니다")
			}
		}
	}
	forgedOnly := func(t *testing.T, logs *syncBuffer, want string) {
		t.Helper()
		text := logs.String()
		if !strings.Contains(text, "ip="+want) {
			t.Errorf("request log lacks ip=%s:\n%s", want, text)
		}
		for _, forged := range []string{"198.18.0.", "6.6.6."} {
			if strings.Contains(text, forged) {
				t.Errorf("request log has the forged address %s…:\n%s", forged, text)
			}
		}
	}

	t.Run("no trusted proxy", func(t *testing.T) {
		s, logs := site(t, "")
		// GO-2026-6872 and GO-2026-6875: both headers change on every request
		expectLimited(t, s, func(i int) string { return "6.6.6." + strconv.Itoa(i) })
		forgedOnly(t, logs, "127.0.0.1")
	})

	t.Run("behind a trusted proxy", func(t *testing.T) {
		// the test client connects from loopback and so plays the proxy, which
		// appends the client it saw (203.0.113.50) to what the client sent
		s, logs := site(t, "127.0.0.1/32")
		expectLimited(t, s, func(i int) string { return "6.6.6." + strconv.Itoa(i) + ", 203.0.113.50" })
		forgedOnly(t, logs, "203.0.113.50")
		for _, line := range strings.Split(logs.String(), "\n") {
			// the forms were posted through the proxy; the GETs before them came straight from it
			if strings.Contains(line, "method=POST") && !strings.Contains(line, "ip=203.0.113.50") {
				t.Errorf("request log names another address than the client's: %s", line)
			}
		}
		// another resident behind the same proxy has a bucket of their own
		send(t, s, 7, "203.0.113.51").is(t, http.StatusOK)
	})
}
