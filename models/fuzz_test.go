package models

import (
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// The fuzz targets below check what must hold for any input a form or the
// markdown editor can send. `go test` runs their seeds (f.Add and
// testdata/fuzz/<FuzzName>/); .ci/run fuzzes each for a few seconds.

// allowedFields fails when errs names a field the form does not have.
func allowedFields(t *testing.T, errs Errors, fields ...string) {
	t.Helper()
	for k := range errs {
		if !contains(fields, k) {
			t.Fatalf("error for undocumented field %q: %v", k, errs)
		}
	}
}

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
		out := RenderMarkdown(src)
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
		got := YouTubeEmbed(raw)
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
		got := MaskName(name)
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

func FuzzNormalizeCode(f *testing.F) {
	for _, s := range []string{"AB3K9Z", " ab3k 9z ", "ab\t3k\n9z", "\u3000ab3k9z\u00a0", "ß", "ǅ", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := NormalizeCode(s)
		if strings.IndexFunc(got, unicode.IsSpace) >= 0 {
			t.Fatalf("NormalizeCode(%q) = %q keeps a space", s, got)
		}
		if again := NormalizeCode(got); again != got {
			t.Fatalf("NormalizeCode not idempotent: %q → %q → %q", s, got, again)
		}
		// a code as printed, typed in lower case with spaces, reads back as printed
		if code := strings.Map(func(r rune) rune {
			if strings.ContainsRune(codeAlphabet, r) {
				return r
			}
			return -1
		}, strings.ToUpper(s)); code != "" {
			if typed := strings.ToLower(code[:len(code)/2]) + " " + code[len(code)/2:]; NormalizeCode(typed) != code {
				t.Fatalf("NormalizeCode(%q) = %q, want %q", typed, NormalizeCode(typed), code)
			}
		}
	})
}

func FuzzPetitionValidate(f *testing.F) {
	body := "문래동 골목길에 가로등이 부족해 밤길이 어둡습니다. 가로등을 더 설치해 주세요."
	f.Add("가로등을 더 설치해 주세요", Categories[0], "문래동", body)
	f.Add("  여의도 공원 화장실 개선  ", "자치행정", "", "여의도 공원 화장실이 낡고 좁아 주말마다 줄이 깁니다.\r\n개선해 주세요.")
	f.Add(strings.Repeat("가", 101), "도시", "신길2동", "짧음")
	f.Add("\u3000\t", "없는 분야", DongOutside, strings.Repeat("글", 5001))
	f.Fuzz(func(t *testing.T, title, category, dong, body string) {
		in := PetitionInput{Title: title, Category: category, Dong: dong, Body: body}
		errs := in.validate()
		allowedFields(t, errs, "title", "category", "dong", "body")
		if len(errs) > 0 {
			return
		}
		n := utf8.RuneCountInString(in.Title)
		if in.Title != strings.TrimSpace(in.Title) || n == 0 || n > MaxTitle {
			t.Fatalf("accepted title %q (%d runes)", in.Title, n)
		}
		if n := utf8.RuneCountInString(in.Body); n < MinBody || n > MaxBody {
			t.Fatalf("accepted body of %d runes", n)
		}
		if !IsCategory(in.Category) || (in.Dong != "" && !IsDong(in.Dong)) {
			t.Fatalf("accepted category %q dong %q", in.Category, in.Dong)
		}
	})
}

func FuzzSignUpValidate(f *testing.F) {
	f.Add("Hong@Example.com ", "password123", "password123", "홍길동", "문래동", true)
	f.Add("kim@ydp.go.kr", "비밀번호1234", "비밀번호1234", " 남궁민수 ", DongOutside, true)
	f.Add("\"a@b\"@example.com", "12345678", "12345678", "이", "신길2동", false)
	f.Add("이메일@도메인.한국", strings.Repeat("가", 24)+"1", strings.Repeat("가", 24)+"1", strings.Repeat("김", 21), "", true)
	f.Add("a@b", "abcdefg1", "abcdefg2", "", "영등포동", true)
	f.Fuzz(func(t *testing.T, email, password, confirm, name, dong string, consent bool) {
		in := SignUp{Email: email, Password: password, PasswordConfirm: confirm, Name: name, Dong: dong, Consent: consent}
		errs := in.validate()
		allowedFields(t, errs, "email", "password", "password_confirm", "name", "dong", "consent")
		if len(errs) > 0 {
			return
		}
		if in.Email != NormalizeEmail(email) || !strings.Contains(in.Email, "@") || len(in.Email) > 254 {
			t.Fatalf("accepted email %q", in.Email)
		}
		if len(in.Password) > 72 || utf8.RuneCountInString(in.Password) < 8 || in.Password != in.PasswordConfirm {
			t.Fatalf("accepted password %q", in.Password)
		}
		if n := utf8.RuneCountInString(in.Name); n < 2 || n > 20 || in.Name != strings.TrimSpace(in.Name) {
			t.Fatalf("accepted name %q", in.Name)
		}
		if !IsResidentDong(in.Dong) || !in.Consent {
			t.Fatalf("accepted dong %q consent %v", in.Dong, in.Consent)
		}
	})
}

