package app

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/petitions"
)

// The petition pages residents see most speak English and Chinese: the
// list, a petition with its 공감 box, the form and its similar petitions;
// only what residents wrote stays Korean, marked as such.
func TestPetitionPagesInEnglishAndChinese(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	now := time.Now().UTC()
	p := s.addPetition(petitions.Petition{Status: petitions.StatusOpen, Title: "문래동 공영주차장 확충", SupportCount: 12,
		OpenedAt: ptrTime(now.AddDate(0, 0, -1)), ClosesAt: ptrTime(now.AddDate(0, 0, 29))})
	alice := s.signUp("alice@example.com", "김영희", "문래동")

	for _, c := range []struct {
		accept string
		list   []string
		show   []string
		form   []string
	}{
		{"en", []string{"What the status labels mean", "Most supported", "Open"},
			[]string{"Petitioner", "Words of support", "Log in to support", "days left"},
			[]string{"Find similar petitions", "Rules", "Preview"}},
		{"zh", []string{"状态标签的含义", "附议最多", "进行中"},
			[]string{"请愿人", "附议留言", "登录后附议", "距截止还有"},
			[]string{"查找相似请愿", "运营原则", "预览"}},
	} {
		alice.get("/language/" + c.accept) // her account speaks Korean, the language she signed up in
		get := func(b *browser, path string) response {
			req, _ := http.NewRequest(http.MethodGet, s.srv.URL+path, nil)
			req.Header.Set("Accept-Language", c.accept)
			return b.do(req)
		}
		for _, page := range []struct {
			b     *browser
			path  string
			words []string
		}{
			{s.browser(), "/petitions", c.list},
			{s.browser(), "/petitions/" + strconv.Itoa(int(p.ID)), c.show},
			{alice, "/petitions/new", c.form},
		} {
			r := get(page.b, page.path)
			r.rendered(t, http.StatusOK, page.words...)
			if page.path != "/petitions/new" && !strings.Contains(r.body, "문래동 공영주차장 확충") {
				t.Errorf("%s (%s) does not show the petition's title as written", page.path, c.accept)
			}
			// the categories and the 행정동 are another area's lists; her name greets her in the header
			noKoreanInterface(t, page.path+" in "+c.accept, r.body, append(append([]string{"김영희"}, models.Categories...), models.ResidentDongs...)...)
		}
	}
}

// A resident reading English who leaves the petition form half done reads
// what to fix in English.
func TestPetitionFormErrorsInEnglish(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	alice := s.signUp("alice@example.com", "김영희", "문래동")
	alice.get("/language/en")
	r := alice.submit("/petitions/new", "/petitions", url.Values{"title": {""}, "category": {"도시"}, "body": {"짧음"}})
	r.rendered(t, http.StatusUnprocessableEntity, "Please enter a title.", "Please write at least 20 characters.").
		lacks(t, "제목을 입력해 주세요", "청원 내용을 20자 이상")
}
