package app

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/petitions"
)

// petitionContent finds what residents and staff wrote, marked lang="ko".
var petitionContent = regexp.MustCompile(`(?s)<(\w+)[^>]*\blang="ko"[^>]*>.*?</(\w+)>`)

// petitionKoreanLeft is the Korean left in a page's main part once the
// residents' own writing, the categories and the 행정동 names (another
// area's lists) are taken out.
func petitionKoreanLeft(body string) []string {
	main := body
	if i := strings.Index(main, "<main"); i >= 0 {
		main = main[i:]
	}
	if i := strings.Index(main, "</main>"); i >= 0 {
		main = main[:i]
	}
	main = petitionContent.ReplaceAllString(main, "")
	for _, names := range [][]string{models.Categories, models.ResidentDongs} {
		for _, n := range names {
			main = strings.ReplaceAll(main, n, "")
		}
	}
	return koreanRun.FindAllString(main, -1)
}

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
			if left := petitionKoreanLeft(r.body); len(left) > 0 {
				t.Errorf("%s (%s) still shows Korean interface text: %v", page.path, c.accept, left)
			}
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
