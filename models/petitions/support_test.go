package models

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestSupportOncePerPerson(t *testing.T) {
	db := newTestDB(t)
	p := mkOpen(t, db, 1000, t0)
	u := mkUser(t, db)
	if ok, _ := HasSupported(db, p.ID, u.ID); ok {
		t.Fatal("HasSupported before supporting")
	}
	r := mustSupport(t, db, p, u, t0.Add(time.Hour))
	if r.Count != 1 || r.Status != StatusOpen {
		t.Errorf("first support: %+v", r)
	}
	_, err := trySupport(db, p, u, t0.Add(2*time.Hour))
	wantErr(t, err, ErrAlreadySupported)
	if got := storedRow(t, db, p.ID); got.SupportCount != 1 {
		t.Errorf("count = %d after a second support, want 1", got.SupportCount)
	}
	if n := countRows(t, db, &Support{}, "petition_id = ?", p.ID); n != 1 {
		t.Errorf("%d support rows, want 1", n)
	}
	if ok, err := HasSupported(db, p.ID, u.ID); !ok || err != nil {
		t.Errorf("HasSupported = %v, %v", ok, err)
	}
}

func TestSupportRefusals(t *testing.T) {
	db := newTestDB(t)
	past := t0.Add(-40 * day)
	ended := t0.Add(-time.Second)
	open := mkOpen(t, db, 1000, t0.Add(-day))
	verified := mkUser(t, db)
	tests := []struct {
		name    string
		user    *User
		p       *Petition
		comment string
		want    error
	}{
		{"unverified account", mkUser(t, db, unverified), open, "", ErrNotVerified},
		{"unknown account", &User{ID: 987654}, open, "", ErrNotFound},
		{"unknown petition", verified, &Petition{ID: 987654}, "", ErrNotFound},
		{"검토중", verified, insertPetition(t, db, Petition{Status: StatusReview}), "", ErrSupportClosed},
		{"비공개", verified, insertPetition(t, db, Petition{Status: StatusHidden, HiddenFrom: StatusOpen, OpenedAt: &past, ClosesAt: timePtr(t0.Add(day))}), "", ErrSupportClosed},
		{"기간만료 stored", verified, insertPetition(t, db, Petition{Status: StatusExpired, OpenedAt: &past, ClosesAt: &ended}), "", ErrSupportClosed},
		{"진행중 past its end, not yet swept", verified, insertPetition(t, db, Petition{Status: StatusOpen, OpenedAt: &past, ClosesAt: &ended}), "", ErrSupportClosed},
		{"답변대기 past its end", verified, insertPetition(t, db, Petition{Status: StatusAwaitingAnswer, OpenedAt: &past, ClosesAt: &ended}), "", ErrSupportClosed},
		{"미성립 stored", verified, insertPetition(t, db, Petition{Status: StatusLapsed, PreconsentEndsAt: ended}), "", ErrSupportClosed},
		{"사전동의 past its end, not yet swept", verified, insertPetition(t, db, Petition{Status: StatusPreconsent, PreconsentEndsAt: ended}), "", ErrSupportClosed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := SupportInput{PetitionID: tt.p.ID, UserID: tt.user.ID, Share: tt.p.ShareToken, Comment: tt.comment}
			_, err := SupportPetition(db, in, t0)
			wantErr(t, err, tt.want)
		})
	}
	if n := countRows(t, db, &Support{}); n != 0 {
		t.Errorf("%d supports stored by refused attempts", n)
	}
	if n := countRows(t, db, &Petition{}, "support_count <> 0"); n != 0 {
		t.Errorf("%d petitions counted a refused support", n)
	}
}

