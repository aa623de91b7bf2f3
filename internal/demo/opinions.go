package demo

import (
	"fmt"
	"time"

	"ydp1/models"
	"ydp1/models/meetings"
)

// demoOpinion is one opinion of the demo: heard some days ago, then handled
// through the given states, a day or two apart.
type demoOpinion struct {
	in      meetings.OpinionInput
	ago     float64 // days before now it was heard
	atPast  bool    // heard at the demo's past meeting with results
	steps   []meetings.OpinionChange
	correct *meetings.OpinionChange // a later correction of the final reply
}

const (
	demoGuards  = "찾아가는 영등포1번가 — 신길5동 경비근로자 간담회"
	demoYouth   = "찾아가는 영등포1번가 — 문래동 청년 창업가 간담회"
	demoFamily  = "찾아가는 영등포1번가 — 대림2동 다문화가족 간담회"
	demoSellers = "찾아가는 영등포1번가 — 여의동 자영업자 간담회"
)

func demoOpinions() []demoOpinion {
	review := func(dept string) meetings.OpinionChange {
		return meetings.OpinionChange{State: meetings.OpinionReviewing, Department: dept}
	}
	return []demoOpinion{
		{in: meetings.OpinionInput{Source: demoGuards, Category: "복지보건·다문화", Dong: "신길5동",
			Body: "경비실에 에어컨이 없어 여름이면 선풍기 하나로 버팁니다. 공동주택 지원사업으로 경비실 냉방기 설치를 도와주세요."},
			ago: 46, steps: []meetings.OpinionChange{review("주택과"), {State: meetings.OpinionAdopted, Department: "주택과",
				Reply: "공동주택 지원사업 항목에 '경비·청소 근로자 휴게시설 냉난방기'를 넣었습니다.\n\n단지에서 신청하면 설치비의 70%까지 지원합니다. 올해 신청한 12개 단지에 설치를 마쳤습니다."}},
			correct: &meetings.OpinionChange{State: meetings.OpinionAdopted, Department: "주택과",
				Reply: "공동주택 지원사업 항목에 '경비·청소 근로자 휴게시설 냉난방기'를 넣었습니다.\n\n단지에서 신청하면 설치비의 70%까지 지원합니다. 올해 신청한 14개 단지에 설치를 마쳤습니다. (설치 단지 수를 바로잡았습니다.)"}},
		{in: meetings.OpinionInput{Source: demoGuards, Category: "지역경제·일자리", Dong: "신길5동",
			Body: "휴게시간에도 택배를 받아 달라는 요청이 많아 제대로 쉬지 못합니다. 휴게시간을 지킬 수 있게 입주민 안내를 해 주세요."},
			ago: 46, steps: []meetings.OpinionChange{review("일자리정책과"), {State: meetings.OpinionPartly, Department: "일자리정책과",
				Reply: "휴게시간 보장 안내문을 만들어 관리사무소 86곳에 보냈습니다. 택배 보관함 설치 지원은 내년 예산 편성 때 다시 검토합니다."}}},
		{in: meetings.OpinionInput{Source: demoYouth, Category: "지역경제·일자리", Dong: "문래동",
			Body: "창업 초기에는 사무실 임대료가 가장 큰 부담입니다. 문래동 빈 상가를 청년 창업 공유 공간으로 활용할 수 있으면 좋겠습니다."},
			ago: 28, steps: []meetings.OpinionChange{review("일자리정책과")}},
		{in: meetings.OpinionInput{Source: demoYouth, Category: "교육문화", Dong: "문래동",
			Body: "문래예술공장 작업실 대관을 평일 저녁에도 할 수 있게 해 주세요. 직장을 다니며 작업하는 청년 작가가 많습니다."},
			ago: 28, steps: []meetings.OpinionChange{review("문화체육과"), {State: meetings.OpinionAdopted, Department: "문화체육과",
				Reply: "다음 달부터 화·목요일에 작업실 대관 시간을 밤 10시까지 늘립니다. 예약은 문래예술공장 누리집에서 받습니다."}}},
		{in: meetings.OpinionInput{Source: demoFamily, Category: "복지보건·다문화", Dong: "대림2동",
			Body: "어린이집 입소 안내문이 한국어로만 되어 있어 신청 기간을 놓쳤습니다. 중국어 안내문과 통역 상담이 있으면 좋겠습니다."},
			ago: 19, steps: []meetings.OpinionChange{{State: meetings.OpinionPartly, Department: "가족정책과",
				Reply: "어린이집 입소 안내문을 중국어와 영어로 번역해 대림2동·대림3동 주민센터에 비치했습니다. 통역 상담은 가족센터 통번역 서비스(평일 오후)로 연결해 드립니다. 상시 통역 창구는 인력 사정으로 어렵습니다."}}},
		{in: meetings.OpinionInput{Source: demoSellers, Category: "생활환경·교통안전", Dong: "여의동",
			Body: "점심시간에 식당 앞 잠깐 정차도 단속되어 배달과 손님 응대가 어렵습니다. 점심시간 주정차 단속을 유예해 주세요."},
			ago: 11, steps: []meetings.OpinionChange{review("교통행정과"), {State: meetings.OpinionRejected, Department: "교통행정과",
				Reply: "해당 구간은 버스정류장과 횡단보도가 가까운 어린이·보행자 안전 구역이라 단속 유예가 어렵습니다. 대신 인근 공영주차장 10분 무료 회차를 시범 운영합니다."}}},
		{in: meetings.OpinionInput{Source: demoSellers, Category: "지역경제·일자리", Dong: "여의동",
			Body: "여의도 직장인 대상 지역화폐 할인 행사를 평일에도 열어 주시면 점심 매출에 도움이 되겠습니다."},
			ago: 11},
		{in: meetings.OpinionInput{Category: "생활환경·교통안전", Dong: "문래동",
			Body: "문래창작촌 골목은 주말마다 주차 차량으로 소방차가 들어가기 어렵습니다. 주말에 공영주차장을 개방해 주세요."},
			ago: 20, atPast: true, steps: []meetings.OpinionChange{review("주차관리과")}},
		{in: meetings.OpinionInput{Category: "도시", Dong: "도림동",
			Body: "도림천 산책로 고가 밑이 밤에 너무 어둡습니다. 보안등을 밝은 것으로 바꿔 주세요."},
			ago: 20, atPast: true, steps: []meetings.OpinionChange{review("치수과"), {State: meetings.OpinionAdopted, Department: "치수과",
				Reply: "도림천 산책로 보안등 40개를 LED로 교체하고 고가 밑 구간에 8개를 새로 설치합니다. 12월 중 공사를 마칩니다."}}},
	}
}

