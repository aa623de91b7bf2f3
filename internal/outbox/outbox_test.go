package outbox

import (
	"log/slog"
	"strings"
	"testing"

	"ydp1/models/deliberations"
)

// An SMTP address is read with the port its scheme implies, and anything
// else is refused before the site starts.
func TestSMTPURL(t *testing.T) {
	for raw, want := range map[string]smtpTarget{
		"smtp://mailer:secret@mail.example.com":  {host: "mail.example.com", user: "mailer", pass: "secret", port: 587},
		"smtps://mail.example.com":               {host: "mail.example.com", port: 465, ssl: true},
		"smtp://mail.example.com:2525":           {host: "mail.example.com", port: 2525},
		"smtps://u@mail.example.com:4650?x=1#yz": {host: "mail.example.com", user: "u", port: 4650, ssl: true},
	} {
		got, err := parseSMTPURL(raw)
		if err != nil || *got != want {
			t.Errorf("%s: %+v, %v; want %+v", raw, got, err, want)
		}
	}
	for _, bad := range []string{"mail.example.com", "http://mail.example.com", "smtp://", "smtp://mail.example.com:port"} {
		if err := CheckSMTPURL(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// A mail's subject is its first line, its text ends with the site's
// signature and the unsubscribe address, and the HTML part is the same text
// escaped, with its addresses made links.
func TestRender(t *testing.T) {
	w, err := NewWorker(Config{BaseURL: "https://ydp1.example", From: "x@example.com"}, nil, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	m, err := w.Render("verify", Data{"Name": "<김영희>", "Link": "https://ydp1.example/verify?token=abc&x=1", "Unsubscribe": "https://ydp1.example/unsubscribe/t"})
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "[영등포1번가] 이메일 인증을 완료해 주세요" {
		t.Errorf("subject %q", m.Subject)
	}
	for _, want := range []string{"<김영희>님", "https://ydp1.example/verify?token=abc&x=1", "-- \n영등포1번가 · 영등포구청 소통공감팀\nhttps://ydp1.example\n", "그만 받으려면: https://ydp1.example/unsubscribe/t"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("the text lacks %q:\n%s", want, m.Text)
		}
	}
	for _, want := range []string{"&lt;김영희&gt;님", `<a href="https://ydp1.example/verify?token=abc&amp;x=1"`, "<br>"} {
		if !strings.Contains(m.HTML, want) {
			t.Errorf("the HTML lacks %q:\n%s", want, m.HTML)
		}
	}
	if m.UnsubscribeURL != "https://ydp1.example/unsubscribe/t" {
		t.Errorf("unsubscribe %q", m.UnsubscribeURL)
	}
}

func TestRenderDeliberationResult(t *testing.T) {
	w, err := NewWorker(Config{BaseURL: "https://ydp1.example", From: "x@example.com"}, nil, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	m, err := w.Render(deliberations.EventResult, Data{"Name": "김영희", "Title": "골목 주차", "Question": "무엇부터 바꿀까요?",
		"Link": "https://ydp1.example/deliberations/3", "Participants": "1,204", "Statements": "87", "Votes": "20,311",
		"Chosen":      []deliberations.Statement{{Body: "거주자 우선 주차를 늘려 주세요", ChosenReason: "2027년 계획에 넣습니다"}},
		"Unsubscribe": "https://ydp1.example/unsubscribe/t"})
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "[영등포1번가] 열린공론장 결과가 나왔습니다: 골목 주차" {
		t.Errorf("subject %q", m.Subject)
	}
	for _, want := range []string{"김영희님", "참여 1,204명", "- 거주자 우선 주차를 늘려 주세요\n  (이유: 2027년 계획에 넣습니다)",
		"https://ydp1.example/deliberations/3", "그만 받으려면: https://ydp1.example/unsubscribe/t"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("the text lacks %q:\n%s", want, m.Text)
		}
	}
}
