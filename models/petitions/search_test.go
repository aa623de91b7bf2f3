package petitions_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"ydp1/internal/demo"
	"ydp1/models"
	"ydp1/models/modeltest"
	"ydp1/models/petitions"
)

func TestSearchTerms(t *testing.T) {
	got := petitions.SearchTerms("불법주차 단속", "CCTV를")
	for _, want := range []string{"불법", "불법주차", "법주", "법주차", "주차", "차", "단속", "속", "cc", "cctv", "ct", "ctv를", "tv", "tv를", "v를", "를"} {
		if !slices.Contains(got, want) {
			t.Errorf("terms of %q lack %q: %q", "불법주차 단속 CCTV를", want, got)
		}
	}
	if slices.Contains(got, "주차 단") || slices.Contains(got, "CCTV") {
		t.Errorf("terms cross words or keep capitals: %q", got)
	}
	if !slices.IsSorted(got) {
		t.Errorf("terms are not sorted: %q", got)
	}
	for _, c := range []struct{ prefix, from, to string }{{"주차", "주차", "주착"}, {"a", "a", "b"}, {"어린이집", "어린이집", "어린이짒"}} {
		if from, to := petitions.TermRange(c.prefix); from != c.from || to != c.to {
			t.Errorf("termRange(%q) = %q, %q; want %q, %q", c.prefix, from, to, c.from, c.to)
		}
	}
}

// The index must find exactly what a scan of every title and body with LIKE
// finds, for words of every length the index treats differently.
func TestSearchFindsWhatLikeFinds(t *testing.T) {
	db := modeltest.NewDB(t)
	now := time.Now().UTC()
	if _, err := demo.SeedLarge(db, 400, 5000, now); err != nil {
		t.Fatal(err)
	}
	modeltest.InsertPetition(t, db, petitions.Petition{Title: "CCTV 설치", Body: "골목에 cctv와 가로등을 함께 설치해 주세요. 100% 찬성합니다_정말로.", OpenedAt: &now, ClosesAt: modeltest.TimePtr(now.Add(modeltest.Day))})
	for _, q := range []string{"주차", "어린이집", "공영주차장", "주차장을", "차", "공원 화장실", "버스 노선", "cctv", "CCTV", "100%", "_정말", "없는말", "주차 없는말", "10년째", "요청합니다"} {
		items, total, err := petitions.ListPetitions(db, petitions.Query{Q: q, PerPage: 100}, now)
		if err != nil {
			t.Fatal(err)
		}
		like := db.Model(&petitions.Petition{}).Where("status IN ?", petitions.PublicStatuses)
		for _, w := range strings.Fields(strings.ToLower(q)) {
			p := "%" + models.EscapeLike(w) + "%"
			like = like.Where("(LOWER(title) LIKE ? ESCAPE '\\' OR LOWER(body) LIKE ? ESCAPE '\\')", p, p)
		}
		var want int64
		if err := like.Count(&want).Error; err != nil {
			t.Fatal(err)
		}
		if total != want || int64(len(items)) != min(want, 100) {
			t.Errorf("search %q: %d found, %d listed; LIKE finds %d", q, total, len(items), want)
		}
		if q == "주차" && want < 20 {
			t.Errorf("generated petitions rarely mention 주차 (%d of 400)", want)
		}
	}
}

