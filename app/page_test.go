package app

import (
	"io"
	"net/url"
	"strings"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/deliberations"
	"ydp1/models/ideas"
	"ydp1/models/meetings"
	"ydp1/models/petitions"
)

// TestPagesRender executes every page of views/ with its page struct, as an
// anonymous visitor, a resident and a staff member with a form shown again:
// a field a template names and the struct lacks fails here, not in front of
// a resident.
func TestPagesRender(t *testing.T) {
	a := &App{now: func() time.Time { return time.Now().UTC() }}
	var err error
	if a.assets, err = loadAssets(); err != nil {
		t.Fatal(err)
	}
	if _, err := loadCatalogs(); err != nil {
		t.Fatal(err)
	}
	views, err := loadViews(a.funcs(), a.langFuncs)
	if err != nil {
		t.Fatal(err)
	}
	samples := pageSamples()
	for key := range views.pages {
		if _, name, _ := strings.Cut(key, " "); len(samples[name]) == 0 {
			t.Errorf("page %s has no sample in pageSamples", name)
		}
	}
	for key, pages := range samples {
		for _, l := range langs {
			name := key
			tpl, ok := views.pages[l.Code+" "+name]
			if !ok {
				t.Errorf("pageSamples names %s, which views/ lacks", name)
				continue
			}
			visitors := sampleVisitors()
			switch {
			case strings.HasPrefix(name, "admin/"):
				visitors = visitors[2:]
			case !anonymousPages[name]:
				visitors = visitors[1:]
			}
			for i, pg := range pages {
				for _, visitor := range visitors {
					*pg.Base() = visitor(*pg.Base())
					pg.Base().Lang = l
					for _, part := range tpl.Templates() {
						n := part.Name()
						if n != "content" && n != "layout.html" && !strings.HasPrefix(n, "slot-") {
							continue
						}
						var data any = pg
						if n == "layout.html" {
							data = pg.Base() // as the renderer does
						}
						if err := tpl.ExecuteTemplate(io.Discard, n, data); err != nil {
							t.Errorf("%s %s, sample %d, %s: %v", l.Code, name, i, pg.Base().Path, err)
						}
					}
				}
			}
		}
	}
}

// anonymousPages are the pages a visitor sees without logging in; the
// others are executed for a resident and staff, the desk's for staff.
var anonymousPages = map[string]bool{
	"home": true, "error": true, "stats": true, "api/docs": true, "unsubscribe": true, "ideas/index": true,
	"petitions/index": true, "petitions/show": true, "meetings/index": true, "meetings/show": true,
	"opinions/index": true, "opinions/show": true, "auth/signup": true, "auth/login": true,
	"auth/verify": true, "auth/forgot": true, "auth/reset": true,
}

// sampleVisitors fill the base of a page as render does, for each kind of visitor.
func sampleVisitors() []func(base) base {
	settings := models.Settings{Threshold: 1000, PreconsentGoal: 30, PreconsentDays: 30, PetitionDays: 30, AnswerDays: 30,
		DeptAnswerDays: 14, AnonymiseMonths: 6, ReportLimit: 3, Notice: "점검 안내"}
	common := func(b base, u *models.User, path string) base {
		b.User, b.CSRF, b.Path, b.Here, b.BaseURL, b.Settings, b.Notice = u, "token", path, "/here", "https://example.org", &settings, settings.Notice
		b.Flash = []flashMsg{{"success", "저장했습니다."}}
		if b.Form == nil {
			b.Form = url.Values{}
		}
		if b.Errors == nil {
			b.Errors = models.Errors{}
		}
		return b
	}
	now := time.Now()
	return []func(base) base{
		func(b base) base { return common(b, nil, "anonymous") },
		func(b base) base {
			return common(b, &models.User{ID: 2, Name: "홍길동", Email: "hong@example.org", Dong: "여의동", Role: models.RoleResident,
				VerifiedAt: &now, LastLoginAt: &now, PreviousLoginAt: &now, NotifyOwn: true}, "resident")
		},
		func(b base) base {
			b = common(b, &models.User{ID: 1, Name: "김담당", Email: "kim@example.org", Role: models.RoleAdmin, VerifiedAt: &now}, "staff")
			b.Errors = models.Errors{"title": "제목을 입력해 주세요.", "body": "내용을 입력해 주세요.", "comment": "너무 깁니다."}
			b.Form = url.Values{"title": {"제목"}, "body": {"내용"}, "comment": {"공감합니다"}}
			return b
		},
	}
}

