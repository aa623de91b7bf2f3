package models

import (
	"slices"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
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

// searchTerms lists the distinct terms of the texts, sorted.
func searchTerms(texts ...string) []string {
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
	terms := searchTerms(title, body)
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

// indexPendingPetitions indexes the petitions written before the index
// existed (the migration lists them in petition_terms_pending), a batch per
// transaction, so an interrupted start resumes where it stopped.
func indexPendingPetitions(db *gorm.DB) error {
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

// searchFrom starts a list query at the petitions that contain every word
// of q, in the title or the body, ignoring case. The rarest word drives (of
// several, the one with the fewest index entries): its petitions are read
// from the index and joined to their rows by key, so a search costs what it
// finds, not the size of the list; each other word must match too.
func searchFrom(db *gorm.DB, q string) *gorm.DB {
	words := searchWords(q)
	if len(words) == 0 {
		return db.Model(&Petition{})
	}
	driver := 0
	if len(words) > 1 {
		driver = rarestWord(db, words)
	}
	cond, args := termCondition(words[driver])
	distinct := "" // a range meets a petition once per term it holds
	if strings.Contains(cond, ">=") {
		distinct = "DISTINCT "
	}
	// CROSS JOIN keeps the order: SQLite reads the hits first, then each one's
	// list columns from the narrow idx_petitions_hits rather than its whole row
	// with the body; PostgreSQL plans by its statistics.
	petitions := "petitions"
	if db.Dialector.Name() == "sqlite" {
		petitions = "petitions INDEXED BY idx_petitions_hits"
	}
	tx := db.Table("(SELECT "+distinct+"petition_id FROM petition_terms WHERE "+cond+") AS hits CROSS JOIN "+petitions, args...).
		Where("petitions.id = hits.petition_id")
	for i, w := range words {
		if i != driver {
			cond, args := termCondition(w)
			tx = tx.Where("petitions.id IN (SELECT petition_id FROM petition_terms WHERE "+cond+")", args...)
		}
		if utf8.RuneCountInString(w) > searchTermRunes {
			// the index found the first letters; LIKE confirms the whole word
			like := "%" + escapeLike(w) + "%"
			tx = tx.Where("(LOWER(title) LIKE ? ESCAPE '\\' OR LOWER(body) LIKE ? ESCAPE '\\')", like, like)
		}
	}
	return tx
}

// rarestWord is the index of the word with the fewest index entries.
func rarestWord(db *gorm.DB, words []string) int {
	rarest, fewest := 0, int64(-1)
	for i, w := range words {
		cond, args := termCondition(w)
		var n int64
		if err := db.Table("petition_terms").Where(cond, args...).Count(&n).Error; err != nil {
			return rarest // the search itself will report the database's error
		}
		if fewest < 0 || n < fewest {
			rarest, fewest = i, n
		}
	}
	return rarest
}

// termCondition selects the terms that begin with word: one term for two
// and four letters or more (four letters are the driver stored), a range
// for one and three.
func termCondition(w string) (string, []any) {
	switch n := utf8.RuneCountInString(w); {
	case n == 2 || n >= searchTermRunes:
		return "term = ?", []any{prefixRunes(w, searchTermRunes)}
	default:
		from, to := termRange(w)
		return "term >= ? AND term < ?", []any{from, to}
	}
}
