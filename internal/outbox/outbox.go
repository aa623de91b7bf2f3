// Package outbox turns what happened into mails and delivers them. A change
// records its events in the transaction that makes it; after the commit the
// Worker expands each event into one mail per recipient (rendered from
// views/mail), claims the mails that are due so that no other instance
// sends them too, and sends them through SMTP, trying failures again later.
package outbox

import (
	"bytes"
	"context"
	"fmt"
	htmltemplate "html/template"
	"log/slog"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"text/template"
	"time"

	gomail "github.com/wneessen/go-mail"
	"gorm.io/gorm"

	"ydp1/internal/lang"
	"ydp1/models"
	"ydp1/models/deliberations"
	"ydp1/models/meetings"
	"ydp1/models/petitions"
	"ydp1/views"
)

// Data are the values a mail template is executed with.
type Data map[string]any

// Config is what the worker needs of the site's configuration.
type Config struct {
	BaseURL string // the site's public address, for links
	From    string // the sender
	SMTPURL string // smtp://user:pass@host:port; empty only logs the mails
}

// Worker renders mails from views/mail and delivers the outbox.
type Worker struct {
	cfg    Config
	db     *gorm.DB
	log    *slog.Logger
	text   map[string]*template.Template // by language code
	html   *htmltemplate.Template
	smtp   *smtpTarget
	wakeup chan struct{}
	// Sent, when set, hears of every attempt to send a mail: nil error for a mail sent.
	Sent func(err error)
	ICS  func(meetingID uint, to string) ([]byte, error) // a meeting's calendar file in the language of the mails to an address
	QR   func(bookingID uint) ([]byte, error)            // a booking's check-in QR code, for attachments
}

type smtpTarget struct {
	host, user, pass string
	port             int
	ssl              bool
}

// parseSMTPURL reads smtp://user:pass@host:port (smtps:// for implicit TLS).
func parseSMTPURL(raw string) (*smtpTarget, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return nil, fmt.Errorf("SMTP_URL must look like smtp://user:pass@host:port")
	}
	t := &smtpTarget{host: u.Hostname(), ssl: u.Scheme == "smtps", port: 587}
	if t.ssl {
		t.port = 465
	}
	if p := u.Port(); p != "" {
		if t.port, err = strconv.Atoi(p); err != nil {
			return nil, fmt.Errorf("SMTP_URL port: %w", err)
		}
	}
	if u.User != nil {
		t.user = u.User.Username()
		t.pass, _ = u.User.Password()
	}
	return t, nil
}

// CheckSMTPURL reports whether raw is an address the worker can send through.
func CheckSMTPURL(raw string) error {
	_, err := parseSMTPURL(raw)
	return err
}

