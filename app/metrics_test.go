package app

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"ydp1/models"
	"ydp1/models/meetings"
)

// The metrics are served on their own listener only: the public port
// answers /metrics with the 404 page, the metrics port with the figures of
// what happened on the site.
func TestMetricsOnTheirOwnListenerOnly(t *testing.T) {
	d := newDeskSite(t)
	now := time.Now().UTC()
	in := meetings.Input{Kind: meetings.KindCustom, Title: "문래권역 맞춤형 타운홀미팅", Intro: "문래동 골목 안전을 함께 이야기합니다.",
		Agenda: "권역 현안 설명", Region: "신길권역", Place: "문래동 주민센터", StartsAt: meetings.FormTime(ptrTime(now.Add(72 * time.Hour))),
		EndsAt: meetings.FormTime(ptrTime(now.Add(74 * time.Hour))), BookingEnabled: true, Capacity: "10",
		BookingOpensAt: meetings.FormTime(ptrTime(now.Add(-time.Hour))), BookingClosesAt: meetings.FormTime(ptrTime(now.Add(48 * time.Hour)))}
	var staff models.User
	if err := d.db.Where("email = ?", "staff@ydp1.test").Take(&staff).Error; err != nil {
		t.Fatal(err)
	}
	m, err := meetings.CreateMeeting(d.db, staff.ID, in, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := meetings.PublishMeeting(d.db, m.ID, staff.ID, now); err != nil {
		t.Fatal(err)
	}
	meeting := "/meetings/" + strconv.Itoa(int(m.ID))

	// a support, the same support again, and a booking
	bob := d.signUp("bob@example.com", "이철수", "당산1동")
	page := d.page(d.open)
	bob.submit(page, page+"/support", url.Values{"comment": {"꼭 필요합니다"}}).has(t, "공감했습니다")
	bob.submit(page, page+"/support", url.Values{}).has(t, "이미 이 청원에 공감하셨습니다")
	bob.submit(meeting, meeting+"/book", url.Values{"question": {""}}).has(t, "신청했습니다. 입장 코드는")
	// the mails of all that sent, and the periodic jobs run, before the server below starts its own
	d.app.mailer.DeliverDue(t.Context())
	for _, j := range d.app.jobs.Jobs() {
		d.app.jobs.RunIfDue(j)
	}
	var sent int64
	if err := d.db.Model(&models.Mail{}).Where("status = ?", models.MailSent).Count(&sent).Error; err != nil || sent == 0 {
		t.Fatalf("%d mails sent (%v)", sent, err)
	}

	public, private := listen(t), listen(t)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- d.app.serve(ctx, public, private) }()
	defer func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()

	status, body := fetch(t, "http://"+public.Addr().String()+"/metrics")
	if status != http.StatusNotFound || !strings.Contains(body, "페이지를 찾을 수 없습니다") {
		t.Errorf("/metrics on the public port: %d\n%s", status, excerpt(body))
	}
	d.browser().get("/metrics").is(t, http.StatusNotFound)
	if status, _ := fetch(t, "http://"+private.Addr().String()+"/"); status != http.StatusNotFound {
		t.Errorf("the metrics port serves / (%d)", status)
	}

	status, body = fetch(t, "http://"+private.Addr().String()+"/metrics")
	if status != http.StatusOK {
		t.Fatalf("/metrics on the metrics port: %d\n%s", status, body)
	}
	for _, want := range []string{
		`ydp1_supports_total{outcome="counted"} 1`,
		`ydp1_supports_total{outcome="already"} 1`,
		`ydp1_supports_total{outcome="closed"} 0`,
		`ydp1_bookings_total{outcome="booked"} 1`,
		`ydp1_http_request_duration_seconds_count{method="POST",route="/petitions/:id/support",status="3xx"} 2`,
		`ydp1_http_request_duration_seconds_count{method="POST",route="/meetings/:id/book",status="3xx"} 1`,
		`ydp1_http_request_duration_seconds_bucket{method="GET",route="/petitions/:id",status="2xx",le="10"}`,
		`ydp1_http_request_duration_seconds_count{method="GET",route="unmatched",status="4xx"} 2`, // the two GET /metrics above,
		`ydp1_support_batch_size_bucket{le="1"} 2`,
		`ydp1_support_batch_size_count 2`,
		`ydp1_support_writer_busy_seconds_total `,
		`ydp1_mail_outbox{status="pending"} 0`,
		`ydp1_mail_outbox{status="failed"} 0`,
		`ydp1_mails_sent_total ` + strconv.FormatInt(sent, 10),
		`ydp1_mail_failures_total 0`,
		`ydp1_job_interval_seconds{name="daily"} 86400`,
		`ydp1_job_last_run_success{name="daily"} 1`,
		`ydp1_job_last_run_success{name="sweep"} 1`,
		`ydp1_job_last_success_timestamp_seconds{name="daily"} `,
		`ydp1_job_last_duration_seconds{name="sweep"} `,
		`go_goroutines `,
		`process_resident_memory_bytes `,
	} {
		if !strings.Contains(body, "\n"+want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	// route patterns only: no address of a petition becomes a series of its own
	if strings.Contains(body, `route="`+page+`"`) {
		t.Errorf("/metrics names the address %s", page)
	}
}

func listen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

func fetch(t *testing.T, u string) (int, string) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// A handler that panics answers the 500 page, and the metrics count a 5xx.
func TestPanicCountsAsServerError(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	h := s.app.Handler()
	h.GET("/boom", func(echo.Context) error { panic("boom") })
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/boom", nil))
	if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), "<html") {
		t.Fatalf("GET /boom: %d\n%s", rec.Code, excerpt(rec.Body.String()))
	}
	rec = httptest.NewRecorder()
	s.app.metrics.Handler(s.app.log).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if want := `ydp1_http_request_duration_seconds_count{method="GET",route="unmatched",status="5xx"} 1`; !strings.Contains(rec.Body.String(), want) {
		t.Errorf("/metrics lacks %q", want)
	}
}
