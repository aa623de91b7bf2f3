package lang

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestOfTellsTheLanguageByItsScript(t *testing.T) {
	zh := ByCode("zh").Tag.String() // what <html lang> says on the Chinese pages
	for _, tc := range []struct{ name, text, want string }{
		{"Korean", "대림역 앞 횡단보도에 신호등을 설치해 주세요", "ko"},
		{"Chinese", "请在大林站前的人行横道安装红绿灯", zh},
		{"Chinese with numbers and Latin", "大林洞 2号出口 CCTV 太少了", zh},
		{"English", "Please install traffic lights at Daerim station", "en"},
		{"English with accents", "café crème", "en"},
		{"Korean and English", "Daerim station 2번 출구 CCTV 설치", "ko"},
		{"English first, Korean at the end", strings.Repeat("CCTV ", 200) + "설치", "ko"},
		{"Korean with Hanja", "大林洞 주민센터(住民센터) 주차장", "ko"},
		{"Hanja before the first Hangul", "永登浦區 " + strings.Repeat("字", 100) + " 청원", "ko"},
		{"Japanese", "大林駅の前に信号を設置してください", "ja"},
		{"numbers only", "1,000 / 2026-12-07", "ko"},
		{"punctuation and emoji", "!!! 🙏 …", "ko"},
		{"empty", "", "ko"},
		{"broken UTF-8", "\xff\xfe", "ko"},
	} {
		if got := Of(tc.text); got != tc.want {
			t.Errorf("%s: Of(%q) = %q, want %q", tc.name, clip(tc.text), got, tc.want)
		}
	}
	if zh != "zh-Hans" {
		t.Errorf("the site's Chinese is %q; the pages' lang attributes would say zh-Hans", zh)
	}
}

func clip(s string) string {
	if utf8.RuneCountInString(s) > 30 {
		return string([]rune(s)[:30]) + "…"
	}
	return s
}

// A petition body of 3,000 runes: Of runs on every resident's text of a
// page, so it must cost next to nothing. Korean stops at its first
// syllable; Chinese and English are read to the end.
func BenchmarkOf(b *testing.B) {
	for _, bc := range []struct{ name, unit string }{
		{"korean", "대림동 주민의 청원입니다. "},
		{"chinese", "大林洞居民的请愿书，请区厅长答复。"},
		{"english", "A petition from the residents of Daerim. "},
		{"english-then-korean", "A petition from the residents of Daerim. "},
	} {
		body := repeatTo(bc.unit, 3000)
		if bc.name == "english-then-korean" {
			body = string([]rune(body)[:2999]) + "다"
		}
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				Of(body)
			}
		})
	}
}

// repeatTo repeats unit until the text has n runes.
func repeatTo(unit string, n int) string {
	r := []rune(strings.Repeat(unit, n/utf8.RuneCountInString(unit)+1))
	return string(r[:n])
}
