package petitions_test

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/modeltest"
	"ydp1/models/petitions"
)

func TestSupportOncePerPerson(t *testing.T) {
	db := modeltest.NewDB(t)
	p := modeltest.MkOpen(t, db, 1000, modeltest.T0)
	u := modeltest.MkUser(t, db)
	if ok, _ := petitions.HasSupported(db, p.ID, u.ID); ok {
		t.Fatal("HasSupported before supporting")
	}
	r := modeltest.MustSupport(t, db, p, u, modeltest.T0.Add(time.Hour))
	if r.Count != 1 || r.Status != petitions.StatusOpen {
		t.Errorf("first support: %+v", r)
	}
	_, err := modeltest.TrySupport(db, p, u, modeltest.T0.Add(2*time.Hour))
	modeltest.WantErr(t, err, petitions.ErrAlreadySupported)
	if got := modeltest.StoredRow(t, db, p.ID); got.SupportCount != 1 {
		t.Errorf("count = %d after a second support, want 1", got.SupportCount)
	}
	if n := modeltest.CountRows(t, db, &petitions.Support{}, "petition_id = ?", p.ID); n != 1 {
		t.Errorf("%d support rows, want 1", n)
	}
	if ok, err := petitions.HasSupported(db, p.ID, u.ID); !ok || err != nil {
		t.Errorf("HasSupported = %v, %v", ok, err)
	}
}

func TestSupportRefusals(t *testing.T) {
	db := modeltest.NewDB(t)
	past := modeltest.T0.Add(-40 * modeltest.Day)
	ended := modeltest.T0.Add(-time.Second)
	open := modeltest.MkOpen(t, db, 1000, modeltest.T0.Add(-modeltest.Day))
	verified := modeltest.MkUser(t, db)
	tests := []struct {
		name    string
		user    *models.User
		p       *petitions.Petition
		comment string
		want    error
	}{
		{"unverified account", modeltest.MkUser(t, db, modeltest.Unverified), open, "", models.ErrNotVerified},
		{"unknown account", &models.User{ID: 987654}, open, "", models.ErrNotFound},
		{"unknown petition", verified, &petitions.Petition{ID: 987654}, "", models.ErrNotFound},
		{"검토중", verified, modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusReview}), "", petitions.ErrSupportClosed},
		{"비공개", verified, modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusHidden, HiddenFrom: petitions.StatusOpen, OpenedAt: &past, ClosesAt: modeltest.TimePtr(modeltest.T0.Add(modeltest.Day))}), "", petitions.ErrSupportClosed},
		{"기간만료 stored", verified, modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusExpired, OpenedAt: &past, ClosesAt: &ended}), "", petitions.ErrSupportClosed},
		{"진행중 past its end, not yet swept", verified, modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusOpen, OpenedAt: &past, ClosesAt: &ended}), "", petitions.ErrSupportClosed},
		{"답변대기 past its end", verified, modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusAwaitingAnswer, OpenedAt: &past, ClosesAt: &ended}), "", petitions.ErrSupportClosed},
		{"미성립 stored", verified, modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusLapsed, PreconsentEndsAt: ended}), "", petitions.ErrSupportClosed},
		{"사전동의 past its end, not yet swept", verified, modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusPreconsent, PreconsentEndsAt: ended}), "", petitions.ErrSupportClosed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := petitions.SupportInput{PetitionID: tt.p.ID, UserID: tt.user.ID, Share: tt.p.ShareToken, Comment: tt.comment}
			_, err := petitions.SupportPetition(db, in, modeltest.T0)
			modeltest.WantErr(t, err, tt.want)
		})
	}
	if n := modeltest.CountRows(t, db, &petitions.Support{}); n != 0 {
		t.Errorf("%d supports stored by refused attempts", n)
	}
	if n := modeltest.CountRows(t, db, &petitions.Petition{}, "support_count <> 0"); n != 0 {
		t.Errorf("%d petitions counted a refused support", n)
	}
}

