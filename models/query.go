package models

import "strings"

// How every list reads its query: the search text and the paging are kept
// in the same bounds whichever list is asked.

// MaxSearch is the longest search text a list takes, in characters.
const MaxSearch = 100

// SearchText trims a search text and cuts it to MaxSearch characters.
func SearchText(q string) string {
	q = strings.TrimSpace(q)
	if r := []rune(q); len(r) > MaxSearch {
		q = string(r[:MaxSearch])
	}
	return q
}

// ClampPaging keeps a list's paging in bounds: a page before the first is
// the first, and a page size below 1 or above most is def.
func ClampPaging(page, perPage, def, most int) (int, int) {
	if perPage < 1 || perPage > most {
		perPage = def
	}
	return max(page, 1), perPage
}
