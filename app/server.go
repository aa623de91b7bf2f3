// Package app is the HTTP side of 영등포1번가: routes, middleware, handlers
// and rendering. It starts the mail worker (internal/outbox) and the periodic
// jobs (internal/jobs) beside the server.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"gorm.io/gorm"

	"ydp1/internal/jobs"
	"ydp1/internal/metrics"
	"ydp1/internal/outbox"
	"ydp1/internal/session"
	"ydp1/models"
	"ydp1/models/deliberations"
	"ydp1/models/groupcommit"
	"ydp1/models/meetings"
	"ydp1/models/petitions"
)

// App holds what every handler needs.
type App struct {
	cfg      Config
	db       *gorm.DB
	log      *slog.Logger
	views    *pageSet
	assets   *assets
	sessions *sessions.CookieStore
	mailer   *outbox.Worker
	supports *petitions.SupportWriter  // group commit of supports
	votes    *deliberations.VoteWriter // group commit of 열린공론장 votes
	pages    *pageCache                // pages anonymous visitors share
	metrics  *metrics.Metrics          // served on METRICS_ADDR only
	jobs     *jobs.Scheduler           // the periodic jobs
	now      func() time.Time
	ticker   func(every time.Duration) (wait func(context.Context) bool) // paces the periodic jobs
}

// New builds the application on an open, migrated database.
func New(cfg Config, db *gorm.DB, log *slog.Logger) (*App, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	if err := models.SeedSettings(db, cfg.Petition, cfg.PetitionSet, time.Now().UTC()); err != nil {
		return nil, fmt.Errorf("seed settings: %w", err)
	}
	secret, err := cfg.LoadSessionSecret()
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, db: db, log: log, now: func() time.Time { return time.Now().UTC() }, ticker: jobs.EveryTick}
	if a.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if _, err = loadCatalogs(); err != nil {
		return nil, err
	}
	if a.views, err = loadViews(a.funcs(), a.langFuncs); err != nil {
		return nil, err
	}
	if a.mailer, err = newMailer(cfg, db, log); err != nil {
		return nil, err
	}
	a.mailer.ICS = func(id uint, to string) ([]byte, error) {
		m, err := meetings.FindMeeting(db, id)
		if err != nil {
			return nil, err
		}
		code, err := models.MailLanguage(db, to)
		if err != nil {
			return nil, err
		}
		return a.icsBody(m, code), nil
	}
	a.mailer.QR = func(id uint) ([]byte, error) {
		b, err := meetings.FindBooking(db, id)
		if err != nil {
			return nil, err
		}
		return a.checkInQR(b)
	}
	a.sessions = session.NewStore(secret, cfg.Secure())
	a.supports = petitions.NewSupportWriter(db)
	a.votes = deliberations.NewVoteWriter(db)
	a.pages = newPageCache()
	a.metrics = metrics.New(db, a.supports, a.votes)
	a.mailer.Sent = a.metrics.Mailed
	a.jobs = &jobs.Scheduler{DB: db, Log: log,
		Now:    func() time.Time { return a.now() },
		Ticker: func(every time.Duration) func(context.Context) bool { return a.ticker(every) },
		Wake:   func() { a.mailer.Wake() },
	}
	return a, nil
}

// startJobs runs the background work until ctx ends: the mail worker and
// the periodic jobs. The returned channel closes when both have stopped.
func (a *App) startJobs(ctx context.Context) <-chan struct{} {
	var wg sync.WaitGroup
	wg.Go(func() { a.mailer.Run(ctx) })
	wg.Go(func() { a.jobs.Run(ctx) })
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	return done
}

// newMailer makes the mail worker of cfg on db.
func newMailer(cfg Config, db *gorm.DB, log *slog.Logger) (*outbox.Worker, error) {
	return outbox.NewWorker(outbox.Config{BaseURL: cfg.BaseURL, From: cfg.MailFrom, SMTPURL: cfg.SMTPURL}, db, log)
}

