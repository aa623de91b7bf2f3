package demo

import (
	"math/rand/v2"
	"strings"
	"time"

	"ydp1/models/deliberations"
	"ydp1/models/meetings"
)

// demoStatement is a statement of a demo 공론장 with how likely each
// planted group is to agree with it (the rest disagree, but for passes).
type demoStatement struct {
	body  string
	agree [3]float64
	pass  float64 // the share who answer 모르겠음
	// byResident: written by a participant (their own 동의 counts), not a seed
	byResident bool
}

// The planted groups of the demo 공론장: 차량·상권 (parking and shops first),
// 보행·환경 (walking, parks and quiet first), 안전·돌봄 (safety and care first).
var demoDeliberation = struct {
	in         deliberations.Input
	statements []demoStatement
}{
	in: deliberations.Input{
		Title:    "우리 동네 생활 현안, 무엇부터 바꿀까요",
		Question: "주차, 소음, 골목 안전 가운데 영등포구가 내년 생활환경 계획에서 먼저 다뤄야 할 것은 무엇일까요?",
		Background: "영등포구는 **2027년 생활환경 개선 계획** 초안을 준비하고 있습니다. 계획에 들어갈 사업을 정하기 전에 주민 여러분의 생각을 듣고자 합니다.\n\n" +
			"- 문래동 공영주차장은 주말마다 자리가 모자랍니다.\n- 여의도 한강공원은 여름밤 소음 민원이 늘고 있습니다.\n- 대림동 골목에는 CCTV와 보안등을 더 달아 달라는 요청이 많습니다.\n\n" +
			"의견에 **동의 / 비동의 / 모르겠음**으로 답해 주시고, 빠진 생각이 있으면 짧은 의견으로 더해 주세요.",
		Moderation: deliberations.ModerationPost,
	},
	statements: []demoStatement{
		{body: "문래동 공영주차장을 지하로 넓혀 주차면을 두 배로 늘려야 합니다.", agree: [3]float64{0.9, 0.1, 0.3}, pass: 0.08},
		{body: "문래동 공영주차장 일부를 주민 쉼터와 작은 공원으로 바꿔야 합니다.", agree: [3]float64{0.1, 0.9, 0.35}, pass: 0.08},
		{body: "주말에는 구청·주민센터 주차장을 주민에게 개방해야 합니다.", agree: [3]float64{0.95, 0.7, 0.8}, pass: 0.05},
		{body: "문래창작촌 골목은 주말 차 없는 거리로 운영해야 합니다.", agree: [3]float64{0.1, 0.9, 0.3}, pass: 0.1},
		{body: "여의도 한강공원은 밤 10시 이후 앰프 사용을 금지해야 합니다.", agree: [3]float64{0.15, 0.9, 0.9}, pass: 0.06},
		{body: "한강공원 야간 행사는 상권에 도움이 되니 지금처럼 허용해야 합니다.", agree: [3]float64{0.9, 0.1, 0.1}, pass: 0.1},
		{body: "한강공원 소음은 단속보다 안내 요원을 늘려 계도하는 것이 낫습니다.", agree: [3]float64{0.6, 0.5, 0.4}, pass: 0.45},
		{body: "대림동 골목마다 방범 CCTV를 더 설치해야 합니다.", agree: [3]float64{0.5, 0.15, 0.97}, pass: 0.05},
		{body: "CCTV를 늘리기 전에 사생활 침해 문제를 먼저 따져 봐야 합니다.", agree: [3]float64{0.4, 0.9, 0.05}, pass: 0.12},
		{body: "골목길 보안등을 밝은 LED로 바꾸는 일은 모든 동에서 서둘러야 합니다.", agree: [3]float64{0.9, 0.92, 0.96}, pass: 0.04},
		{body: "어린이 통학로 불법 주차는 더 강하게 단속해야 합니다.", agree: [3]float64{0.75, 0.95, 0.95}, pass: 0.04},
		{body: "상가 앞 조업 주차는 시간제로 허용해야 합니다.", agree: [3]float64{0.95, 0.15, 0.4}, pass: 0.15},
		{body: "도림천 산책로에 자전거와 보행자 길을 나눠야 합니다.", agree: [3]float64{0.6, 0.9, 0.7}, pass: 0.2},
		{body: "공영주차장 요금을 올려 그 돈으로 마을버스를 늘려야 합니다.", agree: [3]float64{0.05, 0.85, 0.2}, pass: 0.15},
		{body: "다문화 가정이 많은 동에는 여러 언어로 된 안전 안내판이 필요합니다.", agree: [3]float64{0.3, 0.6, 0.95}, pass: 0.3, byResident: true},
		{body: "밤늦게 귀가하는 1인가구를 위해 안심귀가 스카우트를 늘려 주세요.", agree: [3]float64{0.2, 0.5, 0.95}, pass: 0.15, byResident: true},
		{body: "주차 문제는 결국 대중교통을 늘려야 풀립니다.", agree: [3]float64{0.1, 0.9, 0.35}, pass: 0.15, byResident: true},
		{body: "공사 소음 민원은 주말 작업 시간 제한으로 풀어야 합니다.", agree: [3]float64{0.4, 0.7, 0.7}, pass: 0.5, byResident: true},
	},
}

