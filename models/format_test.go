package models_test

import (
	"strings"
	"testing"
	"time"

	"ydp1/models"
)

func TestMaskName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"홍길동", "홍*동"},
		{"남궁민수", "남**수"},
		{"김철", "김*"},
		{"김", "김*"},
		{"", "익명"},
		{"Kim", "K*m"},
		{"John Smith", "J********h"},
	}
	for _, tt := range tests {
		if got := models.MaskName(tt.in); got != tt.want {
			t.Errorf("MaskName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		in   int
		want string
	}{
		{0, "0"}, {7, "7"}, {999, "999"}, {1000, "1,000"}, {12345, "12,345"}, {100000, "100,000"},
		{1234567, "1,234,567"}, {-1, "-1"}, {-1000, "-1,000"}, {-987654321, "-987,654,321"},
	}
	for _, tt := range tests {
		if got := models.FormatNumber(tt.in); got != tt.want {
			t.Errorf("FormatNumber(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDaysLeft(t *testing.T) {
	kst := func(y int, m time.Month, d, h, min int) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, models.Seoul).UTC()
	}
	tests := []struct {
		name          string
		deadline, now time.Time
		want          int
	}{
		{"30 days ahead at the same hour", kst(2024, 4, 3, 10, 0), kst(2024, 3, 4, 10, 0), 30},
		{"deadline later today", kst(2024, 3, 4, 18, 0), kst(2024, 3, 4, 9, 0), 0},
		{"deadline tomorrow morning", kst(2024, 3, 5, 9, 0), kst(2024, 3, 4, 23, 59), 1},
		{"deadline at Seoul midnight: the day before is the last", kst(2024, 3, 5, 0, 0), kst(2024, 3, 4, 8, 0), 0},
		{"Seoul date, not UTC date: 00:30 KST is still the previous UTC day", kst(2024, 3, 5, 23, 0), kst(2024, 3, 5, 0, 30), 0},
		{"Seoul date, not UTC date: 08:59 KST", kst(2024, 3, 6, 8, 0), kst(2024, 3, 5, 8, 59), 1},
		{"exactly at the deadline", kst(2024, 3, 5, 12, 0), kst(2024, 3, 5, 12, 0), 0},
		{"one nanosecond before the deadline", kst(2024, 3, 5, 12, 0), kst(2024, 3, 5, 12, 0).Add(-time.Nanosecond), 0},
		{"overdue by a day", kst(2024, 3, 4, 12, 0), kst(2024, 3, 5, 12, 0), -1},
		{"across the end of February in a leap year", kst(2024, 3, 1, 12, 0), kst(2024, 2, 28, 12, 0), 2},
		{"across new year", kst(2025, 1, 2, 12, 0), kst(2024, 12, 31, 23, 0), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := models.DaysLeft(tt.deadline, tt.now); got != tt.want {
				t.Errorf("DaysLeft(%v, %v) = %d, want %d", tt.deadline.In(models.Seoul), tt.now.In(models.Seoul), got, tt.want)
			}
			// The zone the times come in makes no difference.
			if got := models.DaysLeft(tt.deadline.In(models.Seoul), tt.now.In(time.FixedZone("X", -5*3600))); got != tt.want {
				t.Errorf("in other zones: %d, want %d", got, tt.want)
			}
		})
	}
}

func TestYouTubeEmbed(t *testing.T) {
	const embed = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
	tests := []struct{ in, want string }{
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ", embed},
		{"https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s&list=PL1", embed},
		{"http://m.youtube.com/watch?v=dQw4w9WgXcQ", embed},
		{"  https://youtu.be/dQw4w9WgXcQ?si=abc  ", embed},
		{"https://www.youtube.com/shorts/dQw4w9WgXcQ", embed},
		{"https://www.youtube.com/embed/dQw4w9WgXcQ", embed},
		{"https://www.youtube.com/live/dQw4w9WgXcQ", embed},
		{"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", embed},
		{"https://WWW.YOUTUBE.COM/watch?v=dQw4w9WgXcQ", embed},
		{"https://vimeo.com/76979871", ""},
		{"https://tv.naver.com/v/12345678", ""},
		{"https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ", ""},
		{"https://notyoutube.com/watch?v=dQw4w9WgXcQ", ""},
		{"https://www.youtube.com/watch", ""},
		{"https://www.youtube.com/embed/", ""},
		{"https://www.youtube.com/channel/UCxyz", ""},
		{"https://youtu.be/", ""},
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ\"><script>", ""},
		{"https://www.youtube.com/embed/abc%2F..%2Fx", ""},
		{"javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ", ""},
		{"youtube.com/watch?v=dQw4w9WgXcQ", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := models.YouTubeEmbed(tt.in); got != tt.want {
			t.Errorf("YouTubeEmbed(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRenderMarkdown(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // substrings the HTML must hold
		banned    []string // substrings it must not hold (compared in lower case)
	}{
		{"formatting survives", "## 검토 결과\n\n**반영**합니다.\n\n- 첫째\n- 둘째", []string{"<h2", "<strong>반영</strong>", "<li>첫째</li>"}, nil},
		{"script tags are dropped", "안내\n\n<script>alert('x')</script>", []string{"안내"}, []string{"<script", "alert("}},
		{"inline script is dropped", "문단 <script>alert(1)</script> 끝", []string{"문단"}, []string{"<script"}},
		{"event handlers are dropped", `<img src="x.png" onerror="alert(1)">` + "\n\n" + `<p onclick="x()">클릭</p>`, nil, []string{"onerror", "onclick"}},
		{"javascript links are dropped", "[눌러 주세요](javascript:alert(1))", []string{"눌러 주세요"}, []string{"javascript:"}},
		{"javascript links in raw html are dropped", `<a href="javascript:alert(1)">x</a>`, nil, []string{"javascript:"}},
		{"data urls are dropped", "[x](data:text/html;base64,PHNjcmlwdD4=)", nil, []string{"data:text/html"}},
		{"iframes are dropped", `<iframe src="https://evil.example"></iframe>`, nil, []string{"<iframe"}},
		{"links are kept, nofollow and in a new tab", "[구청](https://www.ydp.go.kr)", []string{`href="https://www.ydp.go.kr"`, `rel="nofollow noopener"`, `target="_blank"`}, nil},
		{"bare addresses become links", "자세한 내용: https://www.ydp.go.kr/www/index.do", []string{`<a href="https://www.ydp.go.kr/www/index.do"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := models.RenderMarkdown(tt.src)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("RenderMarkdown(%q) = %q, missing %q", tt.src, got, w)
				}
			}
			for _, b := range tt.banned {
				if strings.Contains(strings.ToLower(got), b) {
					t.Errorf("RenderMarkdown(%q) = %q, holds %q", tt.src, got, b)
				}
			}
		})
	}
}

func TestPlaces(t *testing.T) {
	if len(models.Dongs) != 18 || models.IsDong("신길2동") || !models.IsDong("신길3동") || models.IsDong(models.DongOutside) {
		t.Errorf("the 18 행정동 are wrong: %v", models.Dongs)
	}
	if !models.IsResidentDong(models.DongOutside) || len(models.ResidentDongs) != 19 {
		t.Error("구외 거주 is not a resident choice")
	}
	seen := map[string]bool{}
	for _, r := range models.Regions {
		for _, d := range r.Dongs {
			if !models.IsDong(d) || seen[d] {
				t.Errorf("region %s: %s is unknown or in two regions", r.Name, d)
			}
			seen[d] = true
		}
	}
	if len(seen) != 18 {
		t.Errorf("the regions cover %d 행정동, want 18", len(seen))
	}
	if len(models.Categories) != 6 || !models.IsCategory("도시") || models.IsCategory("") {
		t.Errorf("categories = %v", models.Categories)
	}
}

func TestErrors(t *testing.T) {
	var errs models.Errors = models.Errors{}
	if errs.Err() != nil {
		t.Error("empty Errors is an error")
	}
	errs.Add("title", "첫 메시지")
	errs.Add("title", "둘째 메시지")
	errs.Add("body", "본문")
	if errs["title"] != "첫 메시지" {
		t.Errorf("Add replaced the first message: %q", errs["title"])
	}
	if errs.Error() != "body: 본문; title: 첫 메시지" {
		t.Errorf("Error() = %q", errs.Error())
	}
	fe, ok := models.AsErrors(errs.Err())
	if !ok || len(fe) != 2 {
		t.Errorf("AsErrors = %v, %v", fe, ok)
	}
	if _, ok := models.AsErrors(models.ErrNotFound); ok {
		t.Error("AsErrors found fields in a plain error")
	}
}
