package petitions

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"

	"ydp1/models"
)

// MaxSimilar is how many similar petitions the form suggests.
const MaxSimilar = 5

// maxSimilarWords bounds the words of one title that are searched for.
const maxSimilarWords = 8

// endings are the particles most often glued to a Korean word in a title, and
// the 해 of "설치해 주세요": "주차장을" should find "주차장 확충", so the ending
// is dropped before matching. Longer endings come first so "에서" goes whole.
// 도 and 로 are left out: they end too many nouns (여의도, 산책로, 당산로).
var endings = []string{"에서는", "으로는", "에서", "으로", "에게", "까지", "부터", "처럼",
	"을", "를", "이", "가", "은", "는", "의", "에", "과", "와", "만", "해"}

// commonWords are the requests nearly every title ends with ("늘려 주세요");
// they say nothing about the subject.
var commonWords = map[string]bool{
	"주세요": true, "해주세요": true, "바랍니다": true, "합니다": true, "부탁드립니다": true, "요청": true,
	"요청합니다": true, "청원": true, "청원합니다": true, "영등포구": true, "관련": true, "대한": true, "위한": true,
	"늘려": true, "만들어": true, "바꿔": true, "줄여": true, "없애": true, "막아": true, "지켜": true, "열어": true,
	"밝혀": true, "해결": true,
}

// TitleWords are the words of a title that are searched for, as typed: at
// least two letters long without their ending, not a common request word,
// each once.
func TitleWords(title string) []string {
	words, _ := titleWords(title)
	return words
}

// titleWords returns the searched words as typed and the stems matched for them.
func titleWords(title string) (words, stems []string) {
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(title), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		stem := trimEnding(w)
		if utf8.RuneCountInString(stem) < 2 || commonWords[w] || commonWords[stem] || seen[stem] {
			continue
		}
		seen[stem] = true
		words, stems = append(words, w), append(stems, stem)
		if len(stems) == maxSimilarWords {
			break
		}
	}
	return words, stems
}

// trimEnding drops one trailing ending when a word of two letters or more remains.
func trimEnding(w string) string {
	for _, p := range endings {
		if rest, ok := strings.CutSuffix(w, p); ok && utf8.RuneCountInString(rest) >= 2 {
			return rest
		}
	}
	return w
}

// SimilarPetitions finds up to limit public petitions whose titles share words
// with title, the most shared words first, then the most supported. It lets a
// resident support an existing petition instead of filing a duplicate.
func SimilarPetitions(db *gorm.DB, title string, limit int, now time.Time) ([]Petition, error) {
	now = now.UTC()
	_, stems := titleWords(title)
	if len(stems) == 0 {
		return nil, nil
	}
	// score = the number of words found in the title; LOWER and LIKE … ESCAPE
	// behave alike on SQLite and PostgreSQL
	var score []string
	var matches []string
	var args []any
	for _, w := range stems {
		score = append(score, `CASE WHEN LOWER(title) LIKE ? ESCAPE '\' THEN 1 ELSE 0 END`)
		matches = append(matches, `LOWER(title) LIKE ? ESCAPE '\'`)
		args = append(args, "%"+models.EscapeLike(w)+"%")
	}
	var ps []Petition
	err := db.Model(&Petition{}).
		Select("petitions.*, ("+strings.Join(score, " + ")+") AS score", args...).
		Where("status IN ?", PublicStatuses).
		Where(strings.Join(matches, " OR "), args...).
		Order("score DESC, support_count DESC, id DESC").
		Limit(limit).Find(&ps).Error
	resolveAll(ps, now)
	return ps, err
}
