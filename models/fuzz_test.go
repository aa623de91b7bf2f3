package models_test

import (
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"ydp1/models"
	"ydp1/models/modeltest"
)

// The fuzz targets below check what must hold for any input a form or the
// markdown editor can send. `go test` runs their seeds (f.Add and
// testdata/fuzz/<FuzzName>/); .ci/run fuzzes each for a few seconds.

func FuzzRenderMarkdown(f *testing.F) {
	for _, s := range []string{
		"## 답변 요지\n\n문래동 가로등 **12개**를 *2025년* 상반기에 설치합니다.\n\n- 예산: 3,000만원\n- 담당: 도시디자인과",
		"자세한 내용은 [구청 누리집](https://www.ydp.go.kr)을 보세요. https://www.ydp.go.kr/www/index.do",
		"| 동 | 설치 |\n|---|---|\n| 문래동 | 12 |\n| 여의동 | 3 |\n\n~~취소~~",
		"<script>alert('xss')</script>안녕하세요",
		"[클릭](javascript:alert(1)) [또](JaVaScRiPt:alert(1)) [탭](java\tscript:alert(1))",
		"<img src=x onerror=alert(1)> <a href=\"#\" onclick=\"alert(1)\">링크</a>",
		"![사진](javascript:alert(1) \"제목\")\n\n[ref]: javascript:alert(1)\n\n[참조][ref]",
		"<svg><script>alert(1)</script></svg><iframe src=\"javascript:alert(1)\"></iframe>",
		"[x](&#106;avascript:alert(1)) [y](javascript&colon;alert(1))",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		out := models.RenderMarkdown(src)
		if strings.Contains(strings.ToLower(out), "<script") {
			t.Fatalf("output contains <script: %q", out)
		}
		z := html.NewTokenizer(strings.NewReader(out))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				if z.Err() != io.EOF {
					t.Fatalf("tokenize: %v", z.Err())
				}
				return
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			if tok.Data == "script" {
				t.Fatalf("script element in %q", out)
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(a.Key, "on") {
					t.Fatalf("event attribute %s=%q on <%s> in %q", a.Key, a.Val, tok.Data, out)
				}
				if a.Key == "href" || a.Key == "src" {
					// browsers ignore ASCII whitespace and controls inside a scheme
					v := strings.Map(func(r rune) rune {
						if r <= ' ' {
							return -1
						}
						return unicode.ToLower(r)
					}, a.Val)
					if strings.HasPrefix(v, "javascript:") {
						t.Fatalf("javascript: %s on <%s> in %q", a.Key, tok.Data, out)
					}
				}
			}
		}
	})
}

var embedURL = regexp.MustCompile(`^https://www\.youtube-nocookie\.com/embed/[A-Za-z0-9_-]{6,20}$`)

func FuzzYouTubeEmbed(f *testing.F) {
	for _, s := range []string{
		"https://www.youtube.com/watch?v=dQw4w9WgXcQ",
		"https://youtu.be/dQw4w9WgXcQ?si=abc",
		"  https://m.youtube.com/shorts/abcDEF_-12  ",
		"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
		"https://www.youtube.com/live/",
		"https://www.youtube.com/embed/../../evil",
		"javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ",
		"https://youtube.com.evil.kr/watch?v=dQw4w9WgXcQ",
		"영등포구청 유튜브 답변 영상",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got := models.YouTubeEmbed(raw)
		if got != "" && !embedURL.MatchString(got) {
			t.Fatalf("YouTubeEmbed(%q) = %q", raw, got)
		}
	})
}

func FuzzMaskName(f *testing.F) {
	for _, s := range []string{"홍길동", "남궁민수", "김철", "이", "", "John Smith", "제갈 공명", "\xff\xfe", "a\u0301b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := models.MaskName(name)
		n := utf8.RuneCountInString(name)
		if n < 2 {
			return
		}
		if m := utf8.RuneCountInString(got); m != n {
			t.Fatalf("MaskName(%q) = %q: %d runes, want %d", name, got, m, n)
		}
		first, _ := utf8.DecodeRuneInString(name)
		if r, _ := utf8.DecodeRuneInString(got); r != first {
			t.Fatalf("MaskName(%q) = %q: first rune changed", name, got)
		}
	})
}