func TestSearchPagesAndSorts(t *testing.T) {
	db := modeltest.NewDB(t)
	now := time.Now().UTC()
	for i := range 25 {
		opened := now.Add(-time.Duration(i) * time.Hour)
		modeltest.InsertPetition(t, db, petitions.Petition{Title: "공영주차장 확충 " + models.FormatNumber(i), SupportCount: i, OpenedAt: &opened, ClosesAt: modeltest.TimePtr(opened.Add(30 * modeltest.Day))})
	}
	modeltest.InsertPetition(t, db, petitions.Petition{Title: "공원 정비", OpenedAt: &now, ClosesAt: modeltest.TimePtr(now.Add(modeltest.Day))})
	first, total, err := petitions.ListPetitions(db, petitions.Query{Q: "주차장"}, now)
	if err != nil || total != 25 || len(first) != 20 || first[0].Title != "공영주차장 확충 0" {
		t.Fatalf("first page: %d items of %d (%v), first %q", len(first), total, err, first[0].Title)
	}
	second, total, _ := petitions.ListPetitions(db, petitions.Query{Q: "주차장", Page: 2}, now)
	if total != 25 || len(second) != 5 || second[4].Title != "공영주차장 확충 24" {
		t.Errorf("second page: %d items of %d", len(second), total)
	}
	past, total, _ := petitions.ListPetitions(db, petitions.Query{Q: "주차장", Page: 9}, now)
	if total != 25 || len(past) != 0 {
		t.Errorf("past the last page: %d items, total %d; want none of 25", len(past), total)
	}
	bySupport, _, _ := petitions.ListPetitions(db, petitions.Query{Q: "주차장", Sort: petitions.SortSupport}, now)
	if bySupport[0].SupportCount != 24 {
		t.Errorf("공감순 starts with %d supports", bySupport[0].SupportCount)
	}
}

// Petitions written before the index existed are indexed when the database opens.
func TestSearchBackfill(t *testing.T) {
	db := modeltest.NewDB(t)
	now := time.Now().UTC()
	modeltest.UnindexedPetition(t, db, "어린이집 통학로", now)
	if _, n, _ := petitions.ListPetitions(db, petitions.Query{Q: "어린이집"}, now); n != 0 {
		t.Fatalf("found %d before the backfill", n)
	}
	if err := petitions.IndexPending(db); err != nil {
		t.Fatal(err)
	}
	if _, n, _ := petitions.ListPetitions(db, petitions.Query{Q: "어린이집"}, now); n != 1 {
		t.Errorf("found %d after the backfill, want 1", n)
	}
}

// 마감임박 is read in two walks (running, then closed); pages must join them seamlessly.
func TestClosingPagesJoinRunningAndClosed(t *testing.T) {
	db := modeltest.NewDB(t)
	now := time.Now().UTC()
	for i := range 7 {
		opened := now.Add(-time.Duration(40-i) * modeltest.Day)
		closes := opened.Add(time.Duration(30+3*i) * modeltest.Day) // from the fourth on, still running
		st := petitions.StatusExpired
		if closes.After(now) {
			st = petitions.StatusOpen
		}
		modeltest.InsertPetition(t, db, petitions.Petition{Title: "청원 " + models.FormatNumber(i), Status: st, OpenedAt: &opened, ClosesAt: &closes})
	}
	all, total, err := petitions.ListPetitions(db, petitions.Query{Sort: petitions.SortClosing}, now)
	if err != nil || total != 7 || len(all) != 7 {
		t.Fatalf("one page: %d of %d (%v)", len(all), total, err)
	}
	if all[0].Title != "청원 3" || all[3].Title != "청원 6" || all[4].Title != "청원 2" || all[6].Title != "청원 0" {
		t.Errorf("order: %q %q %q", all[0].Title, all[3].Title, all[6].Title)
	}
	var paged []petitions.Petition
	for page := 1; page <= 4; page++ {
		ps, total, err := petitions.ListPetitions(db, petitions.Query{Sort: petitions.SortClosing, Page: page, PerPage: 2}, now)
		if err != nil || total != 7 {
			t.Fatalf("page %d: total %d (%v)", page, total, err)
		}
		paged = append(paged, ps...)
	}
	for i := range all {
		if i >= len(paged) || paged[i].ID != all[i].ID {
			t.Fatalf("pages of two differ from one page at %d: %d petitions", i, len(paged))
		}
	}
}