func TestSupportComment(t *testing.T) {
	db := modeltest.NewDB(t)
	p := modeltest.MkOpen(t, db, 1000, modeltest.T0)
	tests := []struct {
		name    string
		comment string
		stored  string
		fields  []string
	}{
		{"no comment", "", "", nil},
		{"200 letters", strings.Repeat("응", 200), strings.Repeat("응", 200), nil},
		{"200 letters and surrounding spaces", "  " + strings.Repeat("원", 200) + "\n", strings.Repeat("원", 200), nil},
		{"201 letters", strings.Repeat("응", 201), "", []string{"comment"}},
		{"201 letters of ASCII", strings.Repeat("a", 201), "", []string{"comment"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := modeltest.MkUser(t, db)
			_, err := petitions.SupportPetition(db, petitions.SupportInput{PetitionID: p.ID, UserID: u.ID, Comment: tt.comment}, modeltest.T0.Add(time.Hour))
			if tt.fields != nil {
				if got := modeltest.FieldErrors(t, err); !reflect.DeepEqual(got, tt.fields) {
					t.Errorf("fields %v, want %v", got, tt.fields)
				}
				fe, _ := models.AsErrors(err)
				if inLang("ko")(fe["comment"]) != "공감 한마디는 200자 이하로 적어 주세요. (지금 201자)" {
					t.Errorf("message = %q", fe["comment"])
				}
				if ok, _ := petitions.HasSupported(db, p.ID, u.ID); ok {
					t.Error("a refused comment still counted the support")
				}
				return
			}
			modeltest.WantErr(t, err, nil)
			var s petitions.Support
			modeltest.WantErr(t, db.Where("petition_id = ? AND user_id = ?", p.ID, u.ID).Take(&s).Error, nil)
			if s.Comment != tt.stored {
				t.Errorf("stored comment of %d letters, want %d", len([]rune(s.Comment)), len([]rune(tt.stored)))
			}
		})
	}
	if got := modeltest.StoredRow(t, db, p.ID); got.SupportCount != 3 {
		t.Errorf("count = %d, want 3", got.SupportCount)
	}
}

func TestCommentsAndDongTally(t *testing.T) {
	db := modeltest.NewDB(t)
	p := modeltest.MkOpen(t, db, 1000, modeltest.T0)
	people := []struct {
		name, dong, comment string
	}{
		{"홍길동", "문래동", "꼭 필요합니다"},
		{"남궁민수", "문래동", ""},
		{"김철", "여의동", "찬성합니다"},
		{"이영희", "당산1동", "  "},
		{"박지성", "문래동", "동네 주민으로서 공감합니다"},
	}
	for i, person := range people {
		u := modeltest.MkUser(t, db, func(u *models.User) { u.Name, u.Dong = person.name, person.dong })
		in := petitions.SupportInput{PetitionID: p.ID, UserID: u.ID, Comment: person.comment}
		_, err := petitions.SupportPetition(db, in, modeltest.T0.Add(time.Duration(i+1)*time.Minute))
		modeltest.WantErr(t, err, nil)
	}
	// A supporter who moves keeps the tally as it was when they supported.
	modeltest.WantErr(t, db.Model(&models.User{}).Where("name = ?", "김철").Update("dong", "대림3동").Error, nil)

	cs, total, err := petitions.Comments(db, p.ID, 1, 2)
	modeltest.WantErr(t, err, nil)
	if total != 3 || len(cs) != 2 {
		t.Fatalf("comments: total %d, page of %d; want 3 and 2", total, len(cs))
	}
	want := []petitions.Comment{
		{Name: "박*성", Dong: "문래동", Text: "동네 주민으로서 공감합니다", CreatedAt: modeltest.T0.Add(5 * time.Minute)},
		{Name: "김*", Dong: "여의동", Text: "찬성합니다", CreatedAt: modeltest.T0.Add(3 * time.Minute)},
	}
	for i := range want {
		if cs[i].Name != want[i].Name || cs[i].Dong != want[i].Dong || cs[i].Text != want[i].Text || !cs[i].CreatedAt.Equal(want[i].CreatedAt) {
			t.Errorf("comment %d = %+v, want %+v", i, cs[i], want[i])
		}
	}
	cs, _, err = petitions.Comments(db, p.ID, 2, 2)
	modeltest.WantErr(t, err, nil)
	if len(cs) != 1 || cs[0].Name != "홍*동" {
		t.Errorf("second page = %+v", cs)
	}
	for _, c := range cs {
		if strings.Contains(c.Name, "길") {
			t.Errorf("comment shows the full name %q", c.Name)
		}
	}

	tally, err := petitions.SupportsByDong(db, p.ID)
	modeltest.WantErr(t, err, nil)
	wantTally := []petitions.DongCount{{"문래동", 3}, {"당산1동", 1}, {"여의동", 1}}
	if !reflect.DeepEqual(tally, wantTally) {
		t.Errorf("tally = %v, want %v", tally, wantTally)
	}
}