// NewWorker makes the mail worker of db; its templates are parsed here.
func NewWorker(cfg Config, db *gorm.DB, log *slog.Logger) (*Worker, error) {
	m := &Worker{cfg: cfg, db: db, log: log, wakeup: make(chan struct{}, 1)}
	var err error
	if err = lang.Load(); err != nil {
		return nil, err
	}
	// parsed once, then cloned for each language with helpers that speak it
	text, err := template.New("mail").Funcs(mailFuncs(lang.All[0])).ParseFS(views.FS, "mail/*.txt")
	if err != nil {
		return nil, err
	}
	m.text = map[string]*template.Template{}
	for _, l := range lang.All {
		clone, err := text.Clone()
		if err != nil {
			return nil, err
		}
		m.text[l.Code] = clone.Funcs(mailFuncs(l))
	}
	if m.html, err = htmltemplate.New("layout.html").Funcs(htmltemplate.FuncMap{"linkify": linkify}).ParseFS(views.FS, "mail/layout.html"); err != nil {
		return nil, err
	}
	if cfg.SMTPURL != "" {
		if m.smtp, err = parseSMTPURL(cfg.SMTPURL); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// mailFuncs are the helpers of the mail templates, in one language.
func mailFuncs(l *lang.Lang) template.FuncMap {
	return template.FuncMap{
		"t":        l.T,
		"date":     l.Date,
		"datetime": l.DateTime,
		"clock":    func(t time.Time) string { return t.In(models.Seoul).Format("15:04") },
		"number":   func(n int) string { return models.FormatNumber(n) },
	}
}

// Render builds the mail called name in the language data["Lang"] names
// (the recipient's; Korean when none): its first line is the subject. The
// HTML part is the same text in a simple layout with links made clickable.
func (m *Worker) Render(name string, data Data) (models.Mail, error) {
	data["BaseURL"] = m.cfg.BaseURL
	code, _ := data["Lang"].(string)
	l := lang.ByCode(code)
	if l == nil {
		l = lang.All[0]
	}
	var buf bytes.Buffer
	if err := m.text[l.Code].ExecuteTemplate(&buf, name+".txt", data); err != nil {
		return models.Mail{}, err
	}
	subject, body, _ := strings.Cut(buf.String(), "\n")
	body = strings.TrimSpace(body) + "\n\n-- \n" + l.T("mail.footer.team") + "\n" + m.cfg.BaseURL + "\n"
	unsubscribe, _ := data["Unsubscribe"].(string)
	if unsubscribe != "" {
		body += "\n" + l.T("mail.footer.unsubscribe") + " " + unsubscribe + "\n" + l.T("mail.footer.choose") + "\n"
	}
	var html bytes.Buffer
	err := m.html.Execute(&html, map[string]any{"Lang": l.Tag.String(), "Subject": subject, "Paragraphs": strings.Split(body, "\n\n")})
	if err != nil {
		return models.Mail{}, err
	}
	return models.Mail{Subject: strings.TrimSpace(subject), Text: body, HTML: html.String(), UnsubscribeURL: unsubscribe}, nil
}

// ExpandEvents turns the changes recorded since the last pass into mails,
// one per recipient, each event in its own transaction.
func (m *Worker) ExpandEvents(ctx context.Context) {
	events, err := models.PendingEvents(m.db, 20)
	if err != nil {
		m.log.Error("events", "err", err)
		return
	}
	settings, err := models.LoadSettings(m.db)
	if err != nil {
		m.log.Error("events", "err", err)
		return
	}
	for _, e := range events {
		if ctx.Err() != nil {
			return
		}
		now := time.Now().UTC()
		if e.MeetingID != 0 {
			m.expandMeetingEvent(e, now)
			continue
		}
		if e.DeliberationID != 0 {
			m.expandDeliberationEvent(e, now)
			continue
		}
		p, err := petitions.FindPetition(m.db, e.PetitionID, now)
		if err != nil {
			m.log.Error("event petition", "event", e.ID, "err", err)
			continue
		}
		data := Data{
			"Title": p.Title, "Link": m.cfg.BaseURL + "/petitions/" + strconv.Itoa(int(p.ID)),
			"Count": p.SupportCount, "Threshold": p.Threshold,
			"Days": settings.PetitionDays, "AnswerDays": p.AnswerDays,
		}
		for k, v := range e.Details() {
			data[strings.ToUpper(k[:1])+k[1:]] = v
		}
		render := func(r models.Recipient) (models.Mail, error) {
			d := Data{"Name": r.Name, "Lang": r.Language, "Author": r.Author, "Unsubscribe": m.cfg.BaseURL + "/unsubscribe/" + r.Token}
			for k, v := range data {
				d[k] = v
			}
			return m.Render(e.Kind, d)
		}
		n, err := models.ExpandEvent(m.db, e, petitions.Recipients, render, now)
		if err != nil {
			m.log.Error("expand event", "event", e.ID, "kind", e.Kind, "err", err)
			continue
		}
		m.log.Info("event mailed", "event", e.ID, "kind", e.Kind, "petition", e.PetitionID, "mails", n)
	}
}

// Wake tells the worker a mail is waiting, without blocking.
func (m *Worker) Wake() {
	select {
	case m.wakeup <- struct{}{}:
	default:
	}
}

// Run delivers due mails until ctx ends: on wake-up, or every 10 seconds for
// retries. A wake-up after a quiet while is served at once; a run of them
// (a viral petition passing goals and thresholds many times a second) is
// served a pass a second, so the mails' writes leave the database to the
// supports.
func (m *Worker) Run(ctx context.Context) {
	tick := time.NewTicker(10 * time.Second)
	defer tick.Stop()
	for {
		m.DeliverDue(ctx)
		last := time.Now()
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-m.wakeup:
		}
		if wait := time.Second - time.Since(last); wait > 0 {
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
		}
	}
}

// DeliverDue turns the events into mails and sends the mails that are due,
// each claimed first so that no other instance sends it too.
func (m *Worker) DeliverDue(ctx context.Context) {
	m.ExpandEvents(ctx)
	for ctx.Err() == nil {
		now := time.Now().UTC()
		due, err := models.ClaimDueMails(m.db, now, 20) // claimed: no other instance sends these

		if err != nil {
			m.log.Error("outbox", "err", err)
			return
		}
		if len(due) == 0 {
			return
		}
		for _, ml := range due {
			err := m.send(ctx, ml)
			if m.Sent != nil {
				m.Sent(err)
			}
			if err != nil {
				m.log.Warn("mail not sent", "id", ml.ID, "to", ml.To, "attempt", ml.Attempts+1, "err", err)
				if err := models.MarkMailFailed(m.db, ml, err, time.Now().UTC()); err != nil {
					m.log.Error("outbox", "err", err)
				}
				continue
			}
			if err := models.MarkMailSent(m.db, ml.ID, time.Now().UTC()); err != nil {
				m.log.Error("outbox", "err", err)
			}
		}
	}
}

// send delivers one mail through SMTP, or only logs it when no SMTP_URL is set.
func (m *Worker) send(ctx context.Context, ml models.Mail) error {
	if m.smtp == nil {
		m.log.Info("mail (no SMTP_URL, kept in the outbox)", "id", ml.ID, "to", ml.To, "subject", ml.Subject, "text", ml.Text)
		return nil
	}
	msg := gomail.NewMsg()
	if err := msg.From(m.cfg.From); err != nil {
		return err
	}
	if err := msg.To(ml.To); err != nil {
		return err
	}
	msg.Subject(ml.Subject)
	if ml.UnsubscribeURL != "" {
		// one-click unsubscribe in mail clients (RFC 8058)
		msg.SetGenHeader(gomail.HeaderListUnsubscribe, "<"+ml.UnsubscribeURL+">")
		msg.SetGenHeader(gomail.HeaderListUnsubscribePost, "List-Unsubscribe=One-Click")
	}
	msg.SetBodyString(gomail.TypeTextPlain, ml.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, ml.HTML)
	var ics, qr func() ([]byte, error)
	if m.ICS != nil {
		ics = func() ([]byte, error) { return m.ICS(ml.ICSMeetingID, ml.To) }
	}
	if m.QR != nil {
		qr = func() ([]byte, error) { return m.QR(ml.QRBookingID) }
	}
	attachments := []struct {
		id          uint
		file        func() ([]byte, error)
		name        string
		contentType gomail.ContentType
	}{
		{ml.ICSMeetingID, ics, "meeting.ics", "text/calendar; charset=utf-8"},
		{ml.QRBookingID, qr, "entry-qr-code.png", "image/png"},
	}
	for _, a := range attachments {
		if a.id == 0 || a.file == nil {
			continue
		}
		body, err := a.file()
		if err != nil {
			return err
		}
		if err := msg.AttachReader(a.name, bytes.NewReader(body), gomail.WithFileContentType(a.contentType)); err != nil {
			return err
		}
	}
	opts := []gomail.Option{gomail.WithPort(m.smtp.port), gomail.WithTimeout(20 * time.Second)}
	if m.smtp.ssl {
		opts = append(opts, gomail.WithSSL())
	} else {
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if m.smtp.user != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain),
			gomail.WithUsername(m.smtp.user), gomail.WithPassword(m.smtp.pass))
	}
	client, err := gomail.NewClient(m.smtp.host, opts...)
	if err != nil {
		return err
	}
	sendCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	return client.DialAndSendWithContext(sendCtx, msg)
}