// The list's totals come from petition_counts, which triggers keep in step
// with every change of state: they must equal a count of the rows throughout.
func TestListTotalsFollowEveryChangeOfState(t *testing.T) {
	db := modeltest.NewDB(t)
	now := time.Now().UTC()
	if _, err := demo.SeedLarge(db, 300, 3000, now); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		for _, q := range []petitions.Query{{}, {Category: "도시"}, {Status: petitions.StatusExpired}, {Status: petitions.StatusExpired, Category: "교육문화"}, {Status: petitions.StatusAnswered}} {
			_, total, err := petitions.ListPetitions(db, q, now)
			if err != nil {
				t.Fatal(err)
			}
			q.Normalize()
			rows := db.Model(&petitions.Petition{})
			if q.Status == "" {
				rows = rows.Where("status IN ?", petitions.PublicStatuses)
			} else {
				rows = petitions.StatusWhere(rows, q.Status, now)
			}
			if q.Category != "" {
				rows = rows.Where("category = ?", q.Category)
			}
			var want int64
			if err := rows.Count(&want).Error; err != nil {
				t.Fatal(err)
			}
			if total != want {
				t.Errorf("%s: list %+v totals %d, the rows %d", when, q, total, want)
			}
		}
	}
	check("generated")
	p := modeltest.MkOpen(t, db, 1000, now)
	check("published")
	if err := petitions.Hide(db, p.ID, 0, "중복", "", now); err != nil {
		t.Fatal(err)
	}
	check("hidden")
	if err := petitions.Restore(db, p.ID, 0, now); err != nil {
		t.Fatal(err)
	}
	check("restored")
	later := now.Add(40 * modeltest.Day) // the open petitions' periods end: 기간만료 before and after the sweep
	now = later
	check("ended, not swept")
	if _, err := petitions.SweepExpired(db, later); err != nil {
		t.Fatal(err)
	}
	check("swept")
}

// A word in most petitions is not read in full: the list is walked in its own
// order and each petition looked up, and the count stops just past
// SearchCap. The pages are still exactly those a scan with LIKE gives, in
// every order, state and category.
func TestCommonWordsWalkTheList(t *testing.T) {
	db := modeltest.NewDB(t)
	now := time.Now().UTC()
	if _, err := demo.SeedLarge(db, 2500, 25_000, now); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"주세요", "주세요 주차", "요청합니다", "주세요 없는말", "주차"} {
		for _, query := range []petitions.Query{
			{Q: q}, {Q: q, Page: 3}, {Q: q, Sort: petitions.SortSupport, Page: 2}, {Q: q, Sort: petitions.SortClosing}, {Q: q, Sort: petitions.SortClosing, Page: 4},
			{Q: q, Status: petitions.StatusExpired, Page: 2}, {Q: q, Status: petitions.StatusOpen}, {Q: q, Category: models.Categories[0]},
		} {
			items, total, err := petitions.ListPetitions(db, query, now)
			if err != nil {
				t.Fatal(err)
			}
			query.Normalize()
			like := db.Model(&petitions.Petition{})
			if query.Status != "" {
				like = petitions.StatusWhere(like, query.Status, now)
			} else {
				like = like.Where("status IN ?", petitions.PublicStatuses)
			}
			if query.Category != "" {
				like = like.Where("category = ?", query.Category)
			}
			for _, w := range strings.Fields(q) {
				p := "%" + models.EscapeLike(w) + "%"
				like = like.Where("(LOWER(title) LIKE ? ESCAPE '\\' OR LOWER(body) LIKE ? ESCAPE '\\')", p, p)
			}
			var want int64
			if err := like.Count(&want).Error; err != nil {
				t.Fatal(err)
			}
			var wantIDs []uint
			if err := petitions.ListFilters(like, query, now).Offset((query.Page-1)*query.PerPage).Limit(query.PerPage).Pluck("id", &wantIDs).Error; err != nil {
				t.Fatal(err)
			}
			if wantTotal := min(want, petitions.SearchCap+1); total != wantTotal {
				t.Errorf("%+v: total %d; LIKE finds %d, so want %d", query, total, want, wantTotal)
			}
			if got := modeltest.PetitionIDs(items); !slices.Equal(got, wantIDs) {
				t.Errorf("%+v: page %v; want %v", query, got, wantIDs)
			}
		}
	}
	var common int64
	db.Model(&petitions.Petition{}).Where("status IN ? AND (title LIKE ? OR body LIKE ?)", petitions.PublicStatuses, "%주세요%", "%주세요%").Count(&common)
	if common <= petitions.SearchCap {
		t.Errorf("only %d public petitions say 주세요: the walk is not tried", common)
	}
}