func TestSupportComment(t *testing.T) {
	db := newTestDB(t)
	p := mkOpen(t, db, 1000, t0)
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
			u := mkUser(t, db)
			_, err := SupportPetition(db, SupportInput{PetitionID: p.ID, UserID: u.ID, Comment: tt.comment}, t0.Add(time.Hour))
			if tt.fields != nil {
				if got := fieldErrors(t, err); !reflect.DeepEqual(got, tt.fields) {
					t.Errorf("fields %v, want %v", got, tt.fields)
				}
				fe, _ := AsErrors(err)
				if fe["comment"] != "공감 한마디는 200자 이하로 적어 주세요. (지금 201자)" {
					t.Errorf("message = %q", fe["comment"])
				}
				if ok, _ := HasSupported(db, p.ID, u.ID); ok {
					t.Error("a refused comment still counted the support")
				}
				return
			}
			wantErr(t, err, nil)
			var s Support
			wantErr(t, db.Where("petition_id = ? AND user_id = ?", p.ID, u.ID).Take(&s).Error, nil)
			if s.Comment != tt.stored {
				t.Errorf("stored comment of %d letters, want %d", len([]rune(s.Comment)), len([]rune(tt.stored)))
			}
		})
	}
	if got := storedRow(t, db, p.ID); got.SupportCount != 3 {
		t.Errorf("count = %d, want 3", got.SupportCount)
	}
}

func TestCommentsAndDongTally(t *testing.T) {
	db := newTestDB(t)
	p := mkOpen(t, db, 1000, t0)
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
		u := mkUser(t, db, func(u *User) { u.Name, u.Dong = person.name, person.dong })
		in := SupportInput{PetitionID: p.ID, UserID: u.ID, Comment: person.comment}
		_, err := SupportPetition(db, in, t0.Add(time.Duration(i+1)*time.Minute))
		wantErr(t, err, nil)
	}
	// A supporter who moves keeps the tally as it was when they supported.
	wantErr(t, db.Model(&User{}).Where("name = ?", "김철").Update("dong", "대림3동").Error, nil)

	cs, total, err := Comments(db, p.ID, 1, 2)
	wantErr(t, err, nil)
	if total != 3 || len(cs) != 2 {
		t.Fatalf("comments: total %d, page of %d; want 3 and 2", total, len(cs))
	}
	want := []Comment{
		{Name: "박*성", Dong: "문래동", Text: "동네 주민으로서 공감합니다", CreatedAt: t0.Add(5 * time.Minute)},
		{Name: "김*", Dong: "여의동", Text: "찬성합니다", CreatedAt: t0.Add(3 * time.Minute)},
	}
	for i := range want {
		if cs[i].Name != want[i].Name || cs[i].Dong != want[i].Dong || cs[i].Text != want[i].Text || !cs[i].CreatedAt.Equal(want[i].CreatedAt) {
			t.Errorf("comment %d = %+v, want %+v", i, cs[i], want[i])
		}
	}
	cs, _, err = Comments(db, p.ID, 2, 2)
	wantErr(t, err, nil)
	if len(cs) != 1 || cs[0].Name != "홍*동" {
		t.Errorf("second page = %+v", cs)
	}
	for _, c := range cs {
		if strings.Contains(c.Name, "길") {
			t.Errorf("comment shows the full name %q", c.Name)
		}
	}

	tally, err := SupportsByDong(db, p.ID)
	wantErr(t, err, nil)
	wantTally := []DongCount{{"문래동", 3}, {"당산1동", 1}, {"여의동", 1}}
	if !reflect.DeepEqual(tally, wantTally) {
		t.Errorf("tally = %v, want %v", tally, wantTally)
	}
}

type outcome struct {
	r   *SupportResult
	err error
}