// samplePetitions are petitions in each state a page shows differently.
func samplePetitions() []*petitions.Petition {
	now := time.Now()
	later := now.Add(72 * time.Hour)
	author := models.User{ID: 2, Name: "홍길동", Dong: "여의동"}
	var out []*petitions.Petition
	for _, st := range []petitions.Status{petitions.StatusPreconsent, petitions.StatusReview, petitions.StatusOpen,
		petitions.StatusAwaitingAnswer, petitions.StatusAnswered, petitions.StatusExpired, petitions.StatusLapsed, petitions.StatusHidden} {
		p := &petitions.Petition{ID: 7, AuthorID: 2, Author: author, Title: "공원 벤치 설치", Category: "환경", Dong: "여의동",
			Body: "벤치가 필요합니다.\n\n둘째 문단", Status: st, ShareToken: "share", SupportCount: 12, PreconsentGoal: 30,
			PreconsentEndsAt: later, Threshold: 1000, AnswerDays: 30, OpenedAt: &now, ClosesAt: &later, AnswerDueAt: &later,
			HiddenReason: "기타", HiddenNote: "메모", HiddenAt: &now, CreatedAt: now, UpdatedAt: now}
		if st == petitions.StatusAnswered {
			p.Answer = &petitions.Answer{Answerer: "영등포구청장", BodyHTML: "<p>답변</p>", VideoURL: "https://youtu.be/x", AnsweredAt: now,
				Translations: []petitions.AnswerTranslation{{Language: "en", Body: "Answer", BodyHTML: "<p>Answer</p>", Note: "번역 메모", UpdatedAt: now}}}
			p.DeptAnswer = &petitions.DeptAnswer{Department: "공원녹지과", BodyHTML: "<p>답변</p>", AnsweredAt: now, UpdatedAt: now}
		}
		out = append(out, p)
	}
	return out
}

// sampleMeetings are meetings in the states a page shows differently.
func sampleMeetings() []*meetings.Meeting {
	now := time.Now()
	later := now.Add(72 * time.Hour)
	open := &meetings.Meeting{ID: 5, Kind: meetings.Kinds[0], Title: "여의동 타운홀미팅", Intro: "소개", Agenda: "하나\n둘",
		Region: "1권역", Dong: "여의동", Place: "여의동 주민센터", StartsAt: later, EndsAt: later.Add(2 * time.Hour),
		BookingEnabled: true, Capacity: 30, BookingOpensAt: &now, BookingClosesAt: &later, Terms: "약관", BookedCount: 3,
		PublishedAt: &now, CreatedAt: now, UpdatedAt: now}
	past := *open
	past.ID, past.StartsAt, past.EndsAt = 6, now.Add(-72*time.Hour), now.Add(-70*time.Hour)
	past.Minutes, past.MinutesHTML, past.Attendees, past.MainOpinions, past.FollowUps, past.ResultsAt =
		"회의록", "<p>회의록</p>", 20, "의견", "후속 조치", &now
	cancelled := *open
	cancelled.ID, cancelled.CancelledAt, cancelled.CancelReason, cancelled.OnlineURL = 7, &now, "태풍", "https://example.org/live"
	draft := *open
	draft.ID, draft.PublishedAt = 8, nil
	return []*meetings.Meeting{open, &past, &cancelled, &draft}
}

