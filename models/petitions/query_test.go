package petitions_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
	"ydp1/models/modeltest"
	"ydp1/models/petitions"
)

// listFixture is a public list of six petitions (a–f) and four that must never show.
type listFixture struct {
	a, b, c, d, e, f *petitions.Petition
	private          []*petitions.Petition
}

func newListFixture(t *testing.T, db *gorm.DB) listFixture {
	at := func(days float64) *time.Time {
		return modeltest.TimePtr(modeltest.T0.Add(time.Duration(days * float64(modeltest.Day))))
	}
	cat := models.Categories
	var fx listFixture
	fx.a = modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusOpen, Category: cat[0], Title: "불법주차 단속을 강화해 주세요",
		OpenedAt: at(-3), ClosesAt: at(27), SupportCount: 50})
	fx.b = modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusOpen, Category: cat[1], Title: "문래동 빈터 활용",
		Body: "문래동 빈터에 작은 공원을 만들어 주민 쉼터로 써 주세요.", OpenedAt: at(-1), ClosesAt: at(29), SupportCount: 500})
	fx.c = modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusAwaitingAnswer, Category: cat[0], Title: "신길동 어린이 보호구역 확대",
		OpenedAt: at(-10), ClosesAt: at(20), ThresholdAt: at(-2), AnswerDueAt: at(18), SupportCount: 1200})
	fx.d = modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusAnswered, Category: cat[2], Title: "경로당 냉방비 지원",
		Body: "여름마다 경로당이 무더위쉼터 역할을 하지만 냉방비가 모자랍니다.", OpenedAt: at(-40), ClosesAt: at(-10), SupportCount: 1500})
	fx.e = modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusExpired, Category: cat[0], Title: "음식물 쓰레기 100% 재활용",
		OpenedAt: at(-60), ClosesAt: at(-30), SupportCount: 10})
	fx.f = modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusOpen, Category: cat[0], Title: "주차_공간 확보",
		OpenedAt: at(-31), ClosesAt: modeltest.TimePtr(modeltest.T0.Add(-time.Hour)), SupportCount: 5})
	for _, st := range []petitions.Status{petitions.StatusHidden, petitions.StatusReview, petitions.StatusPreconsent, petitions.StatusLapsed} {
		fx.private = append(fx.private, modeltest.InsertPetition(t, db, petitions.Petition{Status: st, HiddenFrom: petitions.StatusOpen, Category: cat[0],
			Title: "주차 문제 " + string(st), OpenedAt: at(-2), ClosesAt: at(28), SupportCount: 3000,
			PreconsentEndsAt: *at(-1)}))
	}
	return fx
}

