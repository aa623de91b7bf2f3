package models

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"gorm.io/gorm"
)

// listFixture is a public list of six petitions (a–f) and four that must never show.
type listFixture struct {
	a, b, c, d, e, f *Petition
	private          []*Petition
}

func newListFixture(t *testing.T, db *gorm.DB) listFixture {
	at := func(days float64) *time.Time { return timePtr(t0.Add(time.Duration(days * float64(day)))) }
	cat := Categories
	var fx listFixture
	fx.a = insertPetition(t, db, Petition{Status: StatusOpen, Category: cat[0], Title: "불법주차 단속을 강화해 주세요",
		OpenedAt: at(-3), ClosesAt: at(27), SupportCount: 50})
	fx.b = insertPetition(t, db, Petition{Status: StatusOpen, Category: cat[1], Title: "문래동 빈터 활용",
		Body: "문래동 빈터에 작은 공원을 만들어 주민 쉼터로 써 주세요.", OpenedAt: at(-1), ClosesAt: at(29), SupportCount: 500})
	fx.c = insertPetition(t, db, Petition{Status: StatusAwaitingAnswer, Category: cat[0], Title: "신길동 어린이 보호구역 확대",
		OpenedAt: at(-10), ClosesAt: at(20), ThresholdAt: at(-2), AnswerDueAt: at(18), SupportCount: 1200})
	fx.d = insertPetition(t, db, Petition{Status: StatusAnswered, Category: cat[2], Title: "경로당 냉방비 지원",
		Body: "여름마다 경로당이 무더위쉼터 역할을 하지만 냉방비가 모자랍니다.", OpenedAt: at(-40), ClosesAt: at(-10), SupportCount: 1500})
	fx.e = insertPetition(t, db, Petition{Status: StatusExpired, Category: cat[0], Title: "음식물 쓰레기 100% 재활용",
		OpenedAt: at(-60), ClosesAt: at(-30), SupportCount: 10})
	fx.f = insertPetition(t, db, Petition{Status: StatusOpen, Category: cat[0], Title: "주차_공간 확보",
		OpenedAt: at(-31), ClosesAt: timePtr(t0.Add(-time.Hour)), SupportCount: 5})
	for _, st := range []Status{StatusHidden, StatusReview, StatusPreconsent, StatusLapsed} {
		fx.private = append(fx.private, insertPetition(t, db, Petition{Status: st, HiddenFrom: StatusOpen, Category: cat[0],
			Title: "주차 문제 " + string(st), OpenedAt: at(-2), ClosesAt: at(28), SupportCount: 3000,
			PreconsentEndsAt: *at(-1)}))
	}
	return fx
}

func (fx listFixture) names(ps []Petition) []string {
	byID := map[uint]string{fx.a.ID: "a", fx.b.ID: "b", fx.c.ID: "c", fx.d.ID: "d", fx.e.ID: "e", fx.f.ID: "f"}
	out := []string{}
	for _, p := range ps {
		name, ok := byID[p.ID]
		if !ok {
			name = fmt.Sprintf("private#%d(%s)", p.ID, p.Status)
		}
		out = append(out, name)
	}
	return out
}

func TestListPetitions(t *testing.T) {
	db := newTestDB(t)
	fx := newListFixture(t, db)
	tests := []struct {
		name string
		q    PetitionQuery
		want []string // in order
	}{
		{"everything public, latest first", PetitionQuery{}, []string{"b", "a", "c", "f", "d", "e"}},
		{"진행중 leaves out the one whose period just ended", PetitionQuery{Status: StatusOpen}, []string{"b", "a"}},
		{"기간만료 includes the one not yet swept", PetitionQuery{Status: StatusExpired}, []string{"f", "e"}},
		{"답변대기", PetitionQuery{Status: StatusAwaitingAnswer}, []string{"c"}},
		{"답변완료", PetitionQuery{Status: StatusAnswered}, []string{"d"}},
		{"asking for 비공개 lists the public ones", PetitionQuery{Status: StatusHidden}, []string{"b", "a", "c", "f", "d", "e"}},
		{"asking for 사전동의 lists the public ones", PetitionQuery{Status: StatusPreconsent}, []string{"b", "a", "c", "f", "d", "e"}},
		{"asking for 검토중 lists the public ones", PetitionQuery{Status: StatusReview}, []string{"b", "a", "c", "f", "d", "e"}},
		{"asking for 미성립 lists the public ones", PetitionQuery{Status: StatusLapsed}, []string{"b", "a", "c", "f", "d", "e"}},
		{"a category", PetitionQuery{Category: Categories[0]}, []string{"a", "c", "f", "e"}},
		{"a category and a state", PetitionQuery{Category: Categories[0], Status: StatusExpired}, []string{"f", "e"}},
		{"an unknown category is ignored", PetitionQuery{Category: "없는 분야"}, []string{"b", "a", "c", "f", "d", "e"}},
		{"a Korean word inside a title", PetitionQuery{Q: "주차"}, []string{"a", "f"}},
		{"part of a word", PetitionQuery{Q: "보호구"}, []string{"c"}},
		{"a word in the body only", PetitionQuery{Q: "무더위쉼터"}, []string{"d"}},
		{"every word must match", PetitionQuery{Q: "주차  단속"}, []string{"a"}},
		{"words match title or body each", PetitionQuery{Q: "문래동 공원"}, []string{"b"}},
		{"% is a letter, not a wildcard", PetitionQuery{Q: "%"}, []string{"e"}},
		{"_ is a letter, not a wildcard", PetitionQuery{Q: "_"}, []string{"f"}},
		{"a backslash matches nothing here", PetitionQuery{Q: `\`}, []string{}},
		{"100%", PetitionQuery{Q: "100%"}, []string{"e"}},
		{"no match", PetitionQuery{Q: "지하철"}, []string{}},
		{"blank search", PetitionQuery{Q: "   "}, []string{"b", "a", "c", "f", "d", "e"}},
		{"search and state", PetitionQuery{Q: "주차", Status: StatusOpen}, []string{"a"}},
		{"most supported first", PetitionQuery{Sort: SortSupport}, []string{"d", "c", "b", "a", "e", "f"}},
		{"closing soon: running ones nearest first, then the rest latest closed first",
			PetitionQuery{Sort: SortClosing}, []string{"a", "b", "c", "f", "d", "e"}},
		{"closing soon within 진행중", PetitionQuery{Sort: SortClosing, Status: StatusOpen}, []string{"a", "b"}},
		{"an unknown sort is latest", PetitionQuery{Sort: "random"}, []string{"b", "a", "c", "f", "d", "e"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, total, err := ListPetitions(db, tt.q, t0)
			wantErr(t, err, nil)
			if got := fx.names(ps); !reflect.DeepEqual(got, tt.want) || total != int64(len(tt.want)) {
				t.Errorf("listed %v (total %d), want %v", got, total, tt.want)
			}
			for _, p := range ps {
				if !p.Status.IsPublic() {
					t.Errorf("listed petition %d in state %q", p.ID, p.Status)
				}
			}
		})
	}
}

func TestListPetitionsResolvesStateAndLoadsAnswers(t *testing.T) {
	db := newTestDB(t)
	fx := newListFixture(t, db)
	staff := mkUser(t, db, asStaff)
	wantErr(t, db.Model(&Petition{}).Where("id = ?", fx.c.ID).Update("status", StatusAwaitingAnswer).Error, nil)
	wantErr(t, AnswerPetition(db, fx.c.ID, staff.ID, AnswerInput{Body: "답변", VideoURL: "https://youtu.be/dQw4w9WgXcQ"}, t0), nil)
	ps, _, err := ListPetitions(db, PetitionQuery{}, t0)
	wantErr(t, err, nil)
	for _, p := range ps {
		switch p.ID {
		case fx.f.ID:
			if p.Status != StatusExpired {
				t.Errorf("the petition past its period shows as %q", p.Status)
			}
		case fx.c.ID:
			if p.Answer == nil || p.Answer.EmbedURL() == "" {
				t.Errorf("the answered petition has no answer loaded")
			}
		}
	}
}

func TestListPetitionsPaging(t *testing.T) {
	db := newTestDB(t)
	author := mkUser(t, db)
	var all []uint
	for i := 0; i < 25; i++ {
		p := insertPetition(t, db, Petition{AuthorID: author.ID, Status: StatusOpen,
			OpenedAt: timePtr(t0.Add(-time.Duration(i) * time.Hour)), ClosesAt: timePtr(t0.Add(29 * day))})
		all = append(all, p.ID) // latest first
	}
	var seen []uint
	for page, want := range map[int]int{1: 10, 2: 10, 3: 5, 4: 0} {
		ps, total, err := ListPetitions(db, PetitionQuery{Page: page, PerPage: 10}, t0)
		wantErr(t, err, nil)
		if total != 25 || len(ps) != want {
			t.Errorf("page %d: %d petitions of %d, want %d of 25", page, len(ps), total, want)
		}
		if want > 0 && !reflect.DeepEqual(petitionIDs(ps), all[(page-1)*10:(page-1)*10+want]) {
			t.Errorf("page %d = %v", page, petitionIDs(ps))
		}
		seen = append(seen, petitionIDs(ps)...)
	}
	if !sameIDs(seen, all) {
		t.Errorf("the pages together hold %d petitions, want each of the 25 once", len(seen))
	}
	for _, q := range []PetitionQuery{{PerPage: 0}, {PerPage: 101}, {PerPage: -5, Page: -1}} {
		ps, _, err := ListPetitions(db, q, t0)
		wantErr(t, err, nil)
		if len(ps) != 20 || ps[0].ID != all[0] {
			t.Errorf("%+v: %d petitions from %d, want the first 20", q, len(ps), ps[0].ID)
		}
	}
}

func TestPetitionQueryNormalize(t *testing.T) {
	long := ""
	for i := 0; i < 120; i++ {
		long += "가"
	}
	q := PetitionQuery{Status: StatusHidden, Category: "없음", Q: "  " + long + "  ", Sort: "x", Page: 0, PerPage: 500}
	q.Normalize()
	want := PetitionQuery{Status: "", Category: "", Q: long[:len("가")*100], Sort: SortLatest, Page: 1, PerPage: 20}
	if q != want {
		t.Errorf("normalized = %+v, want %+v", q, want)
	}
	q = PetitionQuery{Status: StatusExpired, Category: "도시", Q: "공원", Sort: SortClosing, Page: 3, PerPage: 50}
	keep := q
	q.Normalize()
	if q != keep {
		t.Errorf("a valid query changed: %+v", q)
	}
}

func TestPetitionsOfOneResident(t *testing.T) {
	db := newTestDB(t)
	useSettings(t, db, rules(1, 1000))
	author := mkUser(t, db)
	first, err := FilePetition(db, author.ID, petitionInput("첫 청원입니다"), t0)
	wantErr(t, err, nil)
	second, err := FilePetition(db, author.ID, petitionInput("둘째 청원입니다"), t0.Add(time.Hour))
	wantErr(t, err, nil)
	wantErr(t, Hide(db, second.ID, 0, "중복", "", t0.Add(2*time.Hour)), nil)
	mine, err := PetitionsBy(db, author.ID, t0.Add(8*day))
	wantErr(t, err, nil)
	if !reflect.DeepEqual(petitionIDs(mine), []uint{second.ID, first.ID}) {
		t.Errorf("PetitionsBy = %v, want the hidden and the 사전동의 one, newest first", petitionIDs(mine))
	}
	if mine[1].Status != StatusLapsed || mine[0].Status != StatusHidden {
		t.Errorf("states = %q, %q; want hidden, lapsed", mine[0].Status, mine[1].Status)
	}

	fan := mkUser(t, db)
	p1 := mkOpen(t, db, 1000, t0)
	p2 := mkOpen(t, db, 1000, t0)
	mustSupport(t, db, p2, fan, t0.Add(time.Hour))
	mustSupport(t, db, p1, fan, t0.Add(2*time.Hour))
	mustSupport(t, db, p1, mkUser(t, db), t0.Add(3*time.Hour))
	supported, err := PetitionsSupportedBy(db, fan.ID, t0.Add(40*day))
	wantErr(t, err, nil)
	if !reflect.DeepEqual(petitionIDs(supported), []uint{p1.ID, p2.ID}) {
		t.Errorf("PetitionsSupportedBy = %v, want [%d %d], latest support first", petitionIDs(supported), p1.ID, p2.ID)
	}
	if supported[0].Status != StatusExpired || supported[0].SupportCount != 2 || supported[0].Title == "" {
		t.Errorf("supported petition = %+v", supported[0])
	}
}

func TestPublicStats(t *testing.T) {
	db := newTestDB(t)
	newListFixture(t, db)
	s, err := PublicStats(db, t0)
	wantErr(t, err, nil)
	// a and b are open; f's period ended. Supports of hidden and unpublished petitions do not count.
	want := Stats{Open: 2, Answered: 1, Supports: 50 + 500 + 1200 + 1500 + 10 + 5}
	if s != want {
		t.Errorf("stats = %+v, want %+v", s, want)
	}
}

func TestPetitionsInStaffOrder(t *testing.T) {
	db := newTestDB(t)
	r2 := insertPetition(t, db, Petition{Status: StatusReview, ReviewAt: timePtr(t0.Add(-time.Hour))})
	r1 := insertPetition(t, db, Petition{Status: StatusReview, ReviewAt: timePtr(t0.Add(-2 * time.Hour))})
	w2 := insertPetition(t, db, Petition{Status: StatusAwaitingAnswer, AnswerDueAt: timePtr(t0.Add(5 * day))})
	w1 := insertPetition(t, db, Petition{Status: StatusAwaitingAnswer, AnswerDueAt: timePtr(t0.Add(2 * day))})
	for _, c := range []struct {
		s     Status
		limit int
		want  []uint
	}{
		{StatusReview, 10, []uint{r1.ID, r2.ID}},
		{StatusReview, 1, []uint{r1.ID}},
		{StatusAwaitingAnswer, 10, []uint{w1.ID, w2.ID}},
	} {
		ps, err := PetitionsIn(db, c.s, t0, c.limit)
		wantErr(t, err, nil)
		if !reflect.DeepEqual(petitionIDs(ps), c.want) {
			t.Errorf("PetitionsIn(%s, %d) = %v, want %v (oldest waiting first)", c.s, c.limit, petitionIDs(ps), c.want)
		}
	}
}