func TestConcurrentSupportsByDistinctPeople(t *testing.T) {
	db := newTestDB(t)
	p := mkOpen(t, db, 1000, t0)
	us := mkUsers(t, db, 100)
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
				got, err := FindPetition(db, p.ID, t0.Add(time.Hour))
				if err == nil && got.SupportCount < last {
					err = fmt.Errorf("count went back from %d to %d", last, got.SupportCount)
				}
				if err == nil {
					last = got.SupportCount
					_, _, err = ListPetitions(db, PetitionQuery{Sort: SortSupport}, t0.Add(time.Hour))
				}
				if err != nil {
					readErrs <- err
					return
				}
			}
		}()
	}
	outs := runTogether(len(us), func(i int) outcome {
		r, err := trySupport(db, p, &us[i], t0.Add(time.Hour))
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
	if n := countRows(t, db, &Support{}, "petition_id = ?", p.ID); n != 100 {
		t.Errorf("%d support rows, want 100", n)
	}
	if got := storedRow(t, db, p.ID); got.SupportCount != 100 || got.Status != StatusOpen {
		t.Errorf("support_count %d status %q, want 100 open", got.SupportCount, got.Status)
	}
}

func TestConcurrentSupportsBySamePerson(t *testing.T) {
	db := newTestDB(t)
	p := mkOpen(t, db, 1000, t0)
	u := mkUser(t, db)
	outs := runTogether(50, func(int) outcome {
		r, err := trySupport(db, p, u, t0.Add(time.Hour))
		return outcome{r, err}
	})
	ok := 0
	for _, o := range outs {
		switch {
		case o.err == nil:
			ok++
		case !errors.Is(o.err, ErrAlreadySupported):
			t.Errorf("unexpected error: %v", o.err)
		}
	}
	if ok != 1 {
		t.Errorf("%d supports succeeded, want exactly 1", ok)
	}
	if n := countRows(t, db, &Support{}); n != 1 {
		t.Errorf("%d support rows, want 1", n)
	}
	if got := storedRow(t, db, p.ID); got.SupportCount != 1 {
		t.Errorf("support_count = %d, want 1", got.SupportCount)
	}
}

func TestConcurrentSupportsCrossTheThresholdOnce(t *testing.T) {
	db := newTestDB(t)
	const threshold = 30
	p := mkOpen(t, db, threshold, t0)
	us := mkUsers(t, db, 60)
	// Each support happens at its own instant, so threshold_at tells which one moved the petition.
	at := func(i int) time.Time { return t0.Add(time.Hour + time.Duration(i)*time.Millisecond) }
	outs := runTogether(len(us), func(i int) outcome {
		r, err := trySupport(db, p, &us[i], at(i))
		return outcome{r, err}
	})
	crosser := -1
	for i, o := range outs {
		if o.err != nil {
			t.Fatalf("support %d failed: %v", i, o.err)
		}
		wantStatus := StatusOpen
		if o.r.Count >= threshold {
			wantStatus = StatusAwaitingAnswer
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
	got := storedRow(t, db, p.ID)
	if got.Status != StatusAwaitingAnswer || got.SupportCount != 60 {
		t.Errorf("status %q count %d, want awaiting_answer 60", got.Status, got.SupportCount)
	}
	if !sameTime(got.ThresholdAt, at(crosser)) || !sameTime(got.AnswerDueAt, at(crosser).AddDate(0, 0, 20)) {
		t.Errorf("threshold_at %v answer_due_at %v; the crossing support was at %v", got.ThresholdAt, got.AnswerDueAt, at(crosser))
	}
}

func TestConcurrentSupportsReachThePreconsentGoalOnce(t *testing.T) {
	db := newTestDB(t)
	useSettings(t, db, rules(5, 1000))
	p := filePetition(t, db, t0)
	us := mkUsers(t, db, 20)
	outs := runTogether(len(us), func(i int) outcome {
		r, err := trySupport(db, p, &us[i], t0.Add(time.Hour))
		return outcome{r, err}
	})
	ok, closed := 0, 0
	for _, o := range outs {
		switch {
		case o.err == nil:
			ok++
		case errors.Is(o.err, ErrSupportClosed):
			closed++
		default:
			t.Errorf("unexpected error: %v", o.err)
		}
	}
	// At the goal the petition goes to 검토중, which takes no more supports.
	got := storedRow(t, db, p.ID)
	if ok != 5 || closed != 15 || got.SupportCount != 5 || got.Status != StatusReview {
		t.Errorf("%d counted, %d refused; stored %d %q; want 5, 15, 5 review", ok, closed, got.SupportCount, got.Status)
	}
}