func (fx listFixture) names(ps []petitions.Petition) []string {
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
	db := modeltest.NewDB(t)
	fx := newListFixture(t, db)
	tests := []struct {
		name string
		q    petitions.Query
		want []string // in order
	}{
		{"everything public, latest first", petitions.Query{}, []string{"b", "a", "c", "f", "d", "e"}},
		{"진행중 leaves out the one whose period just ended", petitions.Query{Status: petitions.StatusOpen}, []string{"b", "a"}},
		{"기간만료 includes the one not yet swept", petitions.Query{Status: petitions.StatusExpired}, []string{"f", "e"}},
		{"답변대기", petitions.Query{Status: petitions.StatusAwaitingAnswer}, []string{"c"}},
		{"답변완료", petitions.Query{Status: petitions.StatusAnswered}, []string{"d"}},
		{"asking for 비공개 lists the public ones", petitions.Query{Status: petitions.StatusHidden}, []string{"b", "a", "c", "f", "d", "e"}},
		{"asking for 사전동의 lists the public ones", petitions.Query{Status: petitions.StatusPreconsent}, []string{"b", "a", "c", "f", "d", "e"}},
		{"asking for 검토중 lists the public ones", petitions.Query{Status: petitions.StatusReview}, []string{"b", "a", "c", "f", "d", "e"}},
		{"asking for 미성립 lists the public ones", petitions.Query{Status: petitions.StatusLapsed}, []string{"b", "a", "c", "f", "d", "e"}},
		{"a category", petitions.Query{Category: models.Categories[0]}, []string{"a", "c", "f", "e"}},
		{"a category and a state", petitions.Query{Category: models.Categories[0], Status: petitions.StatusExpired}, []string{"f", "e"}},
		{"an unknown category is ignored", petitions.Query{Category: "없는 분야"}, []string{"b", "a", "c", "f", "d", "e"}},
		{"a Korean word inside a title", petitions.Query{Q: "주차"}, []string{"a", "f"}},
		{"part of a word", petitions.Query{Q: "보호구"}, []string{"c"}},
		{"a word in the body only", petitions.Query{Q: "무더위쉼터"}, []string{"d"}},
		{"every word must match", petitions.Query{Q: "주차  단속"}, []string{"a"}},
		{"words match title or body each", petitions.Query{Q: "문래동 공원"}, []string{"b"}},
		{"% is a letter, not a wildcard", petitions.Query{Q: "%"}, []string{"e"}},
		{"_ is a letter, not a wildcard", petitions.Query{Q: "_"}, []string{"f"}},
		{"a backslash matches nothing here", petitions.Query{Q: `\`}, []string{}},
		{"100%", petitions.Query{Q: "100%"}, []string{"e"}},
		{"no match", petitions.Query{Q: "지하철"}, []string{}},
		{"blank search", petitions.Query{Q: "   "}, []string{"b", "a", "c", "f", "d", "e"}},
		{"search and state", petitions.Query{Q: "주차", Status: petitions.StatusOpen}, []string{"a"}},
		{"most supported first", petitions.Query{Sort: petitions.SortSupport}, []string{"d", "c", "b", "a", "e", "f"}},
		{"closing soon: running ones nearest first, then the rest latest closed first",
			petitions.Query{Sort: petitions.SortClosing}, []string{"a", "b", "c", "f", "d", "e"}},
		{"closing soon within 진행중", petitions.Query{Sort: petitions.SortClosing, Status: petitions.StatusOpen}, []string{"a", "b"}},
		{"an unknown sort is latest", petitions.Query{Sort: "random"}, []string{"b", "a", "c", "f", "d", "e"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, total, err := petitions.ListPetitions(db, tt.q, modeltest.T0)
			modeltest.WantErr(t, err, nil)
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
	db := modeltest.NewDB(t)
	fx := newListFixture(t, db)
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	modeltest.WantErr(t, db.Model(&petitions.Petition{}).Where("id = ?", fx.c.ID).Update("status", petitions.StatusAwaitingAnswer).Error, nil)
	modeltest.WantErr(t, petitions.AnswerPetition(db, fx.c.ID, staff.ID, petitions.AnswerInput{Body: "답변", VideoURL: "https://youtu.be/dQw4w9WgXcQ"}, modeltest.T0), nil)
	ps, _, err := petitions.ListPetitions(db, petitions.Query{}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	for _, p := range ps {
		switch p.ID {
		case fx.f.ID:
			if p.Status != petitions.StatusExpired {
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
	db := modeltest.NewDB(t)
	author := modeltest.MkUser(t, db)
	var all []uint
	for i := 0; i < 25; i++ {
		p := modeltest.InsertPetition(t, db, petitions.Petition{AuthorID: author.ID, Status: petitions.StatusOpen,
			OpenedAt: modeltest.TimePtr(modeltest.T0.Add(-time.Duration(i) * time.Hour)), ClosesAt: modeltest.TimePtr(modeltest.T0.Add(29 * modeltest.Day))})
		all = append(all, p.ID) // latest first
	}
	var seen []uint
	for page, want := range map[int]int{1: 10, 2: 10, 3: 5, 4: 0} {
		ps, total, err := petitions.ListPetitions(db, petitions.Query{Page: page, PerPage: 10}, modeltest.T0)
		modeltest.WantErr(t, err, nil)
		if total != 25 || len(ps) != want {
			t.Errorf("page %d: %d petitions of %d, want %d of 25", page, len(ps), total, want)
		}
		if want > 0 && !reflect.DeepEqual(modeltest.PetitionIDs(ps), all[(page-1)*10:(page-1)*10+want]) {
			t.Errorf("page %d = %v", page, modeltest.PetitionIDs(ps))
		}
		seen = append(seen, modeltest.PetitionIDs(ps)...)
	}
	if !sameIDs(seen, all) {
		t.Errorf("the pages together hold %d petitions, want each of the 25 once", len(seen))
	}
	for _, q := range []petitions.Query{{PerPage: 0}, {PerPage: 101}, {PerPage: -5, Page: -1}} {
		ps, _, err := petitions.ListPetitions(db, q, modeltest.T0)
		modeltest.WantErr(t, err, nil)
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
	q := petitions.Query{Status: petitions.StatusHidden, Category: "없음", Q: "  " + long + "  ", Sort: "x", Page: 0, PerPage: 500}
	q.Normalize()
	want := petitions.Query{Status: "", Category: "", Q: long[:len("가")*100], Sort: petitions.SortLatest, Page: 1, PerPage: 20}
	if q != want {
		t.Errorf("normalized = %+v, want %+v", q, want)
	}
	q = petitions.Query{Status: petitions.StatusExpired, Category: "도시", Q: "공원", Sort: petitions.SortClosing, Page: 3, PerPage: 50}
	keep := q
	q.Normalize()
	if q != keep {
		t.Errorf("a valid query changed: %+v", q)
	}
}

func TestPetitionsOfOneResident(t *testing.T) {
	db := modeltest.NewDB(t)
	modeltest.UseSettings(t, db, modeltest.Rules(1, 1000))
	author := modeltest.MkUser(t, db)
	first, err := petitions.FilePetition(db, author.ID, modeltest.PetitionInput("첫 청원입니다"), modeltest.T0)
	modeltest.WantErr(t, err, nil)
	second, err := petitions.FilePetition(db, author.ID, modeltest.PetitionInput("둘째 청원입니다"), modeltest.T0.Add(time.Hour))
	modeltest.WantErr(t, err, nil)
	modeltest.WantErr(t, petitions.Hide(db, second.ID, 0, "중복", "", modeltest.T0.Add(2*time.Hour)), nil)
	mine, err := petitions.PetitionsBy(db, author.ID, modeltest.T0.Add(8*modeltest.Day))
	modeltest.WantErr(t, err, nil)
	if !reflect.DeepEqual(modeltest.PetitionIDs(mine), []uint{second.ID, first.ID}) {
		t.Errorf("PetitionsBy = %v, want the hidden and the 사전동의 one, newest first", modeltest.PetitionIDs(mine))
	}
	if mine[1].Status != petitions.StatusLapsed || mine[0].Status != petitions.StatusHidden {
		t.Errorf("states = %q, %q; want hidden, lapsed", mine[0].Status, mine[1].Status)
	}

	fan := modeltest.MkUser(t, db)
	p1 := modeltest.MkOpen(t, db, 1000, modeltest.T0)
	p2 := modeltest.MkOpen(t, db, 1000, modeltest.T0)
	modeltest.MustSupport(t, db, p2, fan, modeltest.T0.Add(time.Hour))
	modeltest.MustSupport(t, db, p1, fan, modeltest.T0.Add(2*time.Hour))
	modeltest.MustSupport(t, db, p1, modeltest.MkUser(t, db), modeltest.T0.Add(3*time.Hour))
	supported, err := petitions.PetitionsSupportedBy(db, fan.ID, modeltest.T0.Add(40*modeltest.Day))
	modeltest.WantErr(t, err, nil)
	if !reflect.DeepEqual(modeltest.PetitionIDs(supported), []uint{p1.ID, p2.ID}) {
		t.Errorf("PetitionsSupportedBy = %v, want [%d %d], latest support first", modeltest.PetitionIDs(supported), p1.ID, p2.ID)
	}
	if supported[0].Status != petitions.StatusExpired || supported[0].SupportCount != 2 || supported[0].Title == "" {
		t.Errorf("supported petition = %+v", supported[0])
	}
}

func TestPublicStats(t *testing.T) {
	db := modeltest.NewDB(t)
	newListFixture(t, db)
	s, err := petitions.PublicStats(db, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	// a and b are open; f's period ended. Supports of hidden and unpublished petitions do not count.
	want := petitions.Stats{Open: 2, Answered: 1, Supports: 50 + 500 + 1200 + 1500 + 10 + 5}
	if s != want {
		t.Errorf("stats = %+v, want %+v", s, want)
	}
}

func TestPetitionsInStaffOrder(t *testing.T) {
	db := modeltest.NewDB(t)
	r2 := modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusReview, ReviewAt: modeltest.TimePtr(modeltest.T0.Add(-time.Hour))})
	r1 := modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusReview, ReviewAt: modeltest.TimePtr(modeltest.T0.Add(-2 * time.Hour))})
	w2 := modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusAwaitingAnswer, AnswerDueAt: modeltest.TimePtr(modeltest.T0.Add(5 * modeltest.Day))})
	w1 := modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusAwaitingAnswer, AnswerDueAt: modeltest.TimePtr(modeltest.T0.Add(2 * modeltest.Day))})
	for _, c := range []struct {
		s     petitions.Status
		limit int
		want  []uint
	}{
		{petitions.StatusReview, 10, []uint{r1.ID, r2.ID}},
		{petitions.StatusReview, 1, []uint{r1.ID}},
		{petitions.StatusAwaitingAnswer, 10, []uint{w1.ID, w2.ID}},
	} {
		ps, err := petitions.PetitionsIn(db, c.s, modeltest.T0, c.limit)
		modeltest.WantErr(t, err, nil)
		if !reflect.DeepEqual(modeltest.PetitionIDs(ps), c.want) {
			t.Errorf("PetitionsIn(%s, %d) = %v, want %v (oldest waiting first)", c.s, c.limit, modeltest.PetitionIDs(ps), c.want)
		}
	}
}