type outcome struct {
	r   *petitions.SupportResult
	err error
}

func TestConcurrentSupportsByDistinctPeople(t *testing.T) {
	db := modeltest.NewDB(t)
	p := modeltest.MkOpen(t, db, 1000, modeltest.T0)
	us := modeltest.MkUsers(t, db, 100)
	// Readers run alongside the writers: WAL and the reader pool must keep them from failing or blocking.
	stop := make(chan struct{})
	readErrs := make(chan error, 4)
	var readers sync.WaitGroup
	for r := 0; r < 4; r++ {
		readers.Add(1)
		go func() {
			defer readers.Done()
			last := 0
			for {
				select {
				case <-stop:
					readErrs <- nil
					return
				default:
				}
				got, err := petitions.FindPetition(db, p.ID, modeltest.T0.Add(time.Hour))
				if err == nil && got.SupportCount < last {
					err = fmt.Errorf("count went back from %d to %d", last, got.SupportCount)
				}
				if err == nil {
					last = got.SupportCount
					_, _, err = petitions.ListPetitions(db, petitions.Query{Sort: petitions.SortSupport}, modeltest.T0.Add(time.Hour))
				}
				if err != nil {
					readErrs <- err
					return
				}
			}
		}()
	}
	outs := modeltest.RunTogether(len(us), func(i int) outcome {
		r, err := modeltest.TrySupport(db, p, &us[i], modeltest.T0.Add(time.Hour))
		return outcome{r, err}
	})
	close(stop)
	readers.Wait()
	for r := 0; r < 4; r++ {
		if err := <-readErrs; err != nil {
			t.Errorf("a reader failed during the supports: %v", err)
		}
	}
	var counts []int
	for i, o := range outs {
		if o.err != nil {
			t.Fatalf("support %d failed: %v", i, o.err)
		}
		counts = append(counts, o.r.Count)
	}
	// Each support saw its own count: the counter never lost or repeated an increment.
	sort.Ints(counts)
	for i, c := range counts {
		if c != i+1 {
			t.Fatalf("counts seen by the supports = %v, want 1..100", counts)
		}
	}
	if n := modeltest.CountRows(t, db, &petitions.Support{}, "petition_id = ?", p.ID); n != 100 {
		t.Errorf("%d support rows, want 100", n)
	}
	if got := modeltest.StoredRow(t, db, p.ID); got.SupportCount != 100 || got.Status != petitions.StatusOpen {
		t.Errorf("support_count %d status %q, want 100 open", got.SupportCount, got.Status)
	}
}

