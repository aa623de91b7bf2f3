// Package metrics keeps the figures the operator's Prometheus scrapes:
// request latencies by route, the outcomes of supports and bookings, the
// mails sent, and, read from the database at each scrape, the outbox and the
// periodic jobs. The HTTP middleware that times requests stays in app.
package metrics

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"gorm.io/gorm"

	"ydp1/models"
	"ydp1/models/groupcommit"
	"ydp1/models/meetings"
	"ydp1/models/petitions"
)

// Metrics are what the operator's Prometheus scrapes from METRICS_ADDR,
// never from the public port: requests by route, supports and bookings by
// outcome, the support writer, the mail outbox and the periodic jobs, with
// the Go runtime and the process. Each App has a registry of its own, so
// several can run in one process. Shared state (the outbox, the jobs) is
// read from the database when scraped, so every instance shows all of it;
// the requests' path only touches counters resolved beforehand.
type Metrics struct {
	registry *prometheus.Registry
	requests *prometheus.HistogramVec
	supports map[string]prometheus.Counter // by outcome
	bookings map[string]prometheus.Counter // by outcome
	mailSent prometheus.Counter
	mailFail prometheus.Counter
}

var (
	supportOutcomes = []string{"counted", "already", "closed", "own", "unverified", "invalid", "not_found", "error"}
	bookingOutcomes = []string{"booked", "waitlisted", "already", "closed", "unverified", "invalid", "error"}
)

// New makes the metrics of one App, reading the shared state from db
// and the figures of the support and vote writers.
func New(db *gorm.DB, supportWriter, voteWriter Writer) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "ydp1_http_request_duration_seconds",
			Help: "Time to answer a request, by route pattern, method (GET, POST, other) and status class.",
			// a page from the cache takes well under a millisecond
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method", "status"}),
		mailSent: prometheus.NewCounter(prometheus.CounterOpts{Name: "ydp1_mails_sent_total", Help: "Mails handed to the SMTP server (or logged, without SMTP_URL) by this instance."}),
		mailFail: prometheus.NewCounter(prometheus.CounterOpts{Name: "ydp1_mail_failures_total", Help: "Attempts to send a mail that failed on this instance; each is tried again later."}),
	}
	supports := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "ydp1_supports_total", Help: "Support requests answered by this instance, by outcome."}, []string{"outcome"})
	bookings := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "ydp1_bookings_total", Help: "Meeting bookings requested on this instance, by outcome."}, []string{"outcome"})
	m.supports, m.bookings = resolve(supports, supportOutcomes), resolve(bookings, bookingOutcomes)
	m.registry.MustRegister(m.requests, supports, bookings, m.mailSent, m.mailFail,
		&stateCollector{db: db, writers: []writerDescs{{supportWriter, supportBatchDesc, supportBusyDesc}, {voteWriter, voteBatchDesc, voteBusyDesc}}},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// resolve makes the counter of every label value once, so counting is one atomic add.
func resolve(vec *prometheus.CounterVec, values []string) map[string]prometheus.Counter {
	out := make(map[string]prometheus.Counter, len(values))
	for _, v := range values {
		out[v] = vec.WithLabelValues(v)
	}
	return out
}

// Handler serves the registry in Prometheus' text format.
func (m *Metrics) Handler(log *slog.Logger) http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{
		ErrorLog:      promLog{log},
		ErrorHandling: promhttp.ContinueOnError, // a failed database read leaves out its figures, not the rest
		Registry:      m.registry,               // and counts such errors
	})
}

type promLog struct{ log *slog.Logger }

func (l promLog) Println(v ...any) { l.log.Error("metrics", "err", fmt.Sprint(v...)) }

// Supported counts the outcome of a 공감 request (a nil metrics counts nothing).
func (m *Metrics) Supported(err error) {
	if m == nil {
		return
	}
	outcome := "counted"
	if err != nil {
		outcome = failure(err, supportFailures)
	}
	m.supports[outcome].Inc()
}

