package app

import (
	"time"

	"ydp1/models/deliberations"
)

func init() {
	anonymousPages["deliberations/index"] = true
	anonymousPages["deliberations/show"] = true
	anonymousPages["deliberations/results"] = true
}

// sampleDeliberations are 공론장 in the states a page shows differently.
func sampleDeliberations() []*deliberations.Deliberation {
	now := time.Now()
	mid, pid := uint(5), uint(7)
	open := &deliberations.Deliberation{ID: 3, Title: "문래동 골목 주차", Question: "골목 주차, 무엇부터 바꿀까요?", Background: "배경",
		BackgroundHTML: "<p>배경</p>", Status: deliberations.StatusOpen, Moderation: deliberations.ModerationPre,
		OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(72 * time.Hour), MeetingID: &mid, PetitionID: &pid,
		StatementCount: 4, ParticipantCount: 12, VoteCount: 40, CreatedAt: now, UpdatedAt: now}
	closed := *open
	closed.ID, closed.Status, closed.ClosedAt, closed.MeetingID, closed.PetitionID = 4, deliberations.StatusClosed, &now, nil, nil
	published := closed
	published.ID, published.Result, published.ResultHTML, published.ResultPublishedAt = 5, "결과", "<p>결과</p>", &now
	draft := *open
	draft.ID, draft.Status = 6, deliberations.StatusDraft
	return []*deliberations.Deliberation{open, &closed, &published, &draft}
}

func sampleStatements() []deliberations.Statement {
	now := time.Now()
	return []deliberations.Statement{
		{ID: 1, DeliberationID: 3, Body: "거주자 우선 주차를 늘려야 합니다", Status: deliberations.StatementShown, IsSeed: true,
			AgreeCount: 8, DisagreeCount: 2, PassCount: 1, CreatedAt: now},
		{ID: 2, DeliberationID: 3, Body: "나는 문래동에 삽니다", Status: deliberations.StatementShown, IsMeta: true, Chosen: true,
			ChosenReason: "계획에 넣습니다", CreatedAt: now},
		{ID: 3, DeliberationID: 3, Body: "공영주차장을 지어 주세요", Status: deliberations.StatementPending, CreatedAt: now},
		{ID: 4, DeliberationID: 3, Body: "광고", Status: deliberations.StatementRemoved, RemovedReason: "광고·홍보", CreatedAt: now},
	}
}

// addDeliberationSamples adds the pages of the 열린공론장 to the samples.
func addDeliberationSamples(out map[string][]pager) {
	now := time.Now()
	ds := sampleDeliberations()
	st := sampleStatements()
	list := []deliberations.Deliberation{*ds[0], *ds[1], *ds[2], *ds[3]}
	moderations := []choice{{"pre", "승인 후 공개"}, {"post", "먼저 공개"}}
	out["admin/deliberations"] = append(out["admin/deliberations"], &deskDeliberationsPage{Deliberations: list}, &deskDeliberationsPage{})
	out["admin/deliberation_form"] = append(out["admin/deliberation_form"],
		&deliberationForm{Input: deliberations.Input{Moderation: deliberations.ModerationPost, Draft: true}, Moderations: moderations,
			Meetings: []written{{Value: "5", Label: "2026. 1. 2. 여의동 타운홀미팅", Lang: "ko"}}, MeetingID: "5", SeedsHint: "한 줄에 하나씩"},
		&deliberationForm{D: ds[0], Input: ds[0].Input(), PetitionID: "7", Moderations: moderations})
	reasons := []choice{{"ad", "광고·홍보"}, {"other", "기타"}}
	for _, d := range ds {
		out["admin/deliberation"] = append(out["admin/deliberation"], &deskDeliberationPage{D: d, State: d.StateAt(now),
			Pending: st[2:3], Shown: st[:2], Removed: st[3:], Reasons: reasons, ReasonLabels: map[string]string{"ad": "광고·홍보"},
			Reported: []deliberations.ReportedStatement{{Statement: st[0], Reports: []deliberations.StatementReport{
				{ID: 1, StatementID: 1, Reason: "ad", Note: "광고입니다", CreatedAt: now}}}}})
	}
	out["admin/deliberation"] = append(out["admin/deliberation"], &deskDeliberationPage{D: ds[1], State: deliberations.StateClosed})

	out["deliberations/index"] = append(out["deliberations/index"], &deliberationList{Deliberations: list}, &deliberationList{})
	mine := []deliberations.MyVote{{Statement: st[0], Value: deliberations.Disagree}, {Statement: st[2], Value: deliberations.Agree},
		{Statement: st[3], Value: deliberations.Pass}}
	for _, d := range ds {
		out["deliberations/show"] = append(out["deliberations/show"],
			&deliberationShow{D: d, State: d.StateAt(now)},
			&deliberationShow{D: d, State: d.StateAt(now), Next: &deliberations.Next{Statement: &st[0], Left: 3}, Mine: mine, Chosen: st[1:2]},
			&deliberationShow{D: d, State: d.StateAt(now), Next: &deliberations.Next{}, Mine: mine})
	}
	m := &deliberations.Map{ComputedAt: now, Voters: 3, Placed: 2, Regions: []string{"1권역", deliberations.OutsideRegion},
		Groups: []deliberations.GroupView{{ID: 0, Label: "A", Size: 1, Representative: []deliberations.RepresentativeView{
			{Statement: st[0], Agree: true, Share: 0.8, RestShare: 0.2, Group: deliberations.Tally{Agree: 4, Disagree: 1}}}},
			{ID: 1, Label: "B", Size: 1}},
		Places:    []deliberations.Place{{ParticipantID: 1, X: -1, Y: 0, Group: 0}, {ParticipantID: 2, X: 1, Y: 0.5, Group: 1}},
		Consensus: []deliberations.ConsensusView{{Statement: st[0], Agree: true, Score: 0.7, Overall: deliberations.Tally{Agree: 8, Disagree: 2}}},
		Uncertain: []deliberations.UncertainView{{Statement: st[1], Overall: deliberations.Tally{Pass: 3}, PassShare: 1}},
		Statements: []deliberations.StatementView{{Statement: st[0], Overall: deliberations.Tally{Agree: 8, Disagree: 2},
			ByGroup: []deliberations.Tally{{Agree: 4}, {Disagree: 2}}, ByRegion: []deliberations.Tally{{Agree: 1}, {}}}},
	}
	for _, d := range ds {
		out["deliberations/results"] = append(out["deliberations/results"],
			&deliberationResults{D: d, State: d.StateAt(now)},
			&deliberationResults{D: d, State: d.StateAt(now), Map: m, SVG: "<svg></svg>", Mine: "A", Chosen: st[1:2]},
			&deliberationResults{D: d, State: d.StateAt(now), Map: &deliberations.Map{ComputedAt: now}})
	}
	meeting := sampleMeetings()[0]
	out["meetings/show"] = append(out["meetings/show"], &meetingShow{M: meeting, State: meeting.StateAt(now), Deliberations: list})
	out["deliberations/report"] = append(out["deliberations/report"],
		&statementReportPage{D: ds[0], S: &st[0], Reasons: reasons})
}