func FuzzMeetingInput(f *testing.F) {
	f.Add(KindTownHall, "문래동 타운홀미팅", "문래동 주민센터 3층", "", "2024-03-20T19:00", "2024-03-20T21:00",
		"2024-03-05T10:00", "2024-03-19T18:00", "50", true)
	f.Add(KindOnline, "온라인 열린공론장: 여의도 한강공원", "", "https://meet.example.kr/ydp", "2024-04-01T14:00",
		"2024-04-01T15:30", "", "", "", false)
	f.Add(KindOutreach, "찾아가는 영등포1번가", "대림시장", "", "2024-03-20T19:00", "2024-03-20T19:00",
		"2024-03-21T10:00", "2024-03-20T19:01", "0", true)
	f.Add("nope", "", "", "javascript:alert(1)", "2024-13-40T25:61", "", "2024-03-05T10:00", "2024-03-05T10:00", "１０", true)
	f.Fuzz(func(t *testing.T, kind, title, place, online, starts, ends, opens, closes, capacity string, booking bool) {
		in := MeetingInput{Kind: kind, Title: title, Place: place, OnlineURL: online, StartsAt: starts, EndsAt: ends,
			BookingOpensAt: opens, BookingClosesAt: closes, Capacity: capacity, BookingEnabled: booking}
		var m Meeting
		errs := in.apply(&m)
		allowedFields(t, errs, "kind", "title", "dong", "region", "online_url", "place", "starts_at", "ends_at",
			"capacity", "booking_opens_at", "booking_closes_at")
		if len(errs) > 0 {
			return
		}
		if !m.EndsAt.After(m.StartsAt) {
			t.Fatalf("accepted a meeting ending %v before it starts %v", m.EndsAt, m.StartsAt)
		}
		if !m.BookingEnabled {
			if m.BookingOpensAt != nil || m.BookingClosesAt != nil || m.Capacity != 0 {
				t.Fatalf("booking fields kept with booking off: %+v", m)
			}
			return
		}
		if m.BookingOpensAt == nil || m.BookingClosesAt == nil {
			t.Fatal("booking on without a booking window")
		}
		if !m.BookingClosesAt.After(*m.BookingOpensAt) || m.BookingClosesAt.After(m.StartsAt) {
			t.Fatalf("booking window %v–%v not before the start %v", *m.BookingOpensAt, *m.BookingClosesAt, m.StartsAt)
		}
		if m.Capacity < 1 || m.Capacity > 100000 {
			t.Fatalf("accepted capacity %d", m.Capacity)
		}
	})
}

func FuzzSettingsForm(f *testing.F) {
	db := newTestDB(f)
	actor := mkUser(f, db, asStaff)
	f.Add("1,000", "10", "7", "30", "20", "10", "3", "설 연휴(2월 9일~12일)에는 답변이 늦어질 수 있습니다.")
	f.Add(" 5000 ", "0", "365", "1", "365", "1", "100", "")
	f.Add("0", "-1", "366", "+30", "1e3", "0x10", "101", strings.Repeat("공", 501))
	f.Add("9999999999999999999999", "１０", "7일", "", "2,0", "10", "3", "<script>alert(1)</script>")
	f.Fuzz(func(t *testing.T, threshold, preconsent, preDays, days, answerDays, deptDays, reportLimit, notice string) {
		form := SettingsForm{"petition_threshold": threshold, "petition_preconsent": preconsent,
			"preconsent_days": preDays, "petition_days": days, "answer_days": answerDays,
			"dept_answer_days": deptDays, "report_limit": reportLimit, noticeKey: notice}
		if _, err := UpdateSettings(db, actor.ID, form, t0); err != nil {
			if _, ok := AsErrors(err); !ok {
				t.Fatalf("UpdateSettings: %v", err)
			}
		}
		var rows []setting
		if err := db.Find(&rows).Error; err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.Key == noticeKey {
				if utf8.RuneCountInString(r.Value) > 500 {
					t.Fatalf("stored a notice of %d runes", utf8.RuneCountInString(r.Value))
				}
				continue
			}
			lim, ok := settingLimits[r.Key]
			if !ok {
				continue // env: markers
			}
			if n, err := strconv.Atoi(r.Value); err != nil || n < lim[0] || n > lim[1] {
				t.Fatalf("stored %s = %q, outside %v", r.Key, r.Value, lim)
			}
		}
	})
}
