package models

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
)

func opinionInput() OpinionInput {
	return OpinionInput{
		Body:     "경비실에 냉방기가 없어 여름마다 힘듭니다. 공동주택 지원사업으로 경비실 냉방기 설치를 도와주세요.",
		Category: "복지보건·다문화", Dong: "신길5동",
		Source: "찾아가는 영등포1번가 — 경비근로자 간담회", HeardOn: "2024-03-01",
	}
}

func mkOpinion(t testing.TB, db *gorm.DB, staff *User) *Opinion {
	t.Helper()
	o, err := RecordOpinion(db, staff.ID, opinionInput(), t0)
	if err != nil {
		t.Fatalf("record opinion: %v", err)
	}
	return o
}

// reply is a valid final reply by the given department.
func reply(state OpinionState, dept string) OpinionChange {
	return OpinionChange{State: state, Department: dept, Reply: dept + "에서 검토했습니다. 내년 예산에 반영하겠습니다."}
}

// opinionIn records an opinion and moves it into state s through the valid path.
func opinionIn(t testing.TB, db *gorm.DB, staff *User, s OpinionState) *Opinion {
	t.Helper()
	o := mkOpinion(t, db, staff)
	var path []OpinionState
	switch {
	case s == OpinionReviewing:
		path = []OpinionState{OpinionReviewing}
	case s.Final():
		path = []OpinionState{OpinionReviewing, s}
	}
	for i, next := range path {
		if err := ChangeOpinionState(db, o.ID, staff.ID, reply(next, "주택과"), t0.Add(time.Duration(i+1)*time.Hour)); err != nil {
			t.Fatalf("move opinion to %s: %v", next, err)
		}
	}
	got, err := FindOpinion(db, o.ID)
	if err != nil || got.State != s {
		t.Fatalf("opinion in %v (%v), want %s", got, err, s)
	}
	return got
}

func TestRecordOpinionValidates(t *testing.T) {
	db := newTestDB(t)
	staff := mkUser(t, db, asStaff)
	cases := []struct {
		name string
		edit func(*OpinionInput)
		want []string
	}{
		{"empty", func(in *OpinionInput) { *in = OpinionInput{} }, []string{"body", "category", "heard_on", "source"}},
		{"too long", func(in *OpinionInput) { in.Body = strings.Repeat("가", MaxOpinionBody+1) }, []string{"body"}},
		{"unknown category and dong", func(in *OpinionInput) { in.Category, in.Dong = "주차", "신길2동" }, []string{"category", "dong"}},
		{"meeting id not a number", func(in *OpinionInput) { in.Source, in.MeetingID = "", "열두" }, []string{"meeting_id"}},
		{"source too long", func(in *OpinionInput) { in.Source = strings.Repeat("가", MaxOpinionSource+1) }, []string{"source"}},
		{"date in the future", func(in *OpinionInput) { in.HeardOn = "2024-03-05" }, []string{"heard_on"}},
		{"date not a date", func(in *OpinionInput) { in.HeardOn = "3월 1일" }, []string{"heard_on"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := opinionInput()
			c.edit(&in)
			_, err := RecordOpinion(db, staff.ID, in, t0)
			if got := fieldErrors(t, err); !reflect.DeepEqual(got, c.want) {
				t.Errorf("errors on %v, want %v", got, c.want)
			}
		})
	}
	if n := countRows(t, db, &Opinion{}); n != 0 {
		t.Errorf("%d opinions stored from refused forms", n)
	}
}