// demoParticipants is how many residents take part in the demo 공론장.
const demoParticipants = 240

// seedDeliberation opens the demo 공론장 ten days ago, linked to the past
// 문래 meeting, lets a few hundred residents in three planted groups write
// and vote through the real rules over those days, and computes its map,
// so the result page means something on first look.
func (sd *demoSeeder) seedDeliberation() error {
	day := 24 * time.Hour
	opened := sd.now.Add(-10 * day).Truncate(time.Hour)
	in := demoDeliberation.in
	in.OpensAt, in.ClosesAt = deliberations.FormTime(opened), deliberations.FormTime(sd.now.Add(11*day))
	var seeds []string
	for _, s := range demoDeliberation.statements {
		if !s.byResident {
			seeds = append(seeds, s.body)
		}
	}
	in.Seeds = strings.Join(seeds, "\n")
	var meeting meetings.Meeting
	if err := sd.tx.Where("title LIKE ?", "영등포본동·도림·문래권역%").Take(&meeting).Error; err == nil {
		in.MeetingID = meeting.ID
	}
	d, err := deliberations.Open(sd.tx, sd.staffID, in, opened.Add(-day))
	if err != nil {
		return err
	}
	rnd := rand.New(rand.NewPCG(20261207, 16)) // #nosec G404 -- seeded on purpose: the same 공론장 every run
	n := min(demoParticipants, len(sd.pool))
	group := func(i int) int { return i % 3 }
	at := func() time.Time { return opened.Add(time.Duration(rnd.Int64N(int64(sd.now.Sub(opened) - time.Hour)))) }
	ids := map[string]uint{}
	written := map[uint]time.Time{} // residents' statements, voted on only after they were written
	// residents' statements come in during the first days, each by a member of the group most for it
	for _, s := range demoDeliberation.statements {
		if !s.byResident {
			continue
		}
		g := 0
		for k := range s.agree {
			if s.agree[k] > s.agree[g] {
				g = k
			}
		}
		author := sd.pool[(rnd.IntN(n/3))*3+g]
		st, err := deliberations.WriteStatement(sd.tx, deliberations.StatementInput{DeliberationID: d.ID, UserID: author.ID, Body: s.body},
			opened.Add(time.Duration(1+rnd.IntN(72))*time.Hour))
		if err != nil {
			return err
		}
		ids[s.body], written[st.ID] = st.ID, st.CreatedAt
	}
	shown, err := deliberations.Statements(sd.tx, d.ID, deliberations.StatementShown)
	if err != nil {
		return err
	}
	for _, s := range shown {
		ids[s.Body] = s.ID
	}
	sd.rep.Start("공론장", n)
	for i := range n {
		u := sd.pool[i]
		for _, s := range demoDeliberation.statements {
			if rnd.Float64() > 0.85 { // not everyone gets to every statement
				continue
			}
			v := deliberations.Disagree
			switch r := rnd.Float64(); {
			case r < s.pass:
				v = deliberations.Pass
			case r < s.pass+(1-s.pass)*s.agree[group(i)]:
				v = deliberations.Agree
			}
			when := at()
			if w, ok := written[ids[s.body]]; ok && when.Before(w) {
				when = w.Add(time.Duration(1+rnd.IntN(600)) * time.Minute)
			}
			_, err := deliberations.Vote(sd.tx, deliberations.VoteInput{StatementID: ids[s.body], UserID: u.ID, Value: v}, when)
			if err != nil {
				return err
			}
		}
		sd.rep.Add(1)
	}
	return deliberations.Recompute(sd.tx, d.ID, sd.now)
}

