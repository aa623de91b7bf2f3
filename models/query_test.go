package models

import (
	"strings"
	"testing"
)

// Every list keeps its search text and paging in the same bounds.
func TestSearchTextAndPaging(t *testing.T) {
	if got := SearchText("  가로등  "); got != "가로등" {
		t.Errorf("SearchText trims to %q", got)
	}
	long := strings.Repeat("가", MaxSearch+5)
	if got := SearchText(long); got != strings.Repeat("가", MaxSearch) {
		t.Errorf("SearchText of %d characters keeps %d", MaxSearch+5, len([]rune(got)))
	}
	for _, c := range []struct{ page, perPage, wantPage, wantPer int }{
		{0, 0, 1, 20}, {-3, 5, 1, 5}, {4, 100, 4, 100}, {2, 101, 2, 20}, {1, -1, 1, 20},
	} {
		if p, n := ClampPaging(c.page, c.perPage, 20, 100); p != c.wantPage || n != c.wantPer {
			t.Errorf("ClampPaging(%d, %d) = %d, %d; want %d, %d", c.page, c.perPage, p, n, c.wantPage, c.wantPer)
		}
	}
}
