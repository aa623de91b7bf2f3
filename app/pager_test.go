package app

import (
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/modeltest"
	"ydp1/models/petitions"
)

func TestPager(t *testing.T) {
	share := url.Values{"share": {"abc"}, "cpage": {"3"}}
	for _, tt := range []struct {
		name                   string
		page                   int
		total                  int64
		numbers                []int
		from, to               int64
		first, prev, next, end string
	}{
		{"first of 36", 1, 357, []int{1, 2, 3, 4, 5}, 1, 10, "", "", "?cpage=2&share=abc#c", "?cpage=36&share=abc#c"},
		{"middle", 11, 357, []int{9, 10, 11, 12, 13}, 101, 110, "?cpage=1&share=abc#c", "?cpage=10&share=abc#c", "?cpage=12&share=abc#c", "?cpage=36&share=abc#c"},
		{"last, partly full", 36, 357, []int{32, 33, 34, 35, 36}, 351, 357, "?cpage=1&share=abc#c", "?cpage=35&share=abc#c", "", ""},
		{"past the last", 99, 357, []int{32, 33, 34, 35, 36}, 351, 357, "?cpage=1&share=abc#c", "?cpage=35&share=abc#c", "", ""},
		{"two pages", 2, 12, []int{1, 2}, 11, 12, "?cpage=1&share=abc#c", "?cpage=1&share=abc#c", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := newPager("공감 한마디 페이지", "개", tt.page, tt.total, 10, share, "cpage", "#c")
			var numbers []int
			for _, n := range p.Numbers {
				numbers = append(numbers, n.N)
				if n.Current != (n.N == p.Page) || n.Href != "?cpage="+strconv.Itoa(n.N)+"&share=abc#c" {
					t.Errorf("link %+v on page %d", n, p.Page)
				}
			}
			if !reflect.DeepEqual(numbers, tt.numbers) || p.From != tt.from || p.To != tt.to {
				t.Errorf("numbers %v, items %d–%d; want %v, %d–%d", numbers, p.From, p.To, tt.numbers, tt.from, tt.to)
			}
			if p.First != tt.first || p.Prev != tt.prev || p.Next != tt.next || p.End != tt.end {
				t.Errorf("처음 %q 이전 %q 다음 %q 마지막 %q", p.First, p.Prev, p.Next, p.End)
			}
		})
	}
	if p := newPager("목록", "건", 1, 10, 10, nil, "page", ""); p != nil {
		t.Errorf("a list that fits one page has a pager: %+v", p)
	}
}

// A petition with many comments shows where the reader is and the way to
// every page, not only the first five.
func TestCommentPagesHaveTheWholeRange(t *testing.T) {
	s := newTestSite(t, models.Settings{Threshold: 1000, PreconsentGoal: 0, PreconsentDays: 7, PetitionDays: 30, AnswerDays: 20})
	now := time.Now().UTC()
	opened, closes := now.Add(-time.Hour), now.AddDate(0, 0, 20)
	author := modeltest.MkUser(t, s.db)
	p := modeltest.InsertPetition(t, s.db, petitions.Petition{AuthorID: author.ID, Title: "문래동 골목 가로등", Category: "도시",
		Body: "문래동 골목길이 밤에 너무 어둡습니다. 가로등을 늘려 주세요.", Status: petitions.StatusOpen, Threshold: 1000,
		OpenedAt: &opened, ClosesAt: &closes, CreatedAt: opened, UpdatedAt: opened})
	for _, u := range modeltest.MkUsers(t, s.db, 75) {
		if _, err := petitions.SupportPetition(s.db, petitions.SupportInput{PetitionID: p.ID, UserID: u.ID, Comment: "가로등이 꼭 필요합니다"}, now); err != nil {
			t.Fatal(err)
		}
	}
	path := "/petitions/" + strconv.Itoa(int(p.ID))
	anon := s.browser()
	anon.get(path).rendered(t, http.StatusOK, "전체 75개 중 1–10", `aria-label="공감 한마디 페이지"`, ">다음</a>", "마지막", "?cpage=8#comments-title").
		lacks(t, ">이전</a>", ">처음</a>")
	anon.get(path+"?cpage=8").rendered(t, http.StatusOK, "전체 75개 중 71–75", ">처음</a>", ">이전</a>", "?cpage=4#comments-title").
		lacks(t, ">다음</a>")
}
