package meetings_test

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
	"ydp1/models/meetings"
	"ydp1/models/modeltest"
)

func opinionInput() meetings.OpinionInput {
	return meetings.OpinionInput{
		Body:     "경비실에 냉방기가 없어 여름마다 힘듭니다. 공동주택 지원사업으로 경비실 냉방기 설치를 도와주세요.",
		Category: "복지보건·다문화", Dong: "신길5동",
		Source: "찾아가는 영등포1번가 — 경비근로자 간담회", HeardOn: "2024-03-01",
	}
}

func mkOpinion(t testing.TB, db *gorm.DB, staff *models.User) *meetings.Opinion {
	t.Helper()
	o, err := meetings.RecordOpinion(db, staff.ID, opinionInput(), modeltest.T0)
	if err != nil {
		t.Fatalf("record opinion: %v", err)
	}
	return o
}

// reply is a valid final reply by the given department.
func reply(state meetings.OpinionState, dept string) meetings.OpinionChange {
	return meetings.OpinionChange{State: state, Department: dept, Reply: dept + "에서 검토했습니다. 내년 예산에 반영하겠습니다."}
}

// opinionIn records an opinion and moves it into state s through the valid path.
func opinionIn(t testing.TB, db *gorm.DB, staff *models.User, s meetings.OpinionState) *meetings.Opinion {
	t.Helper()
	o := mkOpinion(t, db, staff)
	var path []meetings.OpinionState
	switch {
	case s == meetings.OpinionReviewing:
		path = []meetings.OpinionState{meetings.OpinionReviewing}
	case s.Final():
		path = []meetings.OpinionState{meetings.OpinionReviewing, s}
	}
	for i, next := range path {
		if err := meetings.ChangeOpinionState(db, o.ID, staff.ID, reply(next, "주택과"), modeltest.T0.Add(time.Duration(i+1)*time.Hour)); err != nil {
			t.Fatalf("move opinion to %s: %v", next, err)
		}
	}
	got, err := meetings.FindOpinion(db, o.ID)
	if err != nil || got.State != s {
		t.Fatalf("opinion in %v (%v), want %s", got, err, s)
	}
	return got
}

func TestRecordOpinionValidates(t *testing.T) {
	db := modeltest.NewDB(t)
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	cases := []struct {
		name string
		edit func(*meetings.OpinionInput)
		want []string
	}{
		{"empty", func(in *meetings.OpinionInput) { *in = meetings.OpinionInput{} }, []string{"body", "category", "heard_on", "source"}},
		{"too long", func(in *meetings.OpinionInput) { in.Body = strings.Repeat("가", meetings.MaxOpinionBody+1) }, []string{"body"}},
		{"unknown category and dong", func(in *meetings.OpinionInput) { in.Category, in.Dong = "주차", "신길2동" }, []string{"category", "dong"}},
		{"meeting id not a number", func(in *meetings.OpinionInput) { in.Source, in.MeetingID = "", "열두" }, []string{"meeting_id"}},
		{"source too long", func(in *meetings.OpinionInput) { in.Source = strings.Repeat("가", meetings.MaxOpinionSource+1) }, []string{"source"}},
		{"date in the future", func(in *meetings.OpinionInput) { in.HeardOn = "2024-03-05" }, []string{"heard_on"}},
		{"date not a date", func(in *meetings.OpinionInput) { in.HeardOn = "3월 1일" }, []string{"heard_on"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := opinionInput()
			c.edit(&in)
			_, err := meetings.RecordOpinion(db, staff.ID, in, modeltest.T0)
			if got := modeltest.FieldErrors(t, err); !reflect.DeepEqual(got, c.want) {
				t.Errorf("errors on %v, want %v", got, c.want)
			}
		})
	}
	if n := modeltest.CountRows(t, db, &meetings.Opinion{}); n != 0 {
		t.Errorf("%d opinions stored from refused forms", n)
	}
}