func TestRecordOpinion(t *testing.T) {
	db := newTestDB(t)
	staff := mkUser(t, db, asStaff)
	in := opinionInput()
	in.Body = "  경비실 냉방기를\r\n지원해 주세요  "
	o, err := RecordOpinion(db, staff.ID, in, t0)
	wantErr(t, err, nil)
	got, err := FindOpinion(db, o.ID)
	wantErr(t, err, nil)
	heard := time.Date(2024, 3, 1, 0, 0, 0, 0, Seoul)
	if got.State != OpinionReceived || got.Body != "경비실 냉방기를\n지원해 주세요" || got.MeetingID != nil ||
		got.Source != in.Source || !got.HeardAt.Equal(heard) || got.Recorder == nil || got.Recorder.ID != staff.ID || got.FromResident() {
		t.Errorf("stored %+v", got)
	}
	steps, err := OpinionHistory(db, o.ID)
	wantErr(t, err, nil)
	if len(steps) != 1 || steps[0].State != OpinionReceived || steps[0].StaffID == nil || *steps[0].StaffID != staff.ID {
		t.Errorf("history %+v", steps)
	}
	if n := countRows(t, db, &AuditEntry{}, "action = ? AND target_type = ? AND target_id = ? AND actor_id = ?", AuditOpinionRecord, "opinion", o.ID, staff.ID); n != 1 {
		t.Errorf("%d audit entries for the record", n)
	}

	// a meeting number instead of a source
	in = opinionInput()
	in.Source, in.MeetingID = "", " 12 "
	o, err = RecordOpinion(db, staff.ID, in, t0)
	wantErr(t, err, nil)
	if o.MeetingID == nil || *o.MeetingID != 12 {
		t.Errorf("meeting id %v, want 12", o.MeetingID)
	}
}

func TestOpinionTransitions(t *testing.T) {
	cases := []struct {
		from   OpinionState
		change OpinionChange
		fields []string // validation errors expected; nil for success
	}{
		{OpinionReceived, OpinionChange{State: OpinionReviewing}, nil},
		{OpinionReceived, OpinionChange{State: OpinionReviewing, Department: "주택과", Reply: "현장을 확인하겠습니다."}, nil},
		{OpinionReceived, reply(OpinionAdopted, "주택과"), nil},
		{OpinionReviewing, reply(OpinionAdopted, "주택과"), nil},
		{OpinionReviewing, reply(OpinionPartly, "주택과"), nil},
		{OpinionReviewing, reply(OpinionRejected, "주택과"), nil},
		// a final state needs the department and the reply
		{OpinionReviewing, OpinionChange{State: OpinionAdopted}, []string{"department", "reply"}},
		{OpinionReviewing, OpinionChange{State: OpinionPartly, Department: "주택과"}, []string{"reply"}},
		{OpinionReceived, OpinionChange{State: OpinionRejected, Reply: "어렵습니다."}, []string{"department"}},
		{OpinionReviewing, OpinionChange{State: OpinionRejected, Department: strings.Repeat("과", MaxDepartment+1), Reply: "x"}, []string{"department"}},
		{OpinionReviewing, OpinionChange{State: OpinionAdopted, Department: "주택과", Reply: strings.Repeat("가", MaxOpinionReply+1)}, []string{"reply"}},
		// forward only
		{OpinionReceived, OpinionChange{State: OpinionReceived}, []string{"state"}},
		{OpinionReviewing, OpinionChange{State: OpinionReviewing}, []string{"state"}},
		{OpinionReviewing, OpinionChange{State: OpinionReceived}, []string{"state"}},
		{OpinionReviewing, OpinionChange{State: "closed"}, []string{"state"}},
		{OpinionReviewing, OpinionChange{}, []string{"state"}},
		// no change after a final state
		{OpinionAdopted, reply(OpinionRejected, "주택과"), []string{"state"}},
		{OpinionPartly, OpinionChange{State: OpinionReviewing}, []string{"state"}},
		{OpinionRejected, OpinionChange{State: OpinionReceived}, []string{"state"}},
		{OpinionAdopted, OpinionChange{State: OpinionAdopted, Department: "주택과"}, []string{"reply"}},
		{OpinionAdopted, reply(OpinionAdopted, "주택과"), []string{"reply"}}, // nothing to correct
	}
	for i, c := range cases {
		// unique names: a "#01" suffix would end up in the database path, where SQLite reads it as a URI fragment
		t.Run(fmt.Sprintf("%02d %s to %s", i, c.from, c.change.State), func(t *testing.T) {
			db := newTestDB(t)
			staff := mkUser(t, db, asStaff)
			o := opinionIn(t, db, staff, c.from)
			steps := countRows(t, db, &OpinionStep{})
			audits := countRows(t, db, &AuditEntry{})
			now := t0.Add(day)
			c.change.From = c.from
			err := ChangeOpinionState(db, o.ID, staff.ID, c.change, now)
			got, _ := FindOpinion(db, o.ID)
			if c.fields != nil {
				if f := fieldErrors(t, err); !reflect.DeepEqual(f, c.fields) {
					t.Errorf("errors on %v, want %v", f, c.fields)
				}
				if got.State != c.from || countRows(t, db, &OpinionStep{}) != steps || countRows(t, db, &AuditEntry{}) != audits {
					t.Errorf("a refused change was stored: %s, %d steps", got.State, countRows(t, db, &OpinionStep{}))
				}
				return
			}
			wantErr(t, err, nil)
			if got.State != c.change.State || got.Department != c.change.Department || got.Reply != strings.TrimSpace(c.change.Reply) {
				t.Errorf("opinion %s %q %q after the change to %+v", got.State, got.Department, got.Reply, c.change)
			}
			if c.change.State.Final() != (got.RepliedAt != nil && got.RepliedAt.Equal(now)) {
				t.Errorf("replied at %v", got.RepliedAt)
			}
			history, _ := OpinionHistory(db, o.ID)
			last := history[len(history)-1]
			if len(history) != int(steps)+1 || last.State != c.change.State || last.Reply != got.Reply || last.Corrected ||
				last.StaffID == nil || *last.StaffID != staff.ID || !last.CreatedAt.Equal(now) {
				t.Errorf("history %+v", history)
			}
			if n := countRows(t, db, &AuditEntry{}, "action = ? AND target_id = ? AND after LIKE ?", AuditOpinionState, o.ID, `%"`+string(c.change.State)+`"%`); n != 1 {
				t.Errorf("%d audit entries for the change", n)
			}
		})
	}
}