// deskSamples are the desk's meeting and 창의 아이디어단 pages.
func deskSamples(staff *models.User, ms []*meetings.Meeting, now time.Time) map[string][]pager {
	booking := &meetings.Booking{ID: 1, MeetingID: ms[0].ID, Meeting: ms[0], User: staff, Code: "ABCD", Status: meetings.BookingBooked,
		Question: "주차는 되나요?", CheckedInAt: &now, CreatedAt: now}
	waiting := &meetings.Booking{ID: 2, MeetingID: ms[0].ID, Meeting: ms[0], User: staff, Code: "EFGH", Status: meetings.BookingWaiting, CreatedAt: now}
	bureau := ideas.Bureau{ID: 1, Name: "행정국", CreatedAt: now}
	team := ideas.BureauSummary{Bureau: bureau, Members: 8, LastMeeting: &now}
	round := &ideas.ReviewRound{ID: 1, Name: "2026년 1차", ScaleMax: 5, Rule: ideas.RankTrimmed, ClosesAt: now.Add(time.Hour), CreatedAt: now}
	closed := *round
	closed.ID, closed.ClosedAt = 2, &now
	proposer := []ideas.IdeaProposer{{UserID: staff.ID, User: staff, PublishName: true}}
	idea := &ideas.Idea{ID: 1, Title: "종이 없는 회의", Problem: "종이", Proposal: "태블릿", Effect: "절감", Department: "총무과",
		State: ideas.IdeaReviewing, BureauID: &bureau.ID, Bureau: &bureau, Submitter: staff, Proposers: proposer, CreatedAt: now, UpdatedAt: now}
	adopted := *idea
	adopted.ID, adopted.State, adopted.AdoptedAt, adopted.DueOn = 2, ideas.IdeaAdopted, &now, &now
	adopted.Award = &ideas.IdeaAward{Year: 2026, Grade: "우수", Amount: 300000, Override: true, OverrideReason: "특별", CreatedAt: now}
	members := []ideas.CommitteeMember{{ID: 1, UserID: staff.ID, User: staff, Position: "행정국장", CreatedAt: now}}
	score := ideas.Score{ID: 1, Member: staff, Creativity: 4, Economy: 3, Practicality: 5, Scope: 2, Remark: "좋음", CreatedAt: now}
	budget := ideas.BudgetStatus{Year: 2026, Budget: 1000000, Granted: 300000, Awards: 1}
	meeting := ideas.IdeaMeeting{ID: 1, BureauID: 1, Bureau: &bureau, HeldOn: now, Notes: "회의", CreatedAt: now}
	out := map[string][]pager{
		"admin/meetings": {&deskMeetingsPage{Upcoming: []meetings.Meeting{*ms[0], *ms[3]}, Past: []meetings.Meeting{*ms[1], *ms[2]}}},
		"admin/bookings": {&bookingsPage{Meeting: ms[0], Bookings: []meetings.Booking{*booking, *waiting}, Questions: []meetings.Booking{*booking}, CheckedIn: 1}},
		"admin/checkin": {&checkInPage{Meeting: ms[0]}, &checkInPage{Meeting: ms[0], Code: "ABCD", Scanned: true, Booking: booking},
			&checkInPage{Meeting: ms[0], Result: "checked_in", Booking: booking}, &checkInPage{Meeting: ms[0], Result: "again", Booking: booking},
			&checkInPage{Meeting: ms[0], Result: meetings.BookingWaiting, Booking: waiting}, &checkInPage{Meeting: ms[0], Code: "ZZZZ", Scanned: true}},
		"admin/results": {&resultsPage{Meeting: ms[1], Input: meetings.ResultInput{Minutes: "회의록", Attendees: "20"}, CheckedIn: 18},
			&resultsPage{Meeting: ms[0], NotStarted: true, Refused: true}},
		"admin/ideas": {&deskIdeasPage{Ideas: []ideas.Idea{*idea, adopted}, Counts: []ideas.IdeaCount{{State: ideas.IdeaReviewing, N: 1}},
			Query: ideas.Query{State: ideas.IdeaReviewing}, Teams: []ideas.BureauSummary{team}, Small: []ideas.BureauSummary{team},
			Silent: []ideas.BureauSummary{team}, Overdue: []ideas.Idea{adopted}, Budget: budget, MyRounds: []ideas.ReviewRound{*round, closed},
			Quarter: 1, Now: now, States: ideas.IdeaStates}},
		"admin/ideas_new": {&ideaFormPage{Staff: []models.User{*staff}, Teams: []ideas.BureauSummary{team}, Meetings: []ideas.IdeaMeeting{meeting},
			Chosen: map[uint]bool{staff.ID: true}}},
		"admin/ideas_show": {
			&ideaDeskPage{I: idea, History: []ideas.IdeaStep{{ID: 1, State: ideas.IdeaSubmitted, Note: "제출", Staff: staff, CreatedAt: now}},
				Round: round, Budget: budget, IsProposer: true, Grades: codeChoices(ideas.AwardGrades, ideas.GradeID), RoundMember: true},
			&ideaDeskPage{I: idea, Round: &closed, Budget: budget, Decidable: true, Grades: codeChoices(ideas.AwardGrades, ideas.GradeID)},
			&ideaDeskPage{I: &adopted, Progress: []ideas.IdeaProgress{{ID: 1, Body: "도입", Done: true, Staff: staff, CreatedAt: now}},
				Budget: budget, Overdue: true, Grades: codeChoices(ideas.AwardGrades, ideas.GradeID)},
		},
		"admin/ideas_report": {&ideaReportPage{Year: 2026, Budget: budget, Years: []int{2026, 2025, 2024},
			Rows: []ideas.IdeaReportRow{{Quarter: 1, Bureau: "행정국", Members: 10, Meetings: 2, Submitted: 3, Adopted: 1, Awards: 1, Paid: 300000},
				{Bureau: "합계", Members: 10}}}},
		"admin/ideas_committee": {&committeePage{Members: members, Rounds: []ideas.ReviewRound{*round, closed}, Staff: []models.User{*staff}, Max: 13, Now: now}},
		"admin/ideas_round_new": {&roundFormPage{Ideas: []ideas.Idea{*idea}, Members: members, Rules: ideas.RankRules, Chosen: map[uint]bool{1: true}}},
		"admin/ideas_round": {
			&roundPage{R: round, Open: true, Ranking: []ideas.RankedIdea{{Idea: *idea, Rank: 1, Score: 80, Scorers: 3, Eligible: 5}},
				Members: []ideas.RoundMember{{RoundID: 1, UserID: staff.ID, User: staff}}, Member: true, Scored: map[uint]bool{1: true}},
			&roundPage{R: &closed, Ranking: []ideas.RankedIdea{{Idea: *idea, Rank: 1, Score: 80, Scorers: 3, Eligible: 5, Criteria: [4]float64{4, 3, 5, 2}}}},
		},
		"admin/ideas_score": {
			&scorePage{R: round, I: idea, View: ideas.ScoreView{Own: &score, Others: []ideas.Score{score}, Count: 2}, Open: true,
				Criteria: ideas.ScoreCriteria, Member: true},
			&scorePage{R: &closed, I: idea, View: ideas.ScoreView{Hidden: true, Count: 1}, Own: true, Criteria: ideas.ScoreCriteria},
		},
		"admin/ideas_teams": {&teamsPage{Teams: []ideas.BureauSummary{team}, Quarter: 1, MinTeam: 10}},
		"admin/ideas_team": {&teamPage{MemberForm: url.Values{"user_id": {"1"}}, Chosen: map[uint]bool{staff.ID: true}, B: &bureau,
			Members: []models.User{*staff}, Meetings: []ideas.IdeaMeeting{meeting}, Staff: []models.User{*staff}, CanRecord: true,
			Small: true, Quarter: 1}},
	}
	for _, m := range ms {
		out["admin/meeting_form"] = append(out["admin/meeting_form"], &meetingForm{Meeting: m, Input: m.Input(), Regions: []string{"1권역"},
			Kinds: []choice{{meetings.Kinds[0], meetings.KindMsg(meetings.Kinds[0])}}, CancelReason: "태풍"})
	}
	out["admin/meeting_form"] = append(out["admin/meeting_form"], &meetingForm{Input: meetings.Input{BookingEnabled: true}})
	return out
}