func TestRecordOpinion(t *testing.T) {
	db := modeltest.NewDB(t)
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	in := opinionInput()
	in.Body = "  경비실 냉방기를\r\n지원해 주세요  "
	o, err := meetings.RecordOpinion(db, staff.ID, in, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	got, err := meetings.FindOpinion(db, o.ID)
	modeltest.WantErr(t, err, nil)
	heard := time.Date(2024, 3, 1, 0, 0, 0, 0, models.Seoul)
	if got.State != meetings.OpinionReceived || got.Body != "경비실 냉방기를\n지원해 주세요" || got.MeetingID != nil ||
		got.Source != in.Source || !got.HeardAt.Equal(heard) || got.Recorder == nil || got.Recorder.ID != staff.ID || got.FromResident() {
		t.Errorf("stored %+v", got)
	}
	steps, err := meetings.OpinionHistory(db, o.ID)
	modeltest.WantErr(t, err, nil)
	if len(steps) != 1 || steps[0].State != meetings.OpinionReceived || steps[0].StaffID == nil || *steps[0].StaffID != staff.ID {
		t.Errorf("history %+v", steps)
	}
	if n := modeltest.CountRows(t, db, &models.AuditEntry{}, "action = ? AND target_type = ? AND target_id = ? AND actor_id = ?", meetings.AuditOpinionRecord, "opinion", o.ID, staff.ID); n != 1 {
		t.Errorf("%d audit entries for the record", n)
	}

	// a meeting chosen instead of a source
	m := modeltest.MkMeeting(t, db, 10)
	in = opinionInput()
	in.Source, in.MeetingID = "", " "+modeltest.ItoaPlain(int(m.ID))+" "
	o, err = meetings.RecordOpinion(db, staff.ID, in, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	if o.MeetingID == nil || *o.MeetingID != m.ID {
		t.Errorf("meeting id %v, want %d", o.MeetingID, m.ID)
	}

	// the server still checks the meeting exists
	in.MeetingID = modeltest.ItoaPlain(int(m.ID) + 100)
	_, err = meetings.RecordOpinion(db, staff.ID, in, modeltest.T0)
	if errs, ok := models.AsErrors(err); !ok || errs["meeting_id"] == "" {
		t.Errorf("an unknown meeting: %v", err)
	}
}

func TestOpinionMeetingsNearestFirst(t *testing.T) {
	db := modeltest.NewDB(t)
	staff := modeltest.MkUser(t, db, func(u *models.User) { u.Role = models.RoleStaff })
	mk := func(title string, start time.Time, publish bool) uint {
		in := meetings.Input{Kind: meetings.KindTownHall, Title: title, Place: "영등포아트홀",
			StartsAt: meetings.FormTime(&start), EndsAt: meetings.FormTime(modeltest.Ptr(start.Add(2 * time.Hour)))}
		m, err := meetings.CreateMeeting(db, staff.ID, in, modeltest.T0.Add(-90*modeltest.Day))
		modeltest.WantErr(t, err, nil)
		if publish {
			modeltest.WantErr(t, meetings.PublishMeeting(db, m.ID, staff.ID, modeltest.T0.Add(-90*modeltest.Day)), nil)
		}
		return m.ID
	}
	old := mk("지난봄 타운홀미팅", modeltest.T0.Add(-60*modeltest.Day), true)
	next := mk("다음 주 타운홀미팅", modeltest.T0.Add(6*modeltest.Day), true)
	last := mk("지난주 간담회", modeltest.T0.Add(-3*modeltest.Day), true)
	far := mk("내년 타운홀미팅", modeltest.T0.Add(40*modeltest.Day), true)
	mk("준비 중인 모임", modeltest.T0.Add(-1*modeltest.Day), false) // a draft is not offered

	got, err := meetings.OpinionMeetings(db, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	var ids []uint
	for _, m := range got {
		ids = append(ids, m.ID)
	}
	if want := []uint{last, next, far, old}; !slices.Equal(ids, want) {
		t.Errorf("meetings %v, want %v (nearest to now first, no drafts)", ids, want)
	}
}

func TestOpinionTransitions(t *testing.T) {
	cases := []struct {
		from   meetings.OpinionState
		change meetings.OpinionChange
		fields []string // validation errors expected; nil for success
	}{
		{meetings.OpinionReceived, meetings.OpinionChange{State: meetings.OpinionReviewing}, nil},
		{meetings.OpinionReceived, meetings.OpinionChange{State: meetings.OpinionReviewing, Department: "주택과", Reply: "현장을 확인하겠습니다."}, nil},
		{meetings.OpinionReceived, reply(meetings.OpinionAdopted, "주택과"), nil},
		{meetings.OpinionReviewing, reply(meetings.OpinionAdopted, "주택과"), nil},
		{meetings.OpinionReviewing, reply(meetings.OpinionPartly, "주택과"), nil},
		{meetings.OpinionReviewing, reply(meetings.OpinionRejected, "주택과"), nil},
		// a final state needs the department and the reply
		{meetings.OpinionReviewing, meetings.OpinionChange{State: meetings.OpinionAdopted}, []string{"department", "reply"}},
		{meetings.OpinionReviewing, meetings.OpinionChange{State: meetings.OpinionPartly, Department: "주택과"}, []string{"reply"}},
		{meetings.OpinionReceived, meetings.OpinionChange{State: meetings.OpinionRejected, Reply: "어렵습니다."}, []string{"department"}},
		{meetings.OpinionReviewing, meetings.OpinionChange{State: meetings.OpinionRejected, Department: strings.Repeat("과", models.MaxDepartment+1), Reply: "x"}, []string{"department"}},
		{meetings.OpinionReviewing, meetings.OpinionChange{State: meetings.OpinionAdopted, Department: "주택과", Reply: strings.Repeat("가", meetings.MaxOpinionReply+1)}, []string{"reply"}},
		// forward only
		{meetings.OpinionReceived, meetings.OpinionChange{State: meetings.OpinionReceived}, []string{"state"}},
		{meetings.OpinionReviewing, meetings.OpinionChange{State: meetings.OpinionReviewing}, []string{"state"}},
		{meetings.OpinionReviewing, meetings.OpinionChange{State: meetings.OpinionReceived}, []string{"state"}},
		{meetings.OpinionReviewing, meetings.OpinionChange{State: "closed"}, []string{"state"}},
		{meetings.OpinionReviewing, meetings.OpinionChange{}, []string{"state"}},
		// no change after a final state
		{meetings.OpinionAdopted, reply(meetings.OpinionRejected, "주택과"), []string{"state"}},
		{meetings.OpinionPartly, meetings.OpinionChange{State: meetings.OpinionReviewing}, []string{"state"}},
		{meetings.OpinionRejected, meetings.OpinionChange{State: meetings.OpinionReceived}, []string{"state"}},
		{meetings.OpinionAdopted, meetings.OpinionChange{State: meetings.OpinionAdopted, Department: "주택과"}, []string{"reply"}},
		{meetings.OpinionAdopted, reply(meetings.OpinionAdopted, "주택과"), []string{"reply"}}, // nothing to correct
	}
	for i, c := range cases {
		// unique names: a "#01" suffix would end up in the database path, where SQLite reads it as a URI fragment
		t.Run(fmt.Sprintf("%02d %s to %s", i, c.from, c.change.State), func(t *testing.T) {
			db := modeltest.NewDB(t)
			staff := modeltest.MkUser(t, db, modeltest.AsStaff)
			o := opinionIn(t, db, staff, c.from)
			steps := modeltest.CountRows(t, db, &meetings.OpinionStep{})
			audits := modeltest.CountRows(t, db, &models.AuditEntry{})
			now := modeltest.T0.Add(modeltest.Day)
			c.change.From = c.from
			err := meetings.ChangeOpinionState(db, o.ID, staff.ID, c.change, now)
			got, _ := meetings.FindOpinion(db, o.ID)
			if c.fields != nil {
				if f := modeltest.FieldErrors(t, err); !reflect.DeepEqual(f, c.fields) {
					t.Errorf("errors on %v, want %v", f, c.fields)
				}
				if got.State != c.from || modeltest.CountRows(t, db, &meetings.OpinionStep{}) != steps || modeltest.CountRows(t, db, &models.AuditEntry{}) != audits {
					t.Errorf("a refused change was stored: %s, %d steps", got.State, modeltest.CountRows(t, db, &meetings.OpinionStep{}))
				}
				return
			}
			modeltest.WantErr(t, err, nil)
			if got.State != c.change.State || got.Department != c.change.Department || got.Reply != strings.TrimSpace(c.change.Reply) {
				t.Errorf("opinion %s %q %q after the change to %+v", got.State, got.Department, got.Reply, c.change)
			}
			if c.change.State.Final() != (got.RepliedAt != nil && got.RepliedAt.Equal(now)) {
				t.Errorf("replied at %v", got.RepliedAt)
			}
			history, _ := meetings.OpinionHistory(db, o.ID)
			last := history[len(history)-1]
			if len(history) != int(steps)+1 || last.State != c.change.State || last.Reply != got.Reply || last.Corrected ||
				last.StaffID == nil || *last.StaffID != staff.ID || !last.CreatedAt.Equal(now) {
				t.Errorf("history %+v", history)
			}
			if n := modeltest.CountRows(t, db, &models.AuditEntry{}, "action = ? AND target_id = ? AND after LIKE ?", meetings.AuditOpinionState, o.ID, `%"`+string(c.change.State)+`"%`); n != 1 {
				t.Errorf("%d audit entries for the change", n)
			}
		})
	}
}

func TestCorrectingAFinalReplyKeepsTheHistory(t *testing.T) {
	db := modeltest.NewDB(t)
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	other := modeltest.MkUser(t, db, modeltest.AsStaff)
	o := opinionIn(t, db, staff, meetings.OpinionPartly)
	repliedAt := *o.RepliedAt
	fix := meetings.OpinionChange{From: meetings.OpinionPartly, State: meetings.OpinionPartly, Department: "건축과", Reply: "담당부서를 바로잡습니다. 건축과에서 일부 지원합니다."}
	modeltest.WantErr(t, meetings.ChangeOpinionState(db, o.ID, other.ID, fix, modeltest.T0.Add(2*modeltest.Day)), nil)

	got, _ := meetings.FindOpinion(db, o.ID)
	if got.State != meetings.OpinionPartly || got.Department != "건축과" || got.Reply != fix.Reply || !got.RepliedAt.Equal(repliedAt) {
		t.Errorf("after correction: %s %q %q replied %v", got.State, got.Department, got.Reply, got.RepliedAt)
	}
	history, _ := meetings.OpinionHistory(db, o.ID)
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
	if n := modeltest.CountRows(t, db, &models.AuditEntry{}, "action = ? AND target_id = ? AND actor_id = ? AND before LIKE ?", meetings.AuditOpinionReplyEdit, o.ID, other.ID, "%주택과%"); n != 1 {
		t.Errorf("%d audit entries for the correction", n)
	}
}

func TestOpinionChangeIsGuarded(t *testing.T) {
	db := modeltest.NewDB(t)
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)

	// the state moved since the form was opened
	o := opinionIn(t, db, staff, meetings.OpinionReviewing)
	err := meetings.ChangeOpinionState(db, o.ID, staff.ID, meetings.OpinionChange{From: meetings.OpinionReceived, State: meetings.OpinionReviewing}, modeltest.T0.Add(modeltest.Day))
	modeltest.WantErr(t, err, models.ErrStateChanged)
	// two staff members answer the same opinion from the same page: the second does not overwrite the first
	modeltest.WantErr(t, meetings.ChangeOpinionState(db, o.ID, staff.ID, meetings.OpinionChange{From: meetings.OpinionReviewing, State: meetings.OpinionAdopted, Department: "주택과", Reply: "반영합니다."}, modeltest.T0.Add(modeltest.Day)), nil)
	err = meetings.ChangeOpinionState(db, o.ID, staff.ID, meetings.OpinionChange{From: meetings.OpinionReviewing, State: meetings.OpinionAdopted, Department: "건축과", Reply: "반영합니다!"}, modeltest.T0.Add(modeltest.Day))
	modeltest.WantErr(t, err, models.ErrStateChanged)
	got, _ := meetings.FindOpinion(db, o.ID)
	if got.Department != "주택과" {
		t.Errorf("the late answer overwrote the first: %q", got.Department)
	}
	modeltest.WantErr(t, meetings.ChangeOpinionState(db, 9999, staff.ID, meetings.OpinionChange{State: meetings.OpinionReviewing}, modeltest.T0), models.ErrNotFound)

	// many at once: exactly one moves it
	o = mkOpinion(t, db, staff)
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, changed := 0, 0
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := meetings.ChangeOpinionState(db, o.ID, staff.ID, meetings.OpinionChange{From: meetings.OpinionReceived, State: meetings.OpinionReviewing}, modeltest.T0.Add(modeltest.Day))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				ok++
			case errors.Is(err, models.ErrStateChanged):
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
	if n := modeltest.CountRows(t, db, &meetings.OpinionStep{}, "opinion_id = ? AND state = ?", o.ID, meetings.OpinionReviewing); n != 1 {
		t.Errorf("%d history rows for one change", n)
	}
}

func TestSubmitOpinionByResident(t *testing.T) {
	db := modeltest.NewDB(t)
	resident := modeltest.MkUser(t, db, func(u *models.User) { u.Name = "김영희" })
	o, err := meetings.SubmitOpinion(db, 7, resident.ID, " 회의 때 못 한 말: 도림천 자전거도로에 조명이 필요합니다. ", "생활환경·교통안전", "도림동", modeltest.T0)
	modeltest.WantErr(t, err, nil)
	got, _ := meetings.FindOpinion(db, o.ID)
	if !got.FromResident() || got.ResidentName() != "김*희" || got.RecordedBy != nil || *got.MeetingID != 7 ||
		got.State != meetings.OpinionReceived || got.Body != "회의 때 못 한 말: 도림천 자전거도로에 조명이 필요합니다." || !got.HeardAt.Equal(modeltest.T0) {
		t.Errorf("stored %+v", got)
	}
	history, _ := meetings.OpinionHistory(db, o.ID)
	if len(history) != 1 || history[0].StaffID != nil {
		t.Errorf("history %+v", history)
	}

	_, err = meetings.SubmitOpinion(db, 7, resident.ID, "", "주차", "신길2동", modeltest.T0)
	if got := modeltest.FieldErrors(t, err); !reflect.DeepEqual(got, []string{"body", "category", "dong"}) {
		t.Errorf("errors on %v", got)
	}
	_, err = meetings.SubmitOpinion(db, 0, resident.ID, "의견", "도시", "", modeltest.T0)
	modeltest.WantErr(t, err, models.ErrNotFound)
	_, err = meetings.SubmitOpinion(db, 7, modeltest.MkUser(t, db, modeltest.Unverified).ID, "의견", "도시", "", modeltest.T0)
	modeltest.WantErr(t, err, models.ErrNotVerified)
	_, err = meetings.SubmitOpinion(db, 7, 9999, "의견", "도시", "", modeltest.T0)
	modeltest.WantErr(t, err, models.ErrNotFound)
	if n := modeltest.CountRows(t, db, &meetings.Opinion{}); n != 1 {
		t.Errorf("%d opinions stored, want 1", n)
	}

	// staff handle it like any other
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	modeltest.WantErr(t, meetings.ChangeOpinionState(db, o.ID, staff.ID, reply(meetings.OpinionAdopted, "치수과"), modeltest.T0.Add(modeltest.Day)), nil)
}

func TestListOpinions(t *testing.T) {
	db := modeltest.NewDB(t)
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	resident := modeltest.MkUser(t, db)
	record := func(category, dong, source, heard string) *meetings.Opinion {
		in := meetings.OpinionInput{Body: "의견 " + source, Category: category, Dong: dong, Source: source, HeardOn: heard}
		o, err := meetings.RecordOpinion(db, staff.ID, in, modeltest.T0)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	a := record("도시", "문래동", "청년 간담회", "2024-02-01")
	b := record("도시", "여의동", "자영업자 간담회", "2024-02-20")
	c := record("교육문화", "문래동", "경비근로자 간담회", "2024-02-10")
	modeltest.WantErr(t, meetings.ChangeOpinionState(db, b.ID, staff.ID, reply(meetings.OpinionRejected, "도시계획과"), modeltest.T0), nil)
	m, err := meetings.SubmitOpinion(db, 3, resident.ID, "회의 의견", "도시", "", modeltest.T0)
	modeltest.WantErr(t, err, nil)

	cases := []struct {
		q    meetings.OpinionQuery
		want []uint
	}{
		{meetings.OpinionQuery{}, []uint{m.ID, b.ID, c.ID, a.ID}}, // latest heard first
		{meetings.OpinionQuery{State: meetings.OpinionReceived}, []uint{m.ID, c.ID, a.ID}},
		{meetings.OpinionQuery{State: meetings.OpinionRejected}, []uint{b.ID}},
		{meetings.OpinionQuery{Category: "도시"}, []uint{m.ID, b.ID, a.ID}},
		{meetings.OpinionQuery{Category: "도시", Dong: "문래동"}, []uint{a.ID}},
		{meetings.OpinionQuery{Q: "간담회 경비"}, []uint{c.ID}},
		{meetings.OpinionQuery{Q: "100%"}, nil},
		{meetings.OpinionQuery{State: "unknown", Category: "주차"}, []uint{m.ID, b.ID, c.ID, a.ID}}, // unknown filters are dropped
		{meetings.OpinionQuery{PerPage: 2, Page: 2}, []uint{c.ID, a.ID}},
	}
	for _, tc := range cases {
		got, total, err := meetings.ListOpinions(db, tc.q)
		modeltest.WantErr(t, err, nil)
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

	counts, total, err := meetings.CountOpinions(db)
	modeltest.WantErr(t, err, nil)
	want := []meetings.OpinionCount{{meetings.OpinionReceived, 3}, {meetings.OpinionReviewing, 0}, {meetings.OpinionAdopted, 0}, {meetings.OpinionPartly, 0}, {meetings.OpinionRejected, 1}}
	if !reflect.DeepEqual(counts, want) || total != 4 {
		t.Errorf("counts %v (%d), want %v", counts, total, want)
	}

	for3, err := meetings.OpinionsForMeeting(db, 3)
	modeltest.WantErr(t, err, nil)
	if len(for3) != 1 || for3[0].ID != m.ID || for3[0].ResidentName() == "" {
		t.Errorf("opinions for meeting 3: %+v", for3)
	}
	if none, _ := meetings.OpinionsForMeeting(db, 4); len(none) != 0 {
		t.Errorf("opinions for meeting 4: %+v", none)
	}
	if _, err := meetings.FindOpinion(db, 9999); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("find missing: %v", err)
	}
}

func TestOpinionExcerpt(t *testing.T) {
	o := meetings.Opinion{Body: "첫 줄\n\n둘째   줄"}
	if o.Excerpt() != "첫 줄 둘째 줄" {
		t.Errorf("excerpt %q", o.Excerpt())
	}
	o.Body = strings.Repeat("가", 130)
	if got := o.Excerpt(); got != strings.Repeat("가", 120)+"…" {
		t.Errorf("excerpt %q", got)
	}
}