// seedOpinions records the demo's opinions heard on site and handles them as
// staff would; two come from the past meeting, and one from a resident who
// attended it.
func (sd *demoSeeder) seedOpinions() error {
	var past []uint
	if err := sd.tx.Model(&meetings.Meeting{}).Where("results_at IS NOT NULL").Order("id").Limit(1).Pluck("id", &past).Error; err != nil {
		return err
	}
	for _, d := range demoOpinions() {
		heard := sd.officeHours(sd.ago(d.ago), sd.ago(d.ago+1), sd.ago(d.ago-1))
		in := d.in
		in.HeardOn = heard.In(models.Seoul).Format("2006-01-02")
		if d.atPast {
			if len(past) == 0 {
				continue
			}
			in.MeetingID = fmt.Sprint(past[0])
		}
		o, err := meetings.RecordOpinion(sd.tx, sd.staffID, in, heard.Add(3*time.Hour))
		if err != nil {
			return fmt.Errorf("demo opinion %q: %w", in.Body, err)
		}
		at := heard.Add(3 * time.Hour)
		for _, ch := range d.steps {
			at = at.Add(sd.days(1 + sd.rnd.Float64()*2))
			if err := meetings.ChangeOpinionState(sd.tx, o.ID, sd.staffID, ch, at); err != nil {
				return fmt.Errorf("demo opinion %d to %s: %w", o.ID, ch.State, err)
			}
		}
		if d.correct != nil {
			if err := meetings.ChangeOpinionState(sd.tx, o.ID, sd.staffID, *d.correct, at.Add(sd.days(2))); err != nil {
				return err
			}
		}
	}
	if len(past) == 0 {
		return nil
	}
	var attendees []uint
	if err := sd.tx.Table("bookings").Where("meeting_id = ? AND checked_in_at IS NOT NULL", past[0]).Order("id").Limit(1).Pluck("user_id", &attendees).Error; err != nil {
		return err
	}
	if len(attendees) == 0 {
		return nil
	}
	var ends []time.Time
	if err := sd.tx.Model(&meetings.Meeting{}).Where("id = ?", past[0]).Pluck("ends_at", &ends).Error; err != nil || len(ends) == 0 {
		return err
	}
	_, err := meetings.SubmitOpinion(sd.tx, past[0], attendees[0], "회의에서 시간이 부족해 못 한 말을 남깁니다. 문래동 어린이 통학로에 옐로카펫과 노란 발자국을 설치해 주세요.",
		"생활환경·교통안전", "문래동", ends[0].Add(40*time.Minute))
	return err
}