// Close stops what New started; the handler must no longer be serving.
func (a *App) Close() {
	a.supports.Close()
	a.votes.Close()
	for what, st := range map[string]groupcommit.Stats{"supports": a.supports.Stats(), "votes": a.votes.Stats()} {
		if st.Batches > 0 {
			a.log.Info(what+" written", what, st.Requests, "commits", st.Batches, "largest", st.Largest, "busy", st.Busy.Round(time.Millisecond))
		}
	}
}

// Handler returns the HTTP handler with every route and middleware.
func (a *App) Handler() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.Renderer = a.views
	e.HTTPErrorHandler = a.handleError
	e.IPExtractor = a.ipExtractor()
	e.Pre(middleware.RemoveTrailingSlash())
	e.Pre(headAsGet)
	timer := a.metrics.RouteTimer()
	e.Use(a.requestLog(timer)) // outermost: it sees the status of every answer, a recovered panic's too
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			a.log.Error("panic", "err", err, "path", c.Request().URL.Path, "stack", string(stack))
			return err
		},
	}))
	e.Use(middleware.BodyLimit("1M"))
	e.Use(a.secureHeaders)
	e.Use(readOnlyCORS) // before the session: what other sites may read uses none
	e.Use(a.loadUser)
	e.Use(a.withLang)   // after the account, whose language counts
	e.Use(a.cachePages) // before CSRF: a shared page carries no token
	// #nosec G101 -- the CSRF cookie and field names, no credential
	e.Use(middleware.CSRFWithConfig(middleware.CSRFConfig{
		TokenLookup:    "form:_csrf,header:X-CSRF-Token",
		CookieName:     "_csrf",
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSecure:   a.cfg.Secure(),
		CookieSameSite: http.SameSiteLaxMode,
		Skipper: func(c echo.Context) bool {
			// read-only endpoints that set no cookie and show no form
			p := c.Request().URL.Path
			if c.Request().Method == http.MethodPost && strings.HasPrefix(p, "/unsubscribe/") {
				return true // the token in the address is the proof; mail clients post here directly
			}
			return strings.HasPrefix(p, "/static/") || isAPI(p) || strings.HasPrefix(p, "/feeds/") || p == "/healthz"
		},
		ErrorHandler: func(err error, c echo.Context) error {
			return echo.NewHTTPError(http.StatusForbidden).SetInternal(errCSRF)
		},
	}))
	e.Use(a.shareContent) // after CSRF: the header carries the log-out form
	a.routes(e)
	answerHead(e)
	timer.Add(e.Routes())
	return e
}

// ipExtractor trusts X-Forwarded-For only from the configured proxies;
// otherwise the client is the address of the connection.
func (a *App) ipExtractor() echo.IPExtractor {
	if a.cfg.TrustedProxies == "" {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, cidr := range strings.Split(a.cfg.TrustedProxies, ",") {
		if _, n, err := net.ParseCIDR(strings.TrimSpace(cidr)); err == nil {
			opts = append(opts, echo.TrustIPRange(n))
		}
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// requestLog writes a line for each answer and records it in the metrics
// (timer), which so cost no middleware and no clock reading of their own.
func (a *App) requestLog(timer *metrics.RouteTimer) echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogStatus: true, LogURI: true, LogMethod: true, LogLatency: true, LogRemoteIP: true, LogError: true,
		HandleError: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			timer.Observe(c.Path(), v.Method, v.Status, v.Latency)
			level := slog.LevelInfo
			if v.Status >= 500 {
				level = slog.LevelError
			}
			a.log.LogAttrs(context.Background(), level, "request",
				slog.String("method", v.Method), slog.String("uri", v.URI), slog.Int("status", v.Status),
				slog.Duration("latency", v.Latency), slog.String("ip", v.RemoteIP))
			return nil
		},
	})
}

// secureHeaders sets the headers that keep pages from being framed, sniffed
// or made to run foreign scripts.
func (a *App) secureHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "+
			"frame-src https://www.youtube-nocookie.com; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		if a.cfg.Secure() {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		return next(c)
	}
}

// readOnlyCORS lets other sites read the public record (the JSON API, the
// Atom feeds, the calendars) from their pages: any origin, never with
// credentials, preflights answered. Nothing else, so nothing that reads the
// session cookie, is shared with other sites.
var readOnlyCORS = middleware.CORSWithConfig(middleware.CORSConfig{
	Skipper:       func(c echo.Context) bool { return !sharedWithOtherSites(c.Request().URL.Path) },
	AllowOrigins:  []string{"*"},
	AllowMethods:  []string{http.MethodGet, http.MethodHead, http.MethodOptions},
	ExposeHeaders: []string{"Link", "ETag"},
	MaxAge:        86400,
})

// sharedWithOtherSites says whether path is part of the public record that
// other sites may read with CORS.
func sharedWithOtherSites(path string) bool {
	return strings.HasPrefix(path, "/api/v1/") || strings.HasPrefix(path, "/feeds/") || path == "/meetings.ics" ||
		strings.HasPrefix(path, "/meetings/") && strings.HasSuffix(path, ".ics")
}

// Run serves until ctx is cancelled, then lets requests in flight finish.
// With MetricsAddr set it also serves /metrics there, and only there.
func (a *App) Run(ctx context.Context) error {
	public, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return err
	}
	var private net.Listener
	if a.cfg.MetricsAddr != "" {
		if private, err = net.Listen("tcp", a.cfg.MetricsAddr); err != nil {
			_ = public.Close() // nothing was served on it
			return fmt.Errorf("METRICS_ADDR: %w", err)
		}
	}
	return a.serve(ctx, public, private)
}

// serve answers the site on public and, when private is not nil, the
// metrics on private, and runs the background jobs, until ctx is cancelled.
func (a *App) serve(ctx context.Context, public, private net.Listener) error {
	servers := map[net.Listener]*http.Server{public: a.server(a.Handler())}
	if private != nil {
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", a.metrics.Handler(a.log))
		servers[private] = a.server(mux)
	}
	background, stopJobs := context.WithCancel(context.Background())
	done := a.startJobs(background)

	errc := make(chan error, len(servers))
	for ln, srv := range servers {
		go func() { errc <- srv.Serve(ln) }()
	}
	a.log.Info("serving", "addr", public.Addr().String(), "base_url", a.cfg.BaseURL)
	if private != nil {
		a.log.Info("serving metrics", "addr", private.Addr().String()+"/metrics")
	}

	var err error
	select {
	case err = <-errc: // a server stopped on its own
	case <-ctx.Done():
		a.log.Info("shutting down")
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, srv := range servers {
		if e := srv.Shutdown(shutdownCtx); err == nil {
			err = e
		}
	}
	a.Close()
	stopJobs()
	<-done
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// server is an http.Server with the timeouts every listener needs.
func (a *App) server(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
}

// headAsGet answers HEAD as the GET of the same address (link checkers,
// monitoring, curl -I): the route (answerHead) runs as a GET, and net/http,
// which still sees the HEAD it was sent, sends the headers without the body.
func headAsGet(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if r := c.Request(); r.Method == http.MethodHead {
			get := r.Clone(r.Context())
			get.Method = http.MethodGet
			c.SetRequest(get)
		}
		return next(c)
	}
}

// answerHead registers HEAD beside every GET route, with the GET route's own
// handler and middleware: echo routes by the method sent, before any
// middleware may change it, so a HEAD would otherwise be 405. headAsGet
// then shows the handler a GET.
func answerHead(e *echo.Echo) {
	has := map[string]bool{}
	for _, r := range e.Routes() {
		has[r.Method+" "+r.Path] = true
	}
	for _, r := range e.Routes() {
		if r.Method != http.MethodGet || has[http.MethodHead+" "+r.Path] {
			continue
		}
		c := e.NewContext(nil, nil)
		e.Router().Find(http.MethodGet, r.Path, c) // the pattern matches itself, :id as the id ":id"
		if c.Path() != r.Path {
			panic("answerHead: GET " + r.Path + " is found as " + c.Path())
		}
		e.Add(http.MethodHead, r.Path, c.Handler())
		has[http.MethodHead+" "+r.Path] = true
	}
}

// dbFor is the database for the work of one request: a client that goes
// away cancels the queries it was waiting for.
func (a *App) dbFor(c echo.Context) *gorm.DB {
	return a.db.WithContext(c.Request().Context())
}