var urlPattern = regexp.MustCompile(`https?://[^\s<>"]+`)

// linkify escapes a paragraph of a text mail for HTML, keeping line breaks
// and making its addresses clickable.
func linkify(s string) htmltemplate.HTML {
	var b strings.Builder
	last := 0
	for _, m := range urlPattern.FindAllStringIndex(s, -1) {
		b.WriteString(htmltemplate.HTMLEscapeString(s[last:m[0]]))
		u := htmltemplate.HTMLEscapeString(s[m[0]:m[1]])
		b.WriteString(`<a href="` + u + `" style="color:#0b4ea2;">` + u + `</a>`)
		last = m[1]
	}
	b.WriteString(htmltemplate.HTMLEscapeString(s[last:]))
	return htmltemplate.HTML(strings.ReplaceAll(b.String(), "\n", "<br>")) // #nosec G203 -- every piece of text was escaped above
}

// expandMeetingEvent mails the people a meeting event concerns, each with
// their own booking code; confirmations carry the meeting's .ics file.
func (m *Worker) expandMeetingEvent(e models.Event, now time.Time) {
	mt, err := meetings.FindMeeting(m.db, e.MeetingID)
	if err != nil {
		m.log.Error("event meeting", "event", e.ID, "err", err)
		return
	}
	details := e.Details() // the booking's state when the event happened
	render := func(r models.Recipient) (models.Mail, error) {
		d := Data{"Name": r.Name, "Lang": r.Language, "Title": mt.Title, "Link": m.cfg.BaseURL + "/meetings/" + strconv.Itoa(int(mt.ID)),
			"Starts": mt.StartsAt, "Ends": mt.EndsAt, "Online": mt.Kind == meetings.KindOnline, "Where": mt.Place,
			"Reason": mt.CancelReason, "Status": details["status"], "Code": details["code"], "Unsubscribe": ""}
		if e.BookingID == 0 { // news for everyone booked: each with their own code
			b, err := meetings.ActiveBooking(m.db, mt.ID, r.UserID)
			if err != nil {
				return models.Mail{}, err
			}
			if b != nil {
				d["Status"], d["Code"] = b.Status, b.Code
			}
		}
		ml, err := m.Render(e.Kind, d)
		if e.BookingID != 0 && d["Status"] == meetings.BookingBooked {
			ml.ICSMeetingID, ml.QRBookingID = mt.ID, e.BookingID
		}
		return ml, err
	}
	n, err := models.ExpandEvent(m.db, e, meetings.Recipients, render, now)
	if err != nil {
		m.log.Error("expand event", "event", e.ID, "kind", e.Kind, "err", err)
		return
	}
	m.log.Info("event mailed", "event", e.ID, "kind", e.Kind, "meeting", e.MeetingID, "mails", n)
}