func TestCorrectingAFinalReplyKeepsTheHistory(t *testing.T) {
	db := newTestDB(t)
	staff := mkUser(t, db, asStaff)
	other := mkUser(t, db, asStaff)
	o := opinionIn(t, db, staff, OpinionPartly)
	repliedAt := *o.RepliedAt
	fix := OpinionChange{From: OpinionPartly, State: OpinionPartly, Department: "건축과", Reply: "담당부서를 바로잡습니다. 건축과에서 일부 지원합니다."}
	wantErr(t, ChangeOpinionState(db, o.ID, other.ID, fix, t0.Add(2*day)), nil)

	got, _ := FindOpinion(db, o.ID)
	if got.State != OpinionPartly || got.Department != "건축과" || got.Reply != fix.Reply || !got.RepliedAt.Equal(repliedAt) {
		t.Errorf("after correction: %s %q %q replied %v", got.State, got.Department, got.Reply, got.RepliedAt)
	}
	history, _ := OpinionHistory(db, o.ID)
	var states []string
	for _, s := range history {
		states = append(states, string(s.State))
	}
	if want := []string{"received", "reviewing", "partly", "partly"}; !reflect.DeepEqual(states, want) {
		t.Fatalf("history states %v, want %v", states, want)
	}
	before, last := history[2], history[3]
	if before.Corrected || before.Department != "주택과" || !last.Corrected || last.Department != "건축과" ||
		last.Staff == nil || last.Staff.ID != other.ID {
		t.Errorf("history %+v / %+v", before, last)
	}
	if n := countRows(t, db, &AuditEntry{}, "action = ? AND target_id = ? AND actor_id = ? AND before LIKE ?", AuditOpinionReplyEdit, o.ID, other.ID, "%주택과%"); n != 1 {
		t.Errorf("%d audit entries for the correction", n)
	}
}

