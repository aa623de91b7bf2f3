package app

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"ydp1/models"
)

// A client that goes away cancels the queries of its request: the page is
// not made, no failure is logged, and the request log says 499.
func TestGoneClientCancelsItsQueries(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	var logs bytes.Buffer
	s.app.log = slog.New(slog.NewTextHandler(&logs, nil))
	h := s.app.Handler()

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/petitions?q=주차", nil).WithContext(ctx))
	if rec.Code != statusClientClosed || rec.Body.Len() != 0 {
		t.Errorf("cancelled request: status %d, %d bytes, want %d and nothing", rec.Code, rec.Body.Len(), statusClientClosed)
	}
	if strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), "status=499") {
		t.Errorf("log of a cancelled request:\n%s", logs.String())
	}

	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/petitions?q=주차", nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "영등포신문고") {
		t.Errorf("the same page for a client that stays: %d", rec.Code)
	}
}

// Every listener drops a client that sends its request too slowly, keeps
// an answer from hanging forever, and closes idle connections.
func TestListenersHaveTimeouts(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	srv := s.app.server(http.NotFoundHandler())
	for name, d := range map[string]time.Duration{
		"ReadHeaderTimeout": srv.ReadHeaderTimeout, "ReadTimeout": srv.ReadTimeout,
		"WriteTimeout": srv.WriteTimeout, "IdleTimeout": srv.IdleTimeout,
	} {
		if d <= 0 || d > 2*time.Minute {
			t.Errorf("%s = %s", name, d)
		}
	}
}
