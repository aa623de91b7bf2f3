package app

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"ydp1/models"
)

// The sign-up, log-in and password pages, the home page and the error page
// speak English and Chinese to a browser that asks for them, the consent and
// the 행정동 included, with no Korean interface text left.
func TestCorePagesInEnglishAndChinese(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	in := func(accept string, req *http.Request) *http.Request {
		req.Header.Set("Accept-Language", accept)
		return req
	}
	for _, tc := range []struct {
		accept, htmlLang string
		pages            map[string][]string
		signedUp         string
		noConsent        string
	}{
		{"en-GB,en;q=0.9", `<html lang="en">`, map[string][]string{
			"/signup":          {"Sign up", "Consent to the collection and use of personal information", "Retention period", "Right to refuse", "Daerim 2-dong", "Living outside the district"},
			"/login":           {"Log in", "Forgotten your password?"},
			"/password/forgot": {"Send me a reset link"},
			"/password/reset":  {"has expired after 1 hour"},
			"/verify?token=x":  {"This verification link is not valid"},
			"/":                {"Residents' voices shape the district", "How a petition works", "Pre-consent"},
		}, "We have sent you a verification email", "You need to consent to the collection and use of personal information to sign up."},
		{"zh-CN,zh;q=0.9", `<html lang="zh-Hans">`, map[string][]string{
			"/signup":          {"注册", "个人信息收集及使用同意", "保存期限", "拒绝的权利", "大林2洞", "区外居住"},
			"/login":           {"登录", "忘记密码了？"},
			"/password/forgot": {"获取重置链接"},
			"/password/reset":  {"已超过 1 小时而失效"},
			"/verify?token=x":  {"验证链接无效"},
			"/":                {"居民的声音成为区政", "请愿的流程", "预先同意"},
		}, "验证邮件已发送", "须同意收集和使用个人信息才能注册。"},
	} {
		b := s.browser()
		get := func(path string) response {
			req, _ := http.NewRequest(http.MethodGet, s.srv.URL+path, nil)
			return b.do(in(tc.accept, req))
		}
		for path, words := range tc.pages {
			r := get(path)
			r.rendered(t, http.StatusOK, append(words, tc.htmlLang)...)
			noKorean(t, r)
		}
		r := get("/no-such-page")
		r.rendered(t, http.StatusNotFound, tc.htmlLang, map[string]string{"en": "Page not found", "zh": "找不到页面"}[tc.accept[:2]])
		noKorean(t, r)

		// a sign-up refused for want of consent says why in the language
		refused := url.Values{"email": {"x@example.com"}, "password": {"secret-pass123"}, "password_confirm": {"secret-pass123"},
			"name": {"王小明"}, "dong": {"대림2동"}, "_csrf": {csrfInput.FindStringSubmatch(get("/signup").body)[1]}}
		req, _ := http.NewRequest(http.MethodPost, s.srv.URL+"/signup", strings.NewReader(refused.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r = b.do(in(tc.accept, req))
		r.rendered(t, http.StatusUnprocessableEntity, tc.noConsent)
		noKorean(t, r)

		// signing up in the language ends on a page in it
		form := url.Values{"email": {tc.accept[:2] + "@example.com"}, "password": {"secret-pass123"}, "password_confirm": {"secret-pass123"},
			"name": {"王小明"}, "dong": {"대림2동"}, "consent": {"yes"}, "_csrf": {csrfInput.FindStringSubmatch(get("/signup").body)[1]}}
		req, _ = http.NewRequest(http.MethodPost, s.srv.URL+"/signup", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r = b.do(in(tc.accept, req))
		r.rendered(t, http.StatusOK, tc.signedUp, tc.accept[:2]+"@example.com")
		noKorean(t, r)
	}
}

// noKorean fails on Korean interface text in a page, its title and
// description included.
func noKorean(t *testing.T, r response) {
	t.Helper()
	noKoreanInterface(t, r.url, r.body)
	if words := headKorean(t, r.body); len(words) > 0 {
		t.Errorf("%s has a Korean title or description: %s", r.url, clipWords(words))
	}
}