func TestConcurrentSupportsBySamePerson(t *testing.T) {
	db := modeltest.NewDB(t)
	p := modeltest.MkOpen(t, db, 1000, modeltest.T0)
	u := modeltest.MkUser(t, db)
	outs := modeltest.RunTogether(50, func(int) outcome {
		r, err := modeltest.TrySupport(db, p, u, modeltest.T0.Add(time.Hour))
		return outcome{r, err}
	})
	ok := 0
	for _, o := range outs {
		switch {
		case o.err == nil:
			ok++
		case !errors.Is(o.err, petitions.ErrAlreadySupported):
			t.Errorf("unexpected error: %v", o.err)
		}
	}
	if ok != 1 {
		t.Errorf("%d supports succeeded, want exactly 1", ok)
	}
	if n := modeltest.CountRows(t, db, &petitions.Support{}); n != 1 {
		t.Errorf("%d support rows, want 1", n)
	}
	if got := modeltest.StoredRow(t, db, p.ID); got.SupportCount != 1 {
		t.Errorf("support_count = %d, want 1", got.SupportCount)
	}
}

func TestConcurrentSupportsCrossTheThresholdOnce(t *testing.T) {
	db := modeltest.NewDB(t)
	const threshold = 30
	p := modeltest.MkOpen(t, db, threshold, modeltest.T0)
	us := modeltest.MkUsers(t, db, 60)
	// Each support happens at its own instant, so threshold_at tells which one moved the petition.
	at := func(i int) time.Time { return modeltest.T0.Add(time.Hour + time.Duration(i)*time.Millisecond) }
	outs := modeltest.RunTogether(len(us), func(i int) outcome {
		r, err := modeltest.TrySupport(db, p, &us[i], at(i))
		return outcome{r, err}
	})
	crosser := -1
	for i, o := range outs {
		if o.err != nil {
			t.Fatalf("support %d failed: %v", i, o.err)
		}
		wantStatus := petitions.StatusOpen
		if o.r.Count >= threshold {
			wantStatus = petitions.StatusAwaitingAnswer
		}
		if o.r.Status != wantStatus {
			t.Errorf("support seeing count %d reported %q, want %q", o.r.Count, o.r.Status, wantStatus)
		}
		if o.r.Count == threshold {
			if crosser >= 0 {
				t.Fatalf("two supports both saw count %d", threshold)
			}
			crosser = i
		}
	}
	if crosser < 0 {
		t.Fatal("no support saw the threshold count")
	}
	got := modeltest.StoredRow(t, db, p.ID)
	if got.Status != petitions.StatusAwaitingAnswer || got.SupportCount != 60 {
		t.Errorf("status %q count %d, want awaiting_answer 60", got.Status, got.SupportCount)
	}
	if !modeltest.SameTime(got.ThresholdAt, at(crosser)) || !modeltest.SameTime(got.AnswerDueAt, at(crosser).AddDate(0, 0, 20)) {
		t.Errorf("threshold_at %v answer_due_at %v; the crossing support was at %v", got.ThresholdAt, got.AnswerDueAt, at(crosser))
	}
}

func TestConcurrentSupportsReachThePreconsentGoalOnce(t *testing.T) {
	db := modeltest.NewDB(t)
	modeltest.UseSettings(t, db, modeltest.Rules(5, 1000))
	p := modeltest.FilePetition(t, db, modeltest.T0)
	us := modeltest.MkUsers(t, db, 20)
	outs := modeltest.RunTogether(len(us), func(i int) outcome {
		r, err := modeltest.TrySupport(db, p, &us[i], modeltest.T0.Add(time.Hour))
		return outcome{r, err}
	})
	ok, closed := 0, 0
	for _, o := range outs {
		switch {
		case o.err == nil:
			ok++
		case errors.Is(o.err, petitions.ErrSupportClosed):
			closed++
		default:
			t.Errorf("unexpected error: %v", o.err)
		}
	}
	// At the goal the petition goes to 검토중, which takes no more supports.
	got := modeltest.StoredRow(t, db, p.ID)
	if ok != 5 || closed != 15 || got.SupportCount != 5 || got.Status != petitions.StatusReview {
		t.Errorf("%d counted, %d refused; stored %d %q; want 5, 15, 5 review", ok, closed, got.SupportCount, got.Status)
	}
}