func FuzzSignUpValidate(f *testing.F) {
	f.Add("Hong@Example.com ", "password123", "password123", "홍길동", "문래동", true)
	f.Add("kim@ydp.go.kr", "비밀번호1234", "비밀번호1234", " 남궁민수 ", models.DongOutside, true)
	f.Add("\"a@b\"@example.com", "12345678", "12345678", "이", "신길2동", false)
	f.Add("이메일@도메인.한국", strings.Repeat("가", 24)+"1", strings.Repeat("가", 24)+"1", strings.Repeat("김", 21), "", true)
	f.Add("a@b", "abcdefg1", "abcdefg2", "", "영등포동", true)
	f.Fuzz(func(t *testing.T, email, password, confirm, name, dong string, consent bool) {
		in := models.SignUp{Email: email, Password: password, PasswordConfirm: confirm, Name: name, Dong: dong, Consent: consent}
		errs := in.Validate()
		modeltest.AllowedFields(t, errs, "email", "password", "password_confirm", "name", "dong", "consent")
		if len(errs) > 0 {
			return
		}
		if in.Email != models.NormalizeEmail(email) || !strings.Contains(in.Email, "@") || len(in.Email) > 254 {
			t.Fatalf("accepted email %q", in.Email)
		}
		if len(in.Password) > 72 || utf8.RuneCountInString(in.Password) < 8 || in.Password != in.PasswordConfirm {
			t.Fatalf("accepted password %q", in.Password)
		}
		if n := utf8.RuneCountInString(in.Name); n < 2 || n > 20 || in.Name != strings.TrimSpace(in.Name) {
			t.Fatalf("accepted name %q", in.Name)
		}
		if !models.IsResidentDong(in.Dong) || !in.Consent {
			t.Fatalf("accepted dong %q consent %v", in.Dong, in.Consent)
		}
	})
}

func FuzzSettingsForm(f *testing.F) {
	db := modeltest.NewDB(f)
	actor := modeltest.MkUser(f, db, modeltest.AsStaff)
	f.Add("1,000", "10", "7", "30", "20", "10", "3", "설 연휴(2월 9일~12일)에는 답변이 늦어질 수 있습니다.")
	f.Add(" 5000 ", "0", "365", "1", "365", "1", "100", "")
	f.Add("0", "-1", "366", "+30", "1e3", "0x10", "101", strings.Repeat("공", 501))
	f.Add("9999999999999999999999", "１０", "7일", "", "2,0", "10", "3", "<script>alert(1)</script>")
	f.Fuzz(func(t *testing.T, threshold, preconsent, preDays, days, answerDays, deptDays, reportLimit, notice string) {
		form := models.SettingsForm{"petition_threshold": threshold, "petition_preconsent": preconsent,
			"preconsent_days": preDays, "petition_days": days, "answer_days": answerDays,
			"dept_answer_days": deptDays, "report_limit": reportLimit, models.NoticeKey: notice}
		if _, err := models.UpdateSettings(db, actor.ID, form, modeltest.T0); err != nil {
			if _, ok := models.AsErrors(err); !ok {
				t.Fatalf("UpdateSettings: %v", err)
			}
		}
		var rows []models.Setting
		if err := db.Find(&rows).Error; err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.Key == models.NoticeKey {
				if utf8.RuneCountInString(r.Value) > 500 {
					t.Fatalf("stored a notice of %d runes", utf8.RuneCountInString(r.Value))
				}
				continue
			}
			lim, ok := models.SettingLimits[r.Key]
			if !ok {
				continue // env: markers
			}
			if n, err := strconv.Atoi(r.Value); err != nil || n < lim[0] || n > lim[1] {
				t.Fatalf("stored %s = %q, outside %v", r.Key, r.Value, lim)
			}
		}
	})
}
