package app

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"ydp1/models"
)

var resetLink = regexp.MustCompile(`http://ydp1\.test(/password/reset\?token=[a-z0-9]+)`)

func TestPasswordResetByMail(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	s.signUp("forgot@example.com", "문지우", "문래동")
	b := s.browser()
	b.get("/login").has(t, "비밀번호를 잊으셨나요?")

	// an unknown address gets the same answer and no mail
	b.submit("/password/forgot", "/password/forgot", url.Values{"email": {"nobody@example.com"}}).has(t, "가입된 계정이 있으면")
	if mails, _ := models.MailsTo(s.db, "nobody@example.com"); len(mails) != 0 {
		t.Errorf("mail sent to an unknown address")
	}
	b.submit("/password/forgot", "/password/forgot", url.Values{"email": {"Forgot@Example.com "}}).has(t, "가입된 계정이 있으면")
	mails, _ := models.MailsTo(s.db, "forgot@example.com")
	m := resetLink.FindStringSubmatch(mails[0].Text)
	if m == nil || !strings.Contains(mails[0].Subject, "비밀번호를 다시 정해 주세요") {
		t.Fatalf("no reset mail: %+v", mails[0])
	}
	link := m[1]
	token := strings.TrimPrefix(link, "/password/reset?token=")

	r := b.submit(link, "/password/reset", url.Values{"token": {token}, "password": {"newpass123"}, "password_confirm": {"newpass124"}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "비밀번호가 서로 다릅니다")
	r = b.submit(link, "/password/reset", url.Values{"token": {token}, "password": {"newpass123"}, "password_confirm": {"newpass123"}})
	r.has(t, "비밀번호를 바꿨습니다")

	// the link works once; the new password logs in, the old one does not
	b.get(link).has(t, "만료되었습니다")
	s.logIn("forgot@example.com", "newpass123")
	s.browser().submit("/login", "/login", url.Values{"email": {"forgot@example.com"}, "password": {"비밀번호pass123"}}).
		is(t, http.StatusUnprocessableEntity)
}
