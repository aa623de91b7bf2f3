package app

import (
	"net/url"
	"strconv"
)

// pagerWindow is how many page numbers a pager lists around the current one.
const pagerWindow = 5

// pageNav is the page navigation under a long list: 처음, 이전, the numbers
// around the current page, 다음, 마지막, and which items the page shows
// ("전체 357개 중 11–20"). Every paginated list renders it with the "pager"
// partial (views/partials/pager.html).
type pageNav struct {
	Label       string // the navigation's name for screen readers
	Unit        string // 건, 개, 명
	Page, Last  int
	Total       int64
	From, To    int64
	Numbers     []pageLink
	First, Prev string // addresses; "" on the first page
	Next, End   string // addresses; "" on the last page
}

type pageLink struct {
	N       int
	Href    string
	Current bool
}

// newPager builds the pager of a list; key is the query parameter of the
// page ("page", or "cpage" for comments), params the rest of the query to
// keep, fragment where the page opens ("" for its top). It is nil when the
// list fits on one page.
func newPager(label, unit string, page int, total int64, perPage int, params url.Values, key, fragment string) *pageNav {
	if perPage <= 0 || total <= int64(perPage) {
		return nil
	}
	last := int((total + int64(perPage) - 1) / int64(perPage))
	page = min(max(page, 1), last)
	href := func(n int) string {
		q := url.Values{}
		for k, vs := range params {
			if k != key {
				q[k] = vs
			}
		}
		q.Set(key, strconv.Itoa(n))
		return "?" + q.Encode() + fragment
	}
	p := &pageNav{Label: label, Unit: unit, Page: page, Last: last, Total: total,
		From: int64(page-1)*int64(perPage) + 1, To: min(int64(page)*int64(perPage), total)}
	from := max(1, min(page-pagerWindow/2, last-pagerWindow+1))
	for n := from; n <= min(last, from+pagerWindow-1); n++ {
		p.Numbers = append(p.Numbers, pageLink{N: n, Href: href(n), Current: n == page})
	}
	if page > 1 {
		p.First, p.Prev = href(1), href(page-1)
	}
	if page < last {
		p.Next, p.End = href(page+1), href(last)
	}
	return p
}
