package outbox

import (
	"log/slog"
	"strings"
	"testing"
	"time"

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
		"Link": "https://ydp1.example/deliberations/3", "Participants": 1204, "Statements": 87, "Votes": 20311,
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

// A mail speaks its recipient's language: the subject, the words around
// what people wrote, the dates, the footer and the HTML's lang; what
// people wrote stays as written.
func TestRenderInTheRecipientsLanguage(t *testing.T) {
	w, err := NewWorker(Config{BaseURL: "https://ydp1.example", From: "x@example.com"}, nil, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	starts := time.Date(2026, 12, 14, 10, 0, 0, 0, time.UTC) // 19:00 in Seoul
	for _, c := range []struct {
		lang, subject, htmlLang string
		text                    []string
	}{
		{"en", "[Yeongdeungpo 1st Street] Your place is booked: 대림동 주민 모임", "en",
			[]string{"Dear 왕리, your place at the meeting is booked.", "When: 14 Dec 2026 (Mon) 19:00 ~ 21:00", "Where: 대림2동 주민센터", "Entry code: AB12CD34", "Yeongdeungpo 1st Street · Communication Team"}},
		{"zh", "[永登浦1番街] 报名已确认：대림동 주민 모임", "zh-Hans",
			[]string{"왕리，您的会议报名已确认。", "时间：2026年12月14日（周一） 19:00 ~ 21:00", "地点：대림2동 주민센터", "入场码：AB12CD34", "永登浦区厅 沟通共感组"}},
		{"", "[영등포1번가] 신청이 확정되었습니다: 대림동 주민 모임", "ko",
			[]string{"왕리님, 모임 신청이 확정되었습니다.", "일시: 2026. 12. 14.(월) 19:00 ~ 21:00"}},
	} {
		m, err := w.Render("booked", Data{"Name": "왕리", "Lang": c.lang, "Title": "대림동 주민 모임", "Status": "booked", "Code": "AB12CD34",
			"Starts": starts, "Ends": starts.Add(2 * time.Hour), "Online": false, "Where": "대림2동 주민센터", "Link": "https://ydp1.example/meetings/1"})
		if err != nil {
			t.Fatal(err)
		}
		if m.Subject != c.subject {
			t.Errorf("%s: subject %q, want %q", c.lang, m.Subject, c.subject)
		}
		for _, want := range c.text {
			if !strings.Contains(m.Text, want) {
				t.Errorf("%s: the text lacks %q:\n%s", c.lang, want, m.Text)
			}
		}
		if !strings.Contains(m.HTML, `<html lang="`+c.htmlLang+`">`) {
			t.Errorf("%s: the HTML is not marked %s", c.lang, c.htmlLang)
		}
	}
}