// expandDeliberationEvent mails the participants of a 공론장 its 결과, with
// the statements chosen for it.
func (m *Worker) expandDeliberationEvent(e models.Event, now time.Time) {
	d, err := deliberations.Find(m.db, e.DeliberationID)
	if err != nil {
		m.log.Error("event deliberation", "event", e.ID, "err", err)
		return
	}
	chosen, err := deliberations.ChosenStatements(m.db, d.ID)
	if err != nil {
		m.log.Error("event deliberation", "event", e.ID, "err", err)
		return
	}
	render := func(r models.Recipient) (models.Mail, error) {
		return m.Render(e.Kind, Data{"Name": r.Name, "Lang": r.Language, "Title": d.Title, "Question": d.Question,
			"Link": m.cfg.BaseURL + "/deliberations/" + strconv.Itoa(int(d.ID)) + "/results", "Chosen": chosen,
			"Participants": d.ParticipantCount, "Statements": d.StatementCount, "Votes": d.VoteCount, "Unsubscribe": m.cfg.BaseURL + "/unsubscribe/" + r.Token})
	}
	n, err := models.ExpandEvent(m.db, e, deliberations.Recipients, render, now)
	if err != nil {
		m.log.Error("expand event", "event", e.ID, "kind", e.Kind, "err", err)
		return
	}
	m.log.Info("event mailed", "event", e.ID, "kind", e.Kind, "deliberation", e.DeliberationID, "mails", n)
}