// pageSamples are the pages of views/ with realistic values.
func pageSamples() map[string][]pager {
	now := time.Now()
	ps := samplePetitions()
	list := []petitions.Petition{*ps[2], *ps[4]}
	out := map[string][]pager{
		"petitions/index": {&petitionList{Query: petitions.Query{Page: 1, PerPage: 20}}, &petitionList{Items: list, Total: 40, More: true,
			Query: petitions.Query{Q: "벤치", Page: 2, PerPage: 10}, Params: url.Values{"q": {"벤치"}}}},
		"petitions/new":     {&newPetitionPage{}, &newPetitionPage{SimilarAsked: true, Similar: list, SimilarWords: []string{"벤치"}}},
		"petitions/preview": {&petitionPreview{P: ps[0]}},
		"petitions/report": {
			&reportPage{Target: &petitions.ReportTarget{Petition: ps[2]}, Reasons: []choice{{"기타", "기타"}}, Back: "/petitions/7"},
			&reportPage{Target: &petitions.ReportTarget{Petition: ps[2], Comment: &petitions.Support{ID: 3, Comment: "좋아요", CreatedAt: now}},
				Reported: true, Reasons: []choice{{"기타", "기타"}}, Back: "/petitions/7"},
		},
	}
	meeting := sampleMeetings()[0]
	for name, pg := range map[string]pager{
		"auth/signup": &base{}, "auth/login": &base{}, "account_delete": &base{},
		"auth/verify_sent": &verifySentPage{Email: "hong@example.org"},
		"auth/verify":      &verifyPage{Token: "t", Valid: true},
		"auth/forgot":      &forgotPage{Sent: "hong@example.org"},
		"auth/reset":       &resetPage{Valid: true},
		"unsubscribe":      &unsubscribePage{Email: "hong@example.org", Token: "t", Done: true},
		"me": &mePage{Mine: list, Supported: list, Bookings: []meetings.Booking{
			{ID: 1, Meeting: meeting, Code: "ABCD", Status: meetings.BookingBooked, CreatedAt: now},
			{ID: 2, Meeting: meeting, Code: "EFGH", Status: meetings.BookingWaiting, CreatedAt: now}}},
	} {
		out[name] = append(out[name], pg)
	}
	mid := uint(6)
	opinions := []meetings.Opinion{
		{ID: 1, Body: "가로등이 어둡습니다", Category: "안전", Dong: "여의동", MeetingID: &mid, State: meetings.OpinionReceived, HeardAt: now, CreatedAt: now, UpdatedAt: now},
		{ID: 2, Body: "벤치", Category: "환경", Dong: "당산1동", Source: "당산역 앞", State: meetings.OpinionAdopted,
			Department: "공원녹지과", Reply: "설치합니다", RepliedAt: &now, HeardAt: now, CreatedAt: now, UpdatedAt: now},
	}
	tallies := []petitions.MonthTally{{Month: now.AddDate(0, -1, 0), Tally: petitions.Tally{Received: 3, Published: 2, Reached: 1, Answered: 1}},
		{Month: now, Tally: petitions.Tally{Received: 5, Published: 4}}}
	cats := []petitions.CategoryTally{{Category: "환경", Tally: petitions.Tally{Received: 8, Published: 6, Reached: 1, Answered: 1}}}
	row := newStatRow("전체", tallies[0].Tally)
	for name, pg := range map[string]pager{
		"home": &homePage{Stats: petitions.Stats{Open: 3, Answered: 1, Supports: 1200}, Popular: list, Answered: list,
			Meetings: []meetings.Meeting{*sampleMeetings()[0], *sampleMeetings()[1]}, Deliberations: []deliberations.Deliberation{*sampleDeliberations()[0]},
			Opinions: opinions, Ideas: []ideas.Idea{{ID: 2, Title: "종이 없는 회의", Department: "총무과", State: ideas.IdeaAdopted, AdoptedAt: &now, DoneAt: &now}}},
		"meetings/index": &meetingList{Meetings: []meetings.Meeting{*sampleMeetings()[0], *sampleMeetings()[1]},
			Query: meetings.Query{Kind: meetings.Kinds[0], Past: true}},
		"opinions/index": &opinionList{Items: opinions, Total: 30, Query: meetings.OpinionQuery{Page: 1, PerPage: 20},
			Params: url.Values{"state": {"received"}}, States: meetings.OpinionStates,
			Counts: []meetings.OpinionCount{{State: meetings.OpinionReceived, N: 1}}, All: 2},
		"opinions/show": &opinionShow{O: &opinions[1], History: []meetings.OpinionStep{
			{ID: 1, OpinionID: 2, State: meetings.OpinionAdopted, Department: "공원녹지과", Reply: "설치합니다", Corrected: true}}},
		"api/docs": sampleAPIDocs(),
		"stats": &statsPage{Total: row, Months: []statRow{row, row}, MonthTotal: row, Period: "2026년 1월 ~ 2026년 2월",
			Categories: []statRow{row}, MonthChart: monthChart(tallies), CatChart: categoryChart(cats)},
		"ideas/index": &publicIdeasPage{Ideas: []ideas.PublicIdea{{Idea: ideas.Idea{ID: 1, Title: "종이 없는 회의", Proposal: "태블릿",
			Department: "총무과", State: ideas.IdeaDone, AdoptedAt: &now, DoneAt: &now, CreatedAt: now,
			Proposers: []ideas.IdeaProposer{{UserID: 1, User: &models.User{Name: "김담당"}, PublishName: true}}},
			Progress: []ideas.IdeaProgress{{ID: 1, Body: "도입", Done: true, CreatedAt: now}}}}},
		"error": &errorPage{Heading: "페이지를 찾을 수 없습니다", Message: "주소를 확인해 주세요.", Code: 404},
	} {
		out[name] = append(out[name], pg)
	}
	for _, m := range sampleMeetings() {
		out["meetings/show"] = append(out["meetings/show"],
			&meetingShow{M: m, State: m.StateAt(now), Opinions: opinions},
			&meetingShow{M: m, State: m.StateAt(now), Booking: &meetings.Booking{ID: 1, Meeting: m, Code: "ABCD", Status: meetings.BookingBooked, CreatedAt: now},
				ShowOnlineLink: true, Opinions: opinions, CanLeaveOpinion: true},
			&meetingShow{M: m, State: m.StateAt(now), Booking: &meetings.Booking{ID: 2, Meeting: m, Code: "EFGH", Status: meetings.BookingWaiting, CreatedAt: now},
				Position: 2})
	}
	staff := &models.User{ID: 1, Name: "김담당", Email: "kim@example.org", Role: models.RoleStaff, CreatedAt: now}
	queue := []petitions.DeskItem{{Petition: list[0], Due: &now}, {Petition: list[1]}}
	settings := models.Settings{Threshold: 1000, PreconsentGoal: 30, ReportLimit: 3}
	comment := &petitions.Support{ID: 3, Comment: "광고", User: *staff, CreatedAt: now}
	for name, pg := range map[string]pager{
		"admin/index": &deskHome{Review: queue, Awaiting: queue, Expired: queue, FailedMails: 2, Reports: 1, ReviewDays: 3,
			Jobs: []models.JobState{{Job: models.JobDaily}, {Job: models.JobDaily, Overdue: true,
				Last: &models.JobRun{Job: "daily", StartedAt: now, DurationMS: 1200, Result: `{"fixed":1}`, Error: "실패", SucceededAt: &now}}}},
		"admin/settings": &settingsPage{Values: settings.Form()},
		"admin/audit": &auditPage{Lines: []models.AuditLine{
			models.AuditEntry{ID: 1, ActorID: 1, Actor: staff, Action: "petition.publish", TargetType: "petition",
				TargetID: 7, Before: `{"status":"review"}`, After: `{"status":"open","threshold":1000}`, CreatedAt: now}.Line(nil),
			models.AuditEntry{ID: 2, Action: "job.daily", CreatedAt: now}.Line(nil),
			models.AuditEntry{ID: 3, ActorID: 1, Actor: staff, Action: "settings.change", TargetType: "settings",
				Before: `{"Threshold":1000,"Notice":"점검"}`, After: `{"Threshold":500}`, CreatedAt: now}.Line(nil)},
			Total: 120, Query: models.AuditQuery{Page: 2, PerPage: 50}, Params: url.Values{"action": {"petition.publish"}},
			Actions: labelChoices(models.AuditLabels), Targets: labelChoices(models.AuditTargetNames()),
			Actors: []written{{Value: "system", Label: "desk.jobs.title"}, {Value: "1", Label: "김담당", Lang: "ko"}}, Actor: "1"},
		"admin/mails": &mailsPage{Mails: []models.Mail{{ID: 1, To: "hong@example.org", Subject: "제목", Status: models.MailFailed, Attempts: 3,
			LastError: "거부", NextAttemptAt: now, CreatedAt: now}, {ID: 2, To: "lee@example.org", Subject: "제목", Status: models.MailSent, SentAt: &now, CreatedAt: now}},
			Total: 60, Query: models.MailQuery{Page: 1}, Params: url.Values{}, SMTP: true},
		"admin/mail": &mailPage{Mail: &models.Mail{ID: 1, To: "hong@example.org", Subject: "제목", Text: "본문", HTML: "<p>본문</p>",
			Status: models.MailSent, SentAt: &now, CreatedAt: now, ICSMeetingID: 5, QRBookingID: 1}},
		"admin/users": &usersPage{Users: []models.User{*staff}, Total: 40, Query: models.UserQuery{Page: 1, PerPage: 30},
			Params: url.Values{}, Roles: models.Roles},
		"admin/user": &userPage{Person: staff, Petitions: list, Roles: models.Roles, Supports: []petitions.UserSupport{
			{PetitionID: 7, Title: "벤치", Comment: "좋아요", Hidden: petitions.CommentShown, CreatedAt: now}}},
		"admin/user_new":    &base{},
		"admin/opinion_new": &opinionForm{Meetings: []written{{Value: "3", Label: "2026. 12. 3.(목) · 신길권역 타운홀미팅", Lang: "ko"}}},
		"admin/opinion": &opinionDesk{opinionShow: opinionShow{O: &opinions[0], History: []meetings.OpinionStep{{ID: 1, State: meetings.OpinionReceived}}},
			Choices: meetings.OpinionReceived.Next()},
		"admin/opinions": &opinionList{Items: opinions, Total: 30, Query: meetings.OpinionQuery{Page: 1, PerPage: 20},
			Params: url.Values{}, States: meetings.OpinionStates, Counts: []meetings.OpinionCount{{State: meetings.OpinionReceived, N: 1}}, All: 2},
		"admin/reports": &reportQueuePage{Limit: 3, Groups: []petitions.ReportGroup{
			{TargetType: petitions.TargetComment, TargetID: 3, PetitionID: 7, PetitionTitle: "벤치", Comment: comment, Count: 2,
				Reasons: []petitions.ReasonCount{{Reason: "광고·스팸", Count: 2}}, Notes: []string{"광고입니다"}, LatestAt: now},
			{TargetType: petitions.TargetPetition, TargetID: 7, PetitionID: 7, PetitionTitle: "벤치", Count: 1, LatestAt: now}}},
	} {
		out[name] = append(out[name], pg)
	}
	for name, pgs := range deskSamples(staff, sampleMeetings(), now) {
		out[name] = append(out[name], pgs...)
	}
	out["admin/user"] = append(out["admin/user"], &userPage{Person: &models.User{ID: 3, Name: "이탈퇴", DeactivatedAt: &now, Role: models.RoleResident}})
	out["opinions/index"] = append(out["opinions/index"], &opinionList{Query: meetings.OpinionQuery{Page: 1, PerPage: 20}})
	out["auth/verify"] = append(out["auth/verify"], &verifyPage{})
	out["auth/forgot"] = append(out["auth/forgot"], &forgotPage{})
	out["auth/reset"] = append(out["auth/reset"], &resetPage{})
	out["unsubscribe"] = append(out["unsubscribe"], &unsubscribePage{Email: "hong@example.org", Token: "t"})
	out["me"] = append(out["me"], &mePage{})
	for _, p := range ps {
		var translation *petitions.AnswerTranslation
		var forms []translationForm
		var values map[string]string
		if p.Answer != nil {
			translation = p.Answer.Translation("en")
			forms, values = translationForms(p.Answer, url.Values{"body_zh": {"译文"}})
		}
		out["petitions/show"] = append(out["petitions/show"], &petitionShow{
			Translation: translation, TranslationForms: forms, TranslationValues: values,
			supportBox: supportBox{P: p, Share: "share", CanSupport: p.Status == petitions.StatusOpen, Supported: p.ID%2 == 0},
			Timeline:   []petitions.ProgressUpdate{{Kind: "착공", Body: "공사를 시작했습니다.", HappenedAt: now}},
			Colleagues: []petitions.Colleague{{Name: "이담당", SeenAt: now}},
			DeptDue:    &now, Today: "2026-01-02", ShareURL: "https://example.org/petitions/7?share=share",
			Comments:     []petitions.Comment{{ID: 3, Name: "홍*동", Dong: "여의동", Text: "공감합니다", CreatedAt: now}},
			CommentTotal: 30, CommentPage: 2, CommentPerPage: 10,
			ByDong:        []petitions.DongCount{{Dong: "여의동", Count: 10}},
			DongBars:      dongBars([]petitions.DongCount{{Dong: "여의동", Count: 10}}),
			Deliberations: []deliberations.Deliberation{{ID: 2, Title: "주차 공론장", Status: deliberations.StatusOpen, OpensAt: now, ClosesAt: now.Add(time.Hour)}},
		})
	}
	addDeliberationSamples(out)
	return out
}

// sampleAPIDocs is the page of the document the site serves.
func sampleAPIDocs() *apiDocPage {
	d, err := readAPIDoc(openAPI)
	if err != nil {
		panic(err)
	}
	return d
}
