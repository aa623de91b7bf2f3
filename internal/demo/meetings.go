package demo

import (
	"time"

	"ydp1/models"
	"ydp1/models/meetings"
)

// seedMeetings adds meetings in every state: one open for booking, one
// full with a waiting list, an online 열린공론장, an outreach visit without
// booking, and a past meeting with its results.
func (sd *demoSeeder) seedMeetings() error {
	now := sd.now
	day := 24 * time.Hour
	at := func(d time.Duration, hour int) string {
		t := now.Add(d).In(models.Seoul)
		return time.Date(t.Year(), t.Month(), t.Day(), hour, 0, 0, 0, models.Seoul).Format("2006-01-02T15:04")
	}
	plans := []struct {
		in      meetings.Input
		created time.Time
		book    int // residents who book, in order
		results *meetings.ResultInput
	}{
		{in: meetings.Input{Kind: meetings.KindTownHall, Title: "2026 하반기 영등포 타운홀미팅 — 구민과 함께 그리는 영등포",
			Intro: "구청장이 하반기 구정 방향을 설명하고 주민 여러분의 질문에 직접 답합니다.", Agenda: "구청장 인사말\n하반기 주요 사업 설명\n사전 질문 답변\n현장 자유 발언",
			Place: "영등포아트홀 (영등포로 238)", StartsAt: at(12*day, 14), EndsAt: at(12*day, 16), BookingEnabled: true, Capacity: "300",
			BookingOpensAt: at(-3*day, 9), BookingClosesAt: at(11*day, 18), Terms: "좌석은 선착순입니다. 참석이 어려우면 미리 취소해 주세요."},
			created: now.Add(-5 * day), book: 124},
		{in: meetings.Input{Kind: meetings.KindCustom, Title: "신길6·대림권역 맞춤형 타운홀미팅", Region: "신길6·대림권역",
			Intro: "대림동 골목 안전과 다문화 가정 지원을 함께 이야기합니다.", Agenda: "권역 현안 보고\n주민 토론\n구청장 답변",
			Place: "대림3동 주민센터 4층 대강당", StartsAt: at(5*day, 19), EndsAt: at(5*day, 21), BookingEnabled: true, Capacity: "40",
			BookingOpensAt: at(-7*day, 9), BookingClosesAt: at(4*day, 18)},
			created: now.Add(-8 * day), book: 46},
		{in: meetings.Input{Kind: meetings.KindOnline, Title: "온라인 열린공론장: 청년 1인가구 주거 지원",
			Intro:  "집에서 편하게 참여하는 온라인 토론입니다. 신청하신 분께 시작 10분 전 접속 주소를 안내합니다.",
			Agenda: "주거 지원 현황\n참여자 의견 나눔", OnlineURL: "https://meet.ydp1.example/youth-housing",
			StartsAt: at(9*day, 20), EndsAt: at(9*day, 21), BookingEnabled: true, Capacity: "100",
			BookingOpensAt: at(-1*day, 9), BookingClosesAt: at(9*day, 12)},
			created: now.Add(-2 * day), book: 31},
		{in: meetings.Input{Kind: meetings.KindOutreach, Title: "찾아가는 영등포1번가: 여의도 경비근로자 간담회", Dong: "여의동",
			Intro: "구청장이 여의도 아파트 경비근로자분들을 찾아가 근무 환경 이야기를 듣습니다.", Place: "여의동 주민센터 앞 쉼터",
			StartsAt: at(3*day, 15), EndsAt: at(3*day, 16)},
			created: now.Add(-4 * day)},
		{in: meetings.Input{Kind: meetings.KindCustom, Title: "영등포본동·도림·문래권역 맞춤형 타운홀미팅", Region: "영등포본동·도림·문래권역",
			Intro: "문래창작촌과 도림천 일대 현안을 나눴습니다.", Agenda: "문래창작촌 주차\n도림천 산책로\n주민 질의응답",
			Place: "문래예술공장 박스씨어터", StartsAt: at(-20*day, 19), EndsAt: at(-20*day, 21), BookingEnabled: true, Capacity: "60",
			BookingOpensAt: at(-35*day, 9), BookingClosesAt: at(-21*day, 18)},
			created: now.Add(-40 * day), book: 52,
			results: &meetings.ResultInput{Minutes: "## 회의 개요\n\n- 일시: 저녁 7시~9시\n- 참석: 구청장, 도시교통국장, 주민\n\n## 주요 논의\n\n1. **문래창작촌 주차**: 주말 공영주차장 개방을 검토합니다.\n2. **도림천 산책로 조명**: 올해 안에 보안등 40개를 교체합니다.",
				MainOpinions: "문래창작촌 주말 주차난 해소, 도림천 야간 조명 개선, 어린이 통학로 안전", FollowUps: "주말 공영주차장 개방 시범 운영(내년 1월), 도림천 보안등 교체(12월)"}},
	}
	for i, p := range plans {
		m, err := meetings.CreateMeeting(sd.tx, sd.staffID, p.in, p.created)
		if err != nil {
			return err
		}
		if err := meetings.PublishMeeting(sd.tx, m.ID, sd.staffID, p.created); err != nil {
			return err
		}
		if m.BookingOpensAt != nil {
			for j := 0; j < p.book && j < len(sd.pool); j++ {
				u := sd.pool[(i*97+j)%len(sd.pool)]
				when := m.BookingOpensAt.Add(time.Duration(j+1) * 7 * time.Minute)
				if _, err := meetings.Book(sd.tx, meetings.BookInput{MeetingID: m.ID, UserID: u.ID, Question: demoQuestion(j)}, when); err != nil {
					return err
				}
			}
		}
		if p.results != nil {
			bookings, err := meetings.BookingsFor(sd.tx, m.ID)
			if err != nil {
				return err
			}
			for j, b := range bookings {
				if b.Status == meetings.BookingBooked && j%5 != 0 {
					if _, err := meetings.CheckIn(sd.tx, m.ID, b.Code, sd.staffID, m.StartsAt); err != nil {
						return err
					}
				}
			}
			if err := meetings.PublishResults(sd.tx, m.ID, sd.staffID, *p.results, m.EndsAt.Add(2*day)); err != nil {
				return err
			}
		}
	}
	return nil
}

func demoQuestion(i int) string {
	qs := []string{"", "", "어린이 통학로 안전 대책이 궁금합니다.", "", "경로당 냉난방비 지원은 언제 늘어나나요?", "",
		"공영주차장 확충 계획을 알려 주세요.", "", "", "청년 월세 지원 대상이 넓어지나요?"}
	return qs[i%len(qs)]
}