// Booked counts the outcome of a booking request.
func (m *Metrics) Booked(b *meetings.Booking, err error) {
	if m == nil {
		return
	}
	outcome := "waitlisted"
	switch {
	case err != nil:
		outcome = failure(err, bookingFailures)
	case b.Status == meetings.BookingBooked:
		outcome = "booked"
	}
	m.bookings[outcome].Inc()
}

// A known is an error a request may end in, and its outcome's name.
type known struct {
	err     error
	outcome string
}

var (
	supportFailures = []known{{petitions.ErrAlreadySupported, "already"}, {petitions.ErrSupportClosed, "closed"},
		{petitions.ErrOwnPetition, "own"}, {models.ErrNotVerified, "unverified"}, {models.ErrNotFound, "not_found"}}
	bookingFailures = []known{{meetings.ErrAlreadyBooked, "already"}, {meetings.ErrBookingClosed, "closed"},
		{models.ErrNotVerified, "unverified"}}
)

// failure names the outcome of a request that failed with err: "invalid"
// for a form's errors, the first of failures that err is, or else "error".
func failure(err error, failures []known) string {
	if _, invalid := models.AsErrors(err); invalid {
		return "invalid"
	}
	for _, f := range failures {
		if errors.Is(err, f.err) {
			return f.outcome
		}
	}
	return "error"
}

// Mailed counts a mail sent, or an attempt that failed.
func (m *Metrics) Mailed(err error) {
	switch {
	case m == nil:
	case err != nil:
		m.mailFail.Inc()
	default:
		m.mailSent.Inc()
	}
}

// routeSeries are the latency histograms of one route pattern, each resolved
// on its first request: every series exists only once it has a request.
type routeSeries struct {
	route string
	obs   [3][6]atomic.Pointer[prometheus.Observer] // by method (GET, POST, other) and status class (1xx … 5xx, other)
}

// RouteTimer times the requests of the routes it was given; a request that
// matched none (404, a bad method) counts as the route "unmatched", so the
// series stay as few as the routes.
type RouteTimer struct {
	requests  *prometheus.HistogramVec
	routes    map[string]*routeSeries // by pattern, written before serving, then only read
	unmatched routeSeries
}

// RouteTimer is nil when m is.
func (m *Metrics) RouteTimer() *RouteTimer {
	if m == nil {
		return nil
	}
	return &RouteTimer{requests: m.requests, routes: map[string]*routeSeries{}, unmatched: routeSeries{route: "unmatched"}}
}

// Add takes the routes of e, once they are all registered.
func (t *RouteTimer) Add(routes []*echo.Route) {
	if t == nil {
		return
	}
	for _, r := range routes {
		if t.routes[r.Path] == nil {
			t.routes[r.Path] = &routeSeries{route: r.Path}
		}
	}
}

var methods = [3]string{"GET", "POST", "other"}

// Observe records one answer: the route pattern it matched, its method,
// its final status and how long it took.
func (t *RouteTimer) Observe(route, method string, status int, took time.Duration) {
	if t == nil {
		return
	}
	s := t.routes[route]
	if s == nil {
		s = &t.unmatched
	}
	m := 2
	switch method {
	case http.MethodGet:
		m = 0
	case http.MethodPost:
		m = 1
	}
	class := status/100 - 1
	if class < 0 || class > 4 {
		class = 5
	}
	p := &s.obs[m][class]
	o := p.Load()
	if o == nil {
		label := "other"
		if class < 5 {
			label = strconv.Itoa(class+1) + "xx"
		}
		obs := t.requests.WithLabelValues(s.route, methods[m], label)
		p.Store(&obs)
		o = &obs
	}
	(*o).Observe(took.Seconds())
}

// stateCollector reads, at each scrape, the state every instance shares
// (the outbox, the periodic jobs) and this instance's writers.
type stateCollector struct {
	db      *gorm.DB
	writers []writerDescs
}

// Writer is a group-commit writer of this instance.
type Writer interface{ Stats() groupcommit.Stats }

// writerDescs are a writer and the figures it is shown as.
type writerDescs struct {
	w           Writer
	batch, busy *prometheus.Desc
}

