package demo

import (
	"fmt"
	"strconv"
	"time"

	"ydp1/models"
	"ydp1/models/ideas"
)

// demoTeam is one 국 of the demo with the size of its 아이디어단.
type demoTeam struct {
	name     string
	size     int
	skipThis bool // has not met this quarter, to show the flag
}

var demoTeams = []demoTeam{
	{"행정국", 12, false}, {"복지국", 11, false}, {"도시국", 10, true}, {"안전건설국", 12, false}, {"보건소", 8, false},
}

var demoStaffNames = []string{"강민준", "고서연", "권도윤", "김하은", "남지호", "노수아", "류시우", "문지안", "박예준", "배서윤",
	"백주원", "서하린", "손건우", "송지유", "신우진", "안채원", "양현우", "오다은", "유준서", "윤소율", "이도현", "임나은",
	"장시윤", "전하준", "정유나", "조민재", "주아린", "지승현", "차예린", "천태윤", "최서아", "한지후", "허윤서", "홍은호"}

// demoIdea is one staff idea of the demo: its team, and where it ends.
type demoIdea struct {
	team                       int
	title, problem, fix, merit string
	dept                       string
	round                      int // 1 the finished round, 2 the open one, 0 none
	adopt                      bool
	grade                      string
	amount                     int
	progress                   []string // the last one finishes it when done
	done, overdue, consent     bool
}

func demoIdeas() []demoIdea {
	return []demoIdea{
		{team: 0, title: "민원 서식 자동 채움", problem: "전입신고 뒤 같은 내용을 대장, 통지서, 확인서에 세 번 옮겨 적습니다.", fix: "접수 화면에서 한 번 입력하면 대장과 통지서, 확인서에 자동으로 채워지게 합니다.", merit: "민원 한 건 처리 시간이 평균 6분에서 3분으로 줄어듭니다.", dept: "민원여권과", round: 1, adopt: true, grade: "최우수", amount: 1_500_000, progress: []string{"18개 동 주민센터 접수 화면 개편을 시작했습니다.", "모든 동 주민센터에서 자동 채움을 씁니다. 전입 민원 처리 시간이 평균 3분 줄었습니다."}, done: true, consent: true},
		{team: 1, title: "복지 사각지대 위기가구 알림 통합", problem: "단전·단수·체납 정보가 부서마다 따로 와서 위기가구 발굴이 늦습니다.", fix: "위기 신호를 한 화면에 모아 동 복지팀에 매주 알립니다.", merit: "위기가구를 평균 3주 빨리 찾습니다.", dept: "복지정책과", round: 1, adopt: true, grade: "우수", amount: 800_000, progress: []string{"동 복지팀 주간 알림을 시범 운영합니다(신길·대림권역)."}, consent: false},
		{team: 2, title: "공사장 안내판 QR로 민원 접수", problem: "공사 소음 민원이 전화로만 들어와 위치 확인에 시간이 걸립니다.", fix: "공사장 안내판에 QR코드를 붙여 위치가 담긴 민원을 바로 받습니다.", merit: "현장 확인 시간이 줄고 야간 민원도 받습니다.", dept: "건축과", round: 1, adopt: true, grade: "우수", amount: 700_000, progress: []string{"대형 공사장 14곳에 QR 안내판을 붙였습니다.", "구 발주 공사장 전체로 넓혔습니다. 소음 민원 현장 확인이 평균 2시간 빨라졌습니다."}, done: true, consent: true},
		{team: 3, title: "빗물받이 막힘 신고 지도", problem: "장마철 빗물받이 막힘 신고가 몰리지만 위치가 부정확합니다.", fix: "주민이 지도에서 빗물받이를 골라 신고하고 처리 결과를 봅니다.", merit: "침수 위험 구간을 미리 청소할 수 있습니다.", dept: "치수과", round: 1, adopt: true, grade: "장려", amount: 300_000, overdue: true, progress: []string{"빗물받이 위치 자료를 정리하고 있습니다."}},
		{team: 0, title: "회의실 예약 통합", problem: "청사 회의실 예약이 부서마다 엑셀로 따로 관리됩니다.", fix: "청사 회의실을 하나의 예약 화면으로 묶습니다.", merit: "빈 회의실을 찾는 시간이 줄어듭니다.", dept: "총무과", round: 1, adopt: true, grade: "노력", amount: 100_000},
		{team: 4, title: "예방접종 문자 알림 자동화", problem: "예방접종 대상자 안내를 손으로 골라 문자로 보냅니다.", fix: "접종 시기가 된 아동 보호자에게 문자를 자동으로 보냅니다.", merit: "접종률이 오르고 담당자 업무가 줄어듭니다.", dept: "보건지원과", round: 1, adopt: true, grade: "장려", amount: 400_000, progress: []string{"문자 발송 규칙을 정하고 개인정보 영향평가를 받았습니다."}, consent: true},
		{team: 1, title: "경로당 냉난방비 정산 간소화", problem: "경로당 냉난방비 정산 서류가 많아 회장님들이 어려워합니다.", fix: "영수증 사진만 올리면 정산되게 합니다.", merit: "정산 서류가 절반으로 줍니다.", dept: "어르신복지과", round: 1},
		{team: 2, title: "불법 현수막 수거 보상제", problem: "불법 현수막이 주말마다 다시 걸립니다.", fix: "주민이 수거해 오면 보상합니다.", merit: "거리 경관이 나아집니다.", dept: "도시디자인과", round: 1},
		{team: 3, title: "제설함 위치 알림판", problem: "제설함 위치를 몰라 눈이 와도 쓰지 못합니다.", fix: "골목 입구에 제설함 위치 알림판을 붙입니다.", merit: "이면도로 낙상 사고가 줄어듭니다.", dept: "도로과", round: 1},
		{team: 0, title: "종이 없는 결재 서명", problem: "대면 결재 서명을 받으려 층을 오갑니다.", fix: "모든 결재를 전자 서명으로 바꿉니다.", merit: "이동 시간이 줄어듭니다.", dept: "행정지원과", round: 1},
		{team: 1, title: "청년 월세 지원 서류 한 번에", problem: "청년 월세 지원 신청 때 서류를 여러 번 냅니다.", fix: "행정정보 공동이용으로 서류 제출을 없앱니다.", merit: "신청 포기가 줄어듭니다.", dept: "청년정책과", round: 2},
		{team: 3, title: "어린이 보호구역 속도 표시 전광판", problem: "보호구역에서 속도를 줄이지 않는 차가 많습니다.", fix: "속도를 보여 주는 전광판을 설치합니다.", merit: "과속 차량이 줄어듭니다.", dept: "교통행정과", round: 2},
		{team: 2, title: "빈집 정보 공개 지도", problem: "방치된 빈집 정보가 흩어져 있습니다.", fix: "빈집 현황을 지도로 공개하고 활용 신청을 받습니다.", merit: "빈집을 주민 공간으로 바꿉니다.", dept: "주택과", round: 2},
		{team: 0, title: "당직 근무 인수인계 양식 통일", problem: "당직 인수인계 내용이 사람마다 달라 빠지는 것이 있습니다.", fix: "점검 항목이 있는 하나의 양식을 씁니다.", merit: "야간 민원 누락이 줄어듭니다.", dept: "총무과", round: 2},
		{team: 4, title: "금연구역 안내 스티커 다국어화", problem: "외국인 주민이 금연구역 안내를 읽지 못합니다.", fix: "중국어·영어·베트남어를 함께 적은 스티커를 붙입니다.", merit: "단속 마찰이 줄어듭니다.", dept: "건강증진과"},
		{team: 1, title: "복지관 프로그램 통합 검색", problem: "복지관마다 누리집이 달라 프로그램을 찾기 어렵습니다.", fix: "구 누리집에서 모든 복지관 프로그램을 찾게 합니다.", merit: "참여가 늘어납니다.", dept: "복지정책과"},
		{team: 3, title: "공원 화장실 고장 QR 신고", problem: "공원 화장실 고장을 알릴 방법이 없습니다.", fix: "칸마다 QR을 붙여 고장을 신고받습니다.", merit: "수리가 빨라집니다.", dept: "공원녹지과"},
		{team: 2, title: "건축 허가 사전 상담 예약제", problem: "건축 상담 대기가 길어 민원인이 헛걸음합니다.", fix: "상담 시간을 미리 예약받습니다.", merit: "대기 시간이 없어집니다.", dept: "건축과"},
		{team: 0, title: "부서 간 협조전 진행 상황 공유", problem: "협조전이 어디까지 처리됐는지 알 수 없습니다.", fix: "협조전마다 처리 단계를 보여 줍니다.", merit: "독촉 전화가 줄어듭니다.", dept: "기획예산과"},
		{team: 4, title: "치매안심센터 방문 예약 알림", problem: "검진 예약을 잊고 오지 않는 분이 많습니다.", fix: "전날 문자로 알립니다.", merit: "노쇼가 줄어듭니다.", dept: "치매안심센터"},
	}
}

// seedIdeas builds a year of the 창의 아이디어단: teams, quarterly meetings,
// some 20 ideas, one finished review round with awards and adoption
// progress, and one round still open. Everything goes through the domain
// functions with backdated clocks.
func (sd *demoSeeder) seedIdeas() error {
	var admin models.User
	if err := sd.tx.Where("role = ?", models.RoleAdmin).Order("id").Take(&admin).Error; err != nil {
		return err
	}
	teams, bureaus, err := sd.seedTeams(admin.ID)
	if err != nil {
		return err
	}
	// the committee: the first member of each team (국장), the staff login and two more
	var committee []uint
	for _, t := range teams {
		committee = append(committee, t[0])
	}
	committee = append(committee, sd.staffID, teams[0][5], teams[1][5], teams[3][6])
	for i, id := range committee {
		position := "위원"
		if i < len(demoTeams) {
			position = demoTeams[i].name + "장"
		}
		if err := ideas.AddCommitteeMember(sd.tx, admin.ID, strconv.Itoa(int(id)), position, sd.ago(380)); err != nil {
			return fmt.Errorf("committee: %w", err)
		}
	}
	plans := demoIdeas()
	ids := make([]uint, len(plans))
	for k, p := range plans {
		members := teams[p.team]
		proposers := []string{strconv.Itoa(int(members[1+k%4])), strconv.Itoa(int(members[2+k%5]))}
		submitted := sd.ago(float64(140 - 5*k))
		if p.round == 0 {
			submitted = sd.ago(float64(40 - k))
		}
		idea, err := ideas.SubmitIdea(sd.tx, members[1+k%4], ideas.Input{Title: p.title, Problem: p.problem, Proposal: p.fix, Effect: p.merit,
			Department: p.dept, BureauID: strconv.Itoa(int(bureaus[p.team])), Proposers: proposers, PublishName: p.consent}, submitted)
		if err != nil {
			return fmt.Errorf("demo idea %q: %w", p.title, err)
		}
		ids[k] = idea.ID
	}
	if err := sd.finishedRound(admin.ID, plans, ids); err != nil {
		return err
	}
	return sd.openRound(admin.ID, plans, ids)
}

// seedTeams creates the 국 with their staff and a year of quarterly meetings;
// it returns each team's member ids and the teams' ids.
func (sd *demoSeeder) seedTeams(adminID uint) ([][]uint, []uint, error) {
	hash, err := models.HashPassword(Password)
	if err != nil {
		return nil, nil, err
	}
	var bureaus []uint
	created := sd.ago(400)
	var out [][]uint
	n := 0
	for ti, t := range demoTeams {
		b, err := ideas.CreateBureau(sd.tx, adminID, t.name, created)
		if err != nil {
			return nil, nil, err
		}
		bureaus = append(bureaus, b.ID)
		var members []uint
		for i := range t.size {
			var id uint
			if ti == 0 && i == 3 {
				id = sd.staffID // the staff login is on 행정국's team
			} else {
				n++
				u := models.User{Email: fmt.Sprintf("staff%02d@%s", n, demoEmailDomain), PasswordHash: hash,
					Name: demoStaffNames[n%len(demoStaffNames)], Role: models.RoleStaff, VerifiedAt: &created,
					ConsentedAt: created, CreatedAt: created, UpdatedAt: created}
				if err := sd.tx.Create(&u).Error; err != nil {
					return nil, nil, err
				}
				id = u.ID
			}
			if err := ideas.AddBureauMember(sd.tx, adminID, b.ID, strconv.Itoa(int(id)), created); err != nil {
				return nil, nil, fmt.Errorf("team %s: %w", t.name, err)
			}
			members = append(members, id)
		}
		out = append(out, members)
		// one meeting in each of the last four quarters and this one
		this := ideas.QuarterStart(sd.now)
		for q := 4; q >= 0; q-- {
			if q == 0 && t.skipThis {
				continue
			}
			day := this.AddDate(0, -3*q, 12+ti*3).Add(14 * time.Hour)
			if day.After(sd.now) {
				day = sd.now.Add(-2 * time.Hour)
			}
			var came []string
			for i, id := range members {
				if (i+q)%4 != 3 {
					came = append(came, strconv.Itoa(int(id)))
				}
			}
			notes := fmt.Sprintf("%d분기 정기 모임: 부서 업무 개선 아이디어를 나누고 제안할 것을 골랐습니다.", ideas.QuarterOf(day))
			if _, err := ideas.RecordIdeaMeeting(sd.tx, members[0], b.ID, ideas.IdeaMeetingInput{HeldOn: day.In(models.Seoul).Format("2006-01-02"),
				Attendees: came, Notes: notes}, day.Add(3*time.Hour)); err != nil {
				return nil, nil, fmt.Errorf("team %s meeting: %w", t.name, err)
			}
		}
	}
	return out, bureaus, nil
}

func (sd *demoSeeder) roundIdeas(plans []demoIdea, ids []uint, round int) []string {
	var out []string
	for k, p := range plans {
		if p.round == round {
			out = append(out, strconv.Itoa(int(ids[k])))
		}
	}
	return out
}

// demoScore is a member's score of an idea of a given quality (out of 25).
func (sd *demoSeeder) demoScore(quality int) ideas.ScoreInput {
	s := func() string { return strconv.Itoa(min(25, max(1, quality-3+sd.rnd.IntN(7)))) }
	return ideas.ScoreInput{Creativity: s(), Economy: s(), Practicality: s(), Scope: s()}
}

// scoreAll has every member of the round score every idea they did not
// propose, or only some of them when part is set.
func (sd *demoSeeder) scoreAll(r *ideas.ReviewRound, plans []demoIdea, ids []uint, at time.Time, part bool) error {
	members, err := ideas.RoundMembers(sd.tx, r.ID)
	if err != nil {
		return err
	}
	for k, p := range plans {
		var n int64
		if err := sd.tx.Model(&ideas.RoundIdea{}).Where("round_id = ? AND idea_id = ?", r.ID, ids[k]).Count(&n).Error; err != nil || n == 0 {
			continue
		}
		quality := 21 - k*2
		if p.round == 2 {
			quality = 17
		}
		for mi, m := range members {
			if part && (mi+k)%3 != 0 || part && m.UserID == sd.staffID {
				continue
			}
			var own int64
			sd.tx.Model(&ideas.IdeaProposer{}).Where("idea_id = ? AND user_id = ?", ids[k], m.UserID).Count(&own)
			if own > 0 {
				continue
			}
			in := sd.demoScore(max(6, quality))
			if mi == 0 && k%2 == 0 {
				in.Remark = "현장 적용 가능성이 높습니다."
			}
			if err := ideas.SaveScore(sd.tx, r.ID, ids[k], m.UserID, in, at.Add(time.Duration(mi)*time.Hour)); err != nil {
				return fmt.Errorf("score %q: %w", p.title, err)
			}
		}
	}
	return nil
}

// finishedRound reviews the first ten ideas, decides them and follows up.
func (sd *demoSeeder) finishedRound(adminID uint, plans []demoIdea, ids []uint) error {
	opened := sd.ago(100)
	r, err := ideas.OpenRound(sd.tx, adminID, ideas.RoundInput{Name: "상반기 제안심의회", ScaleMax: "25", Rule: string(ideas.RankTrimmed),
		ClosesAt: sd.ago(86).In(models.Seoul).Format("2006-01-02T15:04"), IdeaIDs: sd.roundIdeas(plans, ids, 1)}, opened)
	if err != nil {
		return fmt.Errorf("demo round: %w", err)
	}
	if err := sd.scoreAll(r, plans, ids, sd.ago(95), false); err != nil {
		return err
	}
	decided := sd.ago(84)
	for k, p := range plans {
		if p.round != 1 {
			continue
		}
		d := ideas.IdeaDecision{Adopt: "reject", Note: "비슷한 사업이 이미 추진 중이거나 효과 대비 비용이 큽니다."}
		if p.adopt {
			due := decided.AddDate(0, 4, 0)
			if p.overdue {
				due = decided.AddDate(0, 1, 0)
			}
			d = ideas.IdeaDecision{Adopt: "adopt", Department: p.dept, DueOn: due.In(models.Seoul).Format("2006-01-02"),
				Grade: p.grade, Amount: strconv.Itoa(p.amount), Note: "심사 결과에 따라 채택합니다."}
		}
		if err := ideas.DecideIdea(sd.tx, adminID, ids[k], d, decided.Add(time.Duration(k)*time.Minute)); err != nil {
			return fmt.Errorf("decide %q: %w", p.title, err)
		}
		for j, body := range p.progress {
			at := sd.ago(float64(70 - 35*j))
			done := p.done && j == len(p.progress)-1
			if err := ideas.PostIdeaProgress(sd.tx, ids[k], sd.staffID, body, done, at); err != nil {
				return fmt.Errorf("progress %q: %w", p.title, err)
			}
		}
	}
	return nil
}

// openRound opens the second round five days ago, partly scored.
func (sd *demoSeeder) openRound(adminID uint, plans []demoIdea, ids []uint) error {
	opened := sd.ago(5)
	r, err := ideas.OpenRound(sd.tx, adminID, ideas.RoundInput{Name: "하반기 제안심의회", ScaleMax: "25", Rule: string(ideas.RankMean),
		ClosesAt: sd.now.AddDate(0, 0, 9).In(models.Seoul).Format("2006-01-02") + "T18:00", IdeaIDs: sd.roundIdeas(plans, ids, 2)}, opened)
	if err != nil {
		return fmt.Errorf("demo open round: %w", err)
	}
	return sd.scoreAll(r, plans, ids, sd.ago(3), true)
}
