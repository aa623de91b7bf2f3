package app

import (
	"io/fs"
	"net/http"
	"regexp"
	"testing"

	"ydp1/models"
	"ydp1/static"
)

// jsComment is a comment of a script, which may speak of Korean things.
var jsComment = regexp.MustCompile(`(?m)//.*$`)

// The script's texts (the character counter, the copy button's answer) come
// from the page, in its language: static/app.js holds none of its own.
func TestScriptTextsFollowTheLanguage(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	for accept, want := range map[string]string{
		"":      `<body data-count-text="{n} / {max}자" data-copied="복사했습니다">`,
		"en":    `<body data-count-text="{n} / {max} characters" data-copied="Copied">`,
		"zh-CN": `<body data-count-text="{n} / {max}字" data-copied="已复制">`,
	} {
		req, _ := http.NewRequest(http.MethodGet, s.srv.URL+"/", nil)
		if accept != "" {
			req.Header.Set("Accept-Language", accept)
		}
		s.browser().do(req).rendered(t, http.StatusOK, want)
	}
	js, err := fs.ReadFile(static.FS, "app.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range koreanRun.FindAllString(jsComment.ReplaceAllString(string(js), ""), -1) {
		t.Errorf("static/app.js writes Korean itself: %s", line)
	}
}