var (
	outboxDesc       = prometheus.NewDesc("ydp1_mail_outbox", "Mails in the outbox, by status: pending (to send or to retry) and failed (given up; the desk can resend them).", []string{"status"}, nil)
	supportBatchDesc = prometheus.NewDesc("ydp1_support_batch_size", "Supports per commit of this instance's support writer.", nil, nil)
	supportBusyDesc  = prometheus.NewDesc("ydp1_support_writer_busy_seconds_total", "Time this instance's support writer spent writing.", nil, nil)
	voteBatchDesc    = prometheus.NewDesc("ydp1_vote_batch_size", "Open forum votes per commit of this instance's vote writer.", nil, nil)
	voteBusyDesc     = prometheus.NewDesc("ydp1_vote_writer_busy_seconds_total", "Time this instance's vote writer spent writing.", nil, nil)
	// the label is "name": Prometheus gives every series a "job" of its own, the scrape's
	jobIntervalDesc = prometheus.NewDesc("ydp1_job_interval_seconds", "How often the periodic job runs.", []string{"name"}, nil)
	jobLastDesc     = prometheus.NewDesc("ydp1_job_last_run_timestamp_seconds", "When the job's last run started, on any instance.", []string{"name"}, nil)
	jobSuccessDesc  = prometheus.NewDesc("ydp1_job_last_success_timestamp_seconds", "When the job's last successful run started, on any instance; 0 if none has.", []string{"name"}, nil)
	jobDurationDesc = prometheus.NewDesc("ydp1_job_last_duration_seconds", "How long the job's last run took.", []string{"name"}, nil)
	jobOKDesc       = prometheus.NewDesc("ydp1_job_last_run_success", "1 if the job's last run succeeded, 0 if it failed.", []string{"name"}, nil)
)

func (s *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{outboxDesc, supportBatchDesc, supportBusyDesc, voteBatchDesc, voteBusyDesc, jobIntervalDesc, jobLastDesc, jobSuccessDesc, jobDurationDesc, jobOKDesc} {
		ch <- d
	}
}

func (s *stateCollector) Collect(ch chan<- prometheus.Metric) {
	for _, w := range s.writers {
		st := w.w.Stats()
		buckets := make(map[float64]uint64, len(groupcommit.Bounds))
		var below uint64
		for i, bound := range groupcommit.Bounds {
			below += uint64(st.Sizes[i]) // #nosec G115 -- a count, never negative
			buckets[float64(bound)] = below
		}
		ch <- prometheus.MustNewConstHistogram(w.batch, uint64(st.Batches), float64(st.Requests), buckets) // #nosec G115 -- a count
		ch <- prometheus.MustNewConstMetric(w.busy, prometheus.CounterValue, st.Busy.Seconds())
	}

	for _, status := range []string{models.MailPending, models.MailFailed} {
		n, err := models.CountMails(s.db, status)
		if err != nil {
			ch <- prometheus.NewInvalidMetric(outboxDesc, err)
			continue
		}
		ch <- prometheus.MustNewConstMetric(outboxDesc, prometheus.GaugeValue, float64(n), status)
	}

	jobs, err := models.JobStates(s.db, time.Now().UTC())
	if err != nil {
		ch <- prometheus.NewInvalidMetric(jobLastDesc, err)
		return
	}
	for _, j := range jobs {
		ch <- prometheus.MustNewConstMetric(jobIntervalDesc, prometheus.GaugeValue, j.Interval.Seconds(), j.Name)
		success := 0.0
		if r := j.Last; r != nil {
			ok := 0.0
			if !r.Failed() {
				ok = 1
			}
			ch <- prometheus.MustNewConstMetric(jobLastDesc, prometheus.GaugeValue, unixSeconds(r.StartedAt), j.Name)
			ch <- prometheus.MustNewConstMetric(jobDurationDesc, prometheus.GaugeValue, r.Duration().Seconds(), j.Name)
			ch <- prometheus.MustNewConstMetric(jobOKDesc, prometheus.GaugeValue, ok, j.Name)
			if r.SucceededAt != nil {
				success = unixSeconds(*r.SucceededAt)
			}
		}
		ch <- prometheus.MustNewConstMetric(jobSuccessDesc, prometheus.GaugeValue, success, j.Name)
	}
}

func unixSeconds(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }
