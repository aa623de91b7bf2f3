package lang

import (
	"unicode"
	"unicode/utf8"
)

// The languages Of tells, as a lang attribute names them. Chinese is named
// as <html lang> names the site's Chinese (SimplifiedChinese: zh-Hans).
const (
	textKorean   = "ko"
	textEnglish  = "en"
	textChinese  = "zh-Hans"
	textJapanese = "ja"
)

// Of is the language of a text residents or staff wrote, told by its
// script, for the lang attribute around it (what they write is never
// translated, but a screen reader must read it in its own language):
// Hangul anywhere is Korean, Han without Hangul Chinese (kana with it
// Japanese), Latin letters alone English; a text with none of them
// (numbers, punctuation, nothing) is Korean, the site's default.
// It stops at the first Hangul, so a Korean text costs a few runes.
func Of(text string) string {
	var han, kana, latin bool
	for i := 0; i < len(text); {
		if b := text[i]; b < utf8.RuneSelf {
			if c := b | 0x20; c >= 'a' && c <= 'z' { // either case
				latin = true
			}
			i++
			continue
		}
		r, size := decode3(text, i)
		i += size
		switch {
		case r >= 0x4E00 && r <= 0x9FFF: // the unified ideographs nearly every Han text uses
			han = true
		case isHangul(r):
			return textKorean
		case isKana(r):
			kana = true
		case !han && isHan(r):
			han = true
		case !latin && r < 0x250 && unicode.IsLetter(r): // é, ö, ñ …
			latin = true
		}
	}
	switch {
	case kana:
		return textJapanese
	case han:
		return textChinese
	case latin:
		return textEnglish
	}
	return textKorean
}

// isHangul is a syllable or jamo of Hangul.
func isHangul(r rune) bool {
	return (r >= 0xAC00 && r <= 0xD7A3) || // syllables
		(r >= 0x1100 && r <= 0x11FF) || (r >= 0x3130 && r <= 0x318F) || // jamo, compatibility jamo
		(r >= 0xA960 && r <= 0xA97F) || (r >= 0xD7B0 && r <= 0xD7FF) // extended jamo
}

// isHan is a Chinese character (also Hanja and Kanji).
func isHan(r rune) bool {
	return r >= 0x2E80 && unicode.Is(unicode.Han, r)
}

// isKana is Japanese hiragana or katakana.
func isKana(r rune) bool {
	return (r >= 0x3040 && r <= 0x30FF) || (r >= 0x31F0 && r <= 0x31FF) || (r >= 0xFF66 && r <= 0xFF9F)
}

// decode3 is the rune at i: Hangul, Han and kana take three bytes in UTF-8,
// read here without a call (the continuation bytes are not checked: a broken
// text only risks its guess); other lengths go through utf8.
func decode3(text string, i int) (rune, int) {
	if b := text[i]; b&0xF0 == 0xE0 && i+2 < len(text) {
		return rune(b&0x0F)<<12 | rune(text[i+1]&0x3F)<<6 | rune(text[i+2]&0x3F), 3
	}
	return utf8.DecodeRuneInString(text[i:])
}
