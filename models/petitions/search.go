package petitions

import (
	"slices"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"ydp1/models"
)

// The search index of petitions is portable SQL, the same on SQLite and
// PostgreSQL: the table petition_terms holds, once per petition, the
// lower-cased runs of two and of up to searchTermRunes letters that start at
// each letter of each word of the title and body. A search word is a
// substring of a word of the text (both are split at white space), so it is
// the beginning of such a run: a word of two letters ("주차", which trigram
// indexes cannot serve) or four ("어린이집") is one term, a word of three
// the range [word, word+1) of the primary key, exactly. A longer word is
// narrowed by its first four letters and confirmed with LIKE; one letter is
// the range of the terms that begin with it.

// searchTermRunes is the driver term stored, in letters.
const searchTermRunes = 4

// SearchTerms lists the distinct terms of the texts, sorted.
func SearchTerms(texts ...string) []string {
	seen := map[string]struct{}{}
	for _, text := range texts {
		for _, word := range strings.Fields(strings.ToLower(text)) {
			word = strings.ToValidUTF8(strings.ReplaceAll(word, "\x00", ""), "")
			for i := range word {
				if !utf8.RuneStart(word[i]) {
					continue
				}
				seen[prefixRunes(word[i:], 2)] = struct{}{}
				seen[prefixRunes(word[i:], searchTermRunes)] = struct{}{}
			}
		}
	}
	out := make([]string, 0, len(seen))
	for t := range seen {
		if t != "" {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

// prefixRunes is the first n letters of s.
func prefixRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// termRange is the half-open range of terms that begin with prefix: every
// string that starts with prefix sorts at or after it and before the prefix
// with its last letter raised by one (UTF-8 sorts bytewise as code points do).
func termRange(prefix string) (from, to string) {
	r, size := utf8.DecodeLastRuneInString(prefix)
	switch {
	case r == 0xD7FF: // surrogates are not letters of UTF-8 text
		r = 0xDFFF
	case r == utf8.MaxRune: // nothing sorts after it: search for it alone
		return prefix, prefix + "\U0010FFFF"
	}
	return prefix, prefix[:len(prefix)-size] + string(r+1)
}

// indexPetition writes the terms of one petition, in the caller's transaction.
func indexPetition(tx *gorm.DB, id uint, title, body string) error {
	terms := SearchTerms(title, body)
	for len(terms) > 0 {
		n := min(len(terms), 500)
		sql := "INSERT INTO petition_terms (term, petition_id) VALUES " +
			strings.TrimSuffix(strings.Repeat("(?, ?),", n), ",")
		args := make([]any, 0, 2*n)
		for _, t := range terms[:n] {
			args = append(args, t, id)
		}
		if err := tx.Exec(sql, args...).Error; err != nil {
			return err
		}
		terms = terms[n:]
	}
	return nil
}

// AfterCreate indexes a new petition in the transaction that creates it.
func (p *Petition) AfterCreate(tx *gorm.DB) error {
	return indexPetition(tx, p.ID, p.Title, p.Body)
}

// reindexPetition replaces the terms of a petition whose title or body changed.
func reindexPetition(tx *gorm.DB, id uint, title, body string) error {
	if err := tx.Exec("DELETE FROM petition_terms WHERE petition_id = ?", id).Error; err != nil {
		return err
	}
	return indexPetition(tx, id, title, body)
}

// IndexPending indexes the petitions written before the index
// existed (the migration lists them in petition_terms_pending), a batch per
// transaction, so an interrupted start resumes where it stopped. Whatever
// opens the database for the site passes it to Open.
func IndexPending(db *gorm.DB) error {
	for {
		var ids []uint
		if err := db.Raw("SELECT petition_id FROM petition_terms_pending ORDER BY petition_id LIMIT 500").Scan(&ids).Error; err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		err := db.Transaction(func(tx *gorm.DB) error {
			var ps []Petition
			if err := tx.Select("id", "title", "body").Where("id IN ?", ids).Find(&ps).Error; err != nil {
				return err
			}
			for _, p := range ps {
				if err := reindexPetition(tx, p.ID, p.Title, p.Body); err != nil {
					return err
				}
			}
			return tx.Exec("DELETE FROM petition_terms_pending WHERE petition_id IN ?", ids).Error
		})
		if err != nil {
			return err
		}
	}
}

// searchWords are the lower-cased words of a search, each once.
func searchWords(q string) []string {
	var out []string
	for _, w := range strings.Fields(strings.ToLower(q)) {
		w = strings.ToValidUTF8(strings.ReplaceAll(w, "\x00", ""), "")
		if w != "" && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// SearchCap is how many matches of a search are counted exactly. Past it
// the list says "more than" and asks for a closer search: counting every
// petition that mentions 주차 would cost as much as the search grows.
const SearchCap = 1000

// searchWord is one word of a search and the index terms that hold it.
type searchWord struct {
	text     string
	terms    []string // the terms that begin with the word; nil for one letter: from and to
	from, to string
	entries  int64 // its index entries, counted up to SearchCap+1
}

// cond selects the word's index entries.
func (w searchWord) cond() (string, []any) {
	if w.terms == nil {
		return "term >= ? AND term < ?", []any{w.from, w.to}
	}
	return "term IN ?", []any{w.terms}
}

// prepareSearch looks the words of q up in the index: the terms each one
// begins (two and four letters or more are one term, the driver stored;
// three letters are the few stored terms that start with them, found one
// seek at a time) and how many entries it has, up to just past SearchCap.
func prepareSearch(db *gorm.DB, q string) ([]searchWord, error) {
	var words []searchWord
	for _, text := range searchWords(q) {
		w := searchWord{text: text}
		switch n := utf8.RuneCountInString(text); {
		case n == 2 || n >= searchTermRunes:
			w.terms = []string{prefixRunes(text, searchTermRunes)}
		case n == 3:
			from, to := termRange(text)
			w.terms = []string{}
			for after := ">="; ; after = ">" {
				var next []string
				if err := db.Raw("SELECT term FROM petition_terms WHERE term "+after+" ? AND term < ? ORDER BY term LIMIT 1", from, to).
					Scan(&next).Error; err != nil {
					return nil, err
				}
				if len(next) == 0 {
					break
				}
				w.terms, from = append(w.terms, next[0]), next[0]
			}
		default:
			w.from, w.to = termRange(text)
		}
		if w.terms == nil || len(w.terms) > 0 {
			cond, args := w.cond()
			sub := db.Table("petition_terms").Select("1").Where(cond, args...).Limit(SearchCap + 1)
			if err := db.Table("(?) AS t", sub).Count(&w.entries).Error; err != nil {
				return nil, err
			}
		}
		words = append(words, w)
	}
	return words, nil
}

// rarest is the index of the word with the fewest index entries; of words
// as common, one stored as terms rather than a one-letter range.
func rarest(words []searchWord) int {
	r := 0
	for i, w := range words {
		if w.entries < words[r].entries || w.entries == words[r].entries && words[r].terms == nil {
			r = i
		}
	}
	return r
}

// walkable tells whether a list walked in its own order can look every
// word up by petition: not a one-letter word, whose terms are too many.
func walkable(words []searchWord) bool {
	for _, w := range words {
		if w.terms == nil {
			return false
		}
	}
	return true
}

// searchFrom starts a list query at the petitions that contain every word,
// in the title or the body, ignoring case. The driver word's petitions are
// read from the index and joined to their rows by key, so a search costs
// what it finds, not the size of the list; every other word is looked up
// for each of them.
func searchFrom(db *gorm.DB, words []searchWord, driver int) *gorm.DB {
	cond, args := words[driver].cond()
	// CROSS JOIN keeps the order: SQLite reads the hits first, then each one's
	// list columns from the narrow idx_petitions_hits rather than its whole row
	// with the body; PostgreSQL plans by its statistics.
	petitions := "petitions"
	if db.Dialector.Name() == "sqlite" {
		petitions = "petitions INDEXED BY idx_petitions_hits"
	}
	distinct := "DISTINCT " // a petition holds several terms of a word of one or three letters
	if len(words[driver].terms) == 1 {
		distinct = ""
	}
	tx := db.Table("(SELECT "+distinct+"petition_id FROM petition_terms WHERE "+cond+") AS hits CROSS JOIN "+petitions, args...).
		Where("petitions.id = hits.petition_id")
	for i, w := range words {
		if i != driver {
			tx = hasWord(tx, w)
		} else if utf8.RuneCountInString(w.text) > searchTermRunes {
			tx = confirmWord(tx, w)
		}
	}
	return tx
}

// matchWords keeps the petitions of a list query that contain every word,
// looking each one up in the index: for a list walked in its own order
// when every word is common, so the page is found after a few petitions.
func matchWords(tx *gorm.DB, words []searchWord) *gorm.DB {
	for _, w := range words {
		tx = hasWord(tx, w)
	}
	return tx
}

// hasWord keeps the petitions whose index entries hold w: looked up for
// each petition, or for a one-letter word read once as a set.
func hasWord(tx *gorm.DB, w searchWord) *gorm.DB {
	cond, args := w.cond()
	if w.terms == nil {
		tx = tx.Where("petitions.id IN (SELECT petition_id FROM petition_terms WHERE "+cond+")", args...)
	} else {
		tx = tx.Where("EXISTS (SELECT 1 FROM petition_terms WHERE "+cond+" AND petition_id = petitions.id)", args...)
	}
	if utf8.RuneCountInString(w.text) > searchTermRunes {
		tx = confirmWord(tx, w)
	}
	return tx
}

// confirmWord checks a word longer than the stored terms in the text itself:
// the index found its first letters.
func confirmWord(tx *gorm.DB, w searchWord) *gorm.DB {
	like := "%" + models.EscapeLike(w.text) + "%"
	return tx.Where("(LOWER(title) LIKE ? ESCAPE '\\' OR LOWER(body) LIKE ? ESCAPE '\\')", like, like)
}
