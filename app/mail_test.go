package app

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"

	"ydp1/models"
)

// inbox is a real SMTP server that keeps what it receives.
type inbox struct {
	mu   sync.Mutex
	msgs []received
}

type received struct {
	from string
	to   []string
	data []byte
}

func (in *inbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &inboxSession{inbox: in}, nil }

type inboxSession struct {
	inbox *inbox
	msg   received
}

func (s *inboxSession) Reset()        { s.msg = received{} }
func (s *inboxSession) Logout() error { return nil }
func (s *inboxSession) Mail(from string, _ *smtp.MailOptions) error {
	s.msg.from = from
	return nil
}
func (s *inboxSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.msg.to = append(s.msg.to, to)
	return nil
}
func (s *inboxSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.msg.data = b
	s.inbox.mu.Lock()
	s.inbox.msgs = append(s.inbox.msgs, s.msg)
	s.inbox.mu.Unlock()
	return nil
}

func startInbox(t *testing.T) (*inbox, string) {
	t.Helper()
	in := &inbox{}
	srv := smtp.NewServer(in)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return in, "smtp://" + l.Addr().String()
}

// textOf decodes the subject and the plain-text part of a raw message,
// looking inside nested multipart bodies (a mail with an attachment).
func textOf(t *testing.T, raw []byte) (subject, text string) {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ = new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	text, ok := plainPart(t, m.Header.Get("Content-Type"), m.Body)
	if !ok {
		t.Fatalf("no text/plain part in:\n%s", raw)
	}
	return subject, text
}

func plainPart(t *testing.T, contentType string, body io.Reader) (string, bool) {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(mediaType, "multipart/") {
		return "", false
	}
	mr := multipart.NewReader(body, params["boundary"])
	for {
		p, err := mr.NextPart() // decodes quoted-printable parts
		if err != nil {
			return "", false
		}
		ct := p.Header.Get("Content-Type")
		if strings.HasPrefix(ct, "text/plain") {
			b, _ := io.ReadAll(p)
			return string(b), true
		}
		if text, ok := plainPart(t, ct, p); ok {
			return text, true
		}
	}
}

func TestVerificationMailOverSMTP(t *testing.T) {
	in, smtpURL := startInbox(t)
	s := newTestSite(t, models.DefaultSettings)
	s.app.cfg.SMTPURL = smtpURL
	var err error
	if s.app.mailer, err = newMailer(s.app.cfg, s.db, s.app.log); err != nil {
		t.Fatal(err)
	}

	b := s.browser()
	b.submit("/signup", "/signup", url.Values{
		"email": {"mail@example.com"}, "password": {"password123"}, "password_confirm": {"password123"},
		"name": {"윤서연"}, "dong": {"신길5동"}, "consent": {"yes"},
	}).is(t, 200)
	s.app.mailer.DeliverDue(t.Context())
	s.app.mailer.DeliverDue(t.Context()) // a second pass sends nothing again

	in.mu.Lock()
	msgs := append([]received(nil), in.msgs...)
	in.mu.Unlock()
	if len(msgs) != 1 {
		t.Fatalf("%d mails arrived, want 1", len(msgs))
	}
	got := msgs[0]
	if len(got.to) != 1 || got.to[0] != "mail@example.com" || got.from != "no-reply@ydp1.test" {
		t.Errorf("envelope from %q to %v", got.from, got.to)
	}
	subject, text := textOf(t, got.data)
	if subject != "[영등포1번가] 이메일 인증을 완료해 주세요" {
		t.Errorf("subject %q", subject)
	}
	m := verifyLink.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no verification link in:\n%s", text)
	}
	b.submit(m[1], "/verify", url.Values{"token": {strings.TrimPrefix(m[1], "/verify?token=")}}).has(t, "이메일 인증이 끝났습니다")

	mails, _ := models.MailsTo(s.db, "mail@example.com")
	if len(mails) != 1 || mails[0].Status != models.MailSent {
		t.Errorf("outbox: %+v", mails)
	}
}