func TestOpinionChangeIsGuarded(t *testing.T) {
	db := newTestDB(t)
	staff := mkUser(t, db, asStaff)

	// the state moved since the form was opened
	o := opinionIn(t, db, staff, OpinionReviewing)
	err := ChangeOpinionState(db, o.ID, staff.ID, OpinionChange{From: OpinionReceived, State: OpinionReviewing}, t0.Add(day))
	wantErr(t, err, ErrStateChanged)
	// two staff members answer the same opinion from the same page: the second does not overwrite the first
	wantErr(t, ChangeOpinionState(db, o.ID, staff.ID, OpinionChange{From: OpinionReviewing, State: OpinionAdopted, Department: "주택과", Reply: "반영합니다."}, t0.Add(day)), nil)
	err = ChangeOpinionState(db, o.ID, staff.ID, OpinionChange{From: OpinionReviewing, State: OpinionAdopted, Department: "건축과", Reply: "반영합니다!"}, t0.Add(day))
	wantErr(t, err, ErrStateChanged)
	got, _ := FindOpinion(db, o.ID)
	if got.Department != "주택과" {
		t.Errorf("the late answer overwrote the first: %q", got.Department)
	}
	wantErr(t, ChangeOpinionState(db, 9999, staff.ID, OpinionChange{State: OpinionReviewing}, t0), ErrNotFound)

	// many at once: exactly one moves it
	o = mkOpinion(t, db, staff)
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, changed := 0, 0
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := ChangeOpinionState(db, o.ID, staff.ID, OpinionChange{From: OpinionReceived, State: OpinionReviewing}, t0.Add(day))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				ok++
			case errors.Is(err, ErrStateChanged):
				changed++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}()
	}
	wg.Wait()
	if ok != 1 || changed != 19 {
		t.Errorf("%d changes went through and %d were refused, want 1 and 19", ok, changed)
	}
	if n := countRows(t, db, &OpinionStep{}, "opinion_id = ? AND state = ?", o.ID, OpinionReviewing); n != 1 {
		t.Errorf("%d history rows for one change", n)
	}
}

func TestSubmitOpinionByResident(t *testing.T) {
	db := newTestDB(t)
	resident := mkUser(t, db, func(u *User) { u.Name = "김영희" })
	o, err := SubmitOpinion(db, 7, resident.ID, " 회의 때 못 한 말: 도림천 자전거도로에 조명이 필요합니다. ", "생활환경·교통안전", "도림동", t0)
	wantErr(t, err, nil)
	got, _ := FindOpinion(db, o.ID)
	if !got.FromResident() || got.ResidentName() != "김*희" || got.RecordedBy != nil || *got.MeetingID != 7 ||
		got.State != OpinionReceived || got.Body != "회의 때 못 한 말: 도림천 자전거도로에 조명이 필요합니다." || !got.HeardAt.Equal(t0) {
		t.Errorf("stored %+v", got)
	}
	history, _ := OpinionHistory(db, o.ID)
	if len(history) != 1 || history[0].StaffID != nil {
		t.Errorf("history %+v", history)
	}

	_, err = SubmitOpinion(db, 7, resident.ID, "", "주차", "신길2동", t0)
	if got := fieldErrors(t, err); !reflect.DeepEqual(got, []string{"body", "category", "dong"}) {
		t.Errorf("errors on %v", got)
	}
	_, err = SubmitOpinion(db, 0, resident.ID, "의견", "도시", "", t0)
	wantErr(t, err, ErrNotFound)
	_, err = SubmitOpinion(db, 7, mkUser(t, db, unverified).ID, "의견", "도시", "", t0)
	wantErr(t, err, ErrNotVerified)
	_, err = SubmitOpinion(db, 7, 9999, "의견", "도시", "", t0)
	wantErr(t, err, ErrNotFound)
	if n := countRows(t, db, &Opinion{}); n != 1 {
		t.Errorf("%d opinions stored, want 1", n)
	}

	// staff handle it like any other
	staff := mkUser(t, db, asStaff)
	wantErr(t, ChangeOpinionState(db, o.ID, staff.ID, reply(OpinionAdopted, "치수과"), t0.Add(day)), nil)
}

func TestListOpinions(t *testing.T) {
	db := newTestDB(t)
	staff := mkUser(t, db, asStaff)
	resident := mkUser(t, db)
	record := func(category, dong, source, heard string) *Opinion {
		in := OpinionInput{Body: "의견 " + source, Category: category, Dong: dong, Source: source, HeardOn: heard}
		o, err := RecordOpinion(db, staff.ID, in, t0)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	a := record("도시", "문래동", "청년 간담회", "2024-02-01")
	b := record("도시", "여의동", "자영업자 간담회", "2024-02-20")
	c := record("교육문화", "문래동", "경비근로자 간담회", "2024-02-10")
	wantErr(t, ChangeOpinionState(db, b.ID, staff.ID, reply(OpinionRejected, "도시계획과"), t0), nil)
	m, err := SubmitOpinion(db, 3, resident.ID, "회의 의견", "도시", "", t0)
	wantErr(t, err, nil)

	cases := []struct {
		q    OpinionQuery
		want []uint
	}{
		{OpinionQuery{}, []uint{m.ID, b.ID, c.ID, a.ID}}, // latest heard first
		{OpinionQuery{State: OpinionReceived}, []uint{m.ID, c.ID, a.ID}},
		{OpinionQuery{State: OpinionRejected}, []uint{b.ID}},
		{OpinionQuery{Category: "도시"}, []uint{m.ID, b.ID, a.ID}},
		{OpinionQuery{Category: "도시", Dong: "문래동"}, []uint{a.ID}},
		{OpinionQuery{Q: "간담회 경비"}, []uint{c.ID}},
		{OpinionQuery{Q: "100%"}, nil},
		{OpinionQuery{State: "unknown", Category: "주차"}, []uint{m.ID, b.ID, c.ID, a.ID}}, // unknown filters are dropped
		{OpinionQuery{PerPage: 2, Page: 2}, []uint{c.ID, a.ID}},
	}
	for _, tc := range cases {
		got, total, err := ListOpinions(db, tc.q)
		wantErr(t, err, nil)
		var ids []uint
		for _, o := range got {
			ids = append(ids, o.ID)
		}
		if !reflect.DeepEqual(ids, tc.want) {
			t.Errorf("%+v: %v, want %v", tc.q, ids, tc.want)
		}
		if tc.q.PerPage == 0 && total != int64(len(tc.want)) {
			t.Errorf("%+v: total %d", tc.q, total)
		}
	}

	counts, total, err := CountOpinions(db)
	wantErr(t, err, nil)
	want := []OpinionCount{{OpinionReceived, 3}, {OpinionReviewing, 0}, {OpinionAdopted, 0}, {OpinionPartly, 0}, {OpinionRejected, 1}}
	if !reflect.DeepEqual(counts, want) || total != 4 {
		t.Errorf("counts %v (%d), want %v", counts, total, want)
	}

	for3, err := OpinionsForMeeting(db, 3)
	wantErr(t, err, nil)
	if len(for3) != 1 || for3[0].ID != m.ID || for3[0].ResidentName() == "" {
		t.Errorf("opinions for meeting 3: %+v", for3)
	}
	if none, _ := OpinionsForMeeting(db, 4); len(none) != 0 {
		t.Errorf("opinions for meeting 4: %+v", none)
	}
	if _, err := FindOpinion(db, 9999); !errors.Is(err, ErrNotFound) {
		t.Errorf("find missing: %v", err)
	}
}

func TestOpinionExcerpt(t *testing.T) {
	o := Opinion{Body: "첫 줄\n\n둘째   줄"}
	if o.Excerpt() != "첫 줄 둘째 줄" {
		t.Errorf("excerpt %q", o.Excerpt())
	}
	o.Body = strings.Repeat("가", 130)
	if got := o.Excerpt(); got != strings.Repeat("가", 120)+"…" {
		t.Errorf("excerpt %q", got)
	}
}