// seedClosedDeliberation is an earlier, smaller 공론장 on the 도림천 산책로,
// closed, with its 결과 published: the statements that went into the plan
// and why.
func (sd *demoSeeder) seedClosedDeliberation() error {
	day := 24 * time.Hour
	opened := sd.now.Add(-60 * day).Truncate(time.Hour)
	closes := opened.Add(21 * day)
	bodies := []string{
		"도림천 산책로 보안등을 밤 12시까지 켜 주세요.",
		"도림천에 반려견 배변 봉투함을 더 놓아야 합니다.",
		"도림천 자전거 속도를 시속 20km로 제한해야 합니다.",
		"산책로 옆 운동기구를 새것으로 바꿔 주세요.",
		"도림천 물길 정비는 생태 조사를 먼저 해야 합니다.",
	}
	in := deliberations.Input{Title: "도림천 산책로, 이렇게 바꿔 주세요", Question: "도림천 산책로를 더 안전하고 쾌적하게 만들려면 무엇이 필요할까요?",
		Background: "도림천 산책로 정비 사업(2026년)을 앞두고 주민 의견을 모았습니다.", Moderation: deliberations.ModerationPre,
		OpensAt: deliberations.FormTime(opened), ClosesAt: deliberations.FormTime(closes), Seeds: strings.Join(bodies, "\n")}
	d, err := deliberations.Open(sd.tx, sd.staffID, in, opened.Add(-day))
	if err != nil {
		return err
	}
	stmts, err := deliberations.Statements(sd.tx, d.ID, deliberations.StatementShown)
	if err != nil {
		return err
	}
	rnd := rand.New(rand.NewPCG(20261207, 17)) // #nosec G404 -- seeded on purpose
	lean := []float64{0.92, 0.7, 0.55, 0.8, 0.6}
	for i := range min(80, len(sd.pool)) {
		u := sd.pool[len(sd.pool)-1-i]
		for j, s := range stmts {
			v := deliberations.Disagree
			switch r := rnd.Float64(); {
			case r < 0.1:
				v = deliberations.Pass
			case r < 0.1+0.9*lean[j]:
				v = deliberations.Agree
			}
			when := opened.Add(time.Duration(rnd.Int64N(int64(closes.Sub(opened) - time.Hour))))
			if _, err := deliberations.Vote(sd.tx, deliberations.VoteInput{StatementID: s.ID, UserID: u.ID, Value: v}, when); err != nil {
				return err
			}
		}
	}
	if err := deliberations.Recompute(sd.tx, d.ID, closes); err != nil {
		return err
	}
	result := deliberations.ResultInput{
		Text: "참여해 주신 80명의 의견을 도림천 산책로 정비 계획에 반영했습니다.\n\n" +
			"- **보안등 연장 점등**은 거의 모든 분이 동의해 올해 12월부터 시행합니다.\n- **운동기구 교체**는 내년 예산에 담았습니다.\n- 자전거 속도 제한은 의견이 갈려 도로교통공단과 더 협의합니다.",
		Chosen: []deliberations.ChosenStatement{
			{StatementID: stmts[0].ID, Reason: "참여자 대부분이 동의했고, 바로 시행할 수 있습니다."},
			{StatementID: stmts[3].ID, Reason: "그룹을 가리지 않고 동의가 많아 2027년 예산에 담았습니다."},
		},
	}
	return deliberations.PublishResult(sd.tx, d.ID, sd.staffID, result, closes.Add(5*day))
}
