package petitions_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"ydp1/models/modeltest"
	"ydp1/models/petitions"
)

func TestTitleWords(t *testing.T) {
	tests := []struct {
		title        string
		words, stems []string
	}{
		{"문래동 공영주차장을 늘려 주세요", []string{"문래동", "공영주차장을"}, []string{"문래동", "공영주차장"}},
		{"도림천 산책로에 보안등을 설치해 주세요", []string{"도림천", "산책로에", "보안등을", "설치해"}, []string{"도림천", "산책로", "보안등", "설치"}},
		{"여의도 자전거도로 분리", []string{"여의도", "자전거도로", "분리"}, []string{"여의도", "자전거도로", "분리"}},
		{"차 길 옆 a 1", nil, nil},
		{"  ", nil, nil},
		{"CCTV 설치, cctv를 확대!", []string{"cctv", "설치", "확대"}, []string{"cctv", "설치", "확대"}},
		{"신길동에서 여의도까지 (버스)", []string{"신길동에서", "여의도까지", "버스"}, []string{"신길동", "여의도", "버스"}},
		{"어린이집 증설 청원합니다", []string{"어린이집", "증설"}, []string{"어린이집", "증설"}},
		{"주차 문제를 해결해 주세요", []string{"주차", "문제를"}, []string{"주차", "문제"}},
	}
	for _, tt := range tests {
		words, stems := petitions.TitleWordsAndStems(tt.title)
		if !reflect.DeepEqual(words, tt.words) || !reflect.DeepEqual(stems, tt.stems) {
			t.Errorf("titleWords(%q) = %q, %q; want %q, %q", tt.title, words, stems, tt.words, tt.stems)
		}
		if got := petitions.TitleWords(tt.title); !reflect.DeepEqual(got, tt.words) {
			t.Errorf("TitleWords(%q) = %q, want %q", tt.title, got, tt.words)
		}
	}
	if n := len(petitions.TitleWords(strings.Repeat("낱말 ", 3) + "가나 다라 마바 사아 자차 카타 파하 거너 더러 머버")); n != petitions.MaxSimilarWords {
		t.Errorf("a long title gives %d words, want at most %d", n, petitions.MaxSimilarWords)
	}
}

func TestSimilarPetitions(t *testing.T) {
	db := modeltest.NewDB(t)
	at := func(d float64) *time.Time {
		return modeltest.TimePtr(modeltest.T0.Add(time.Duration(d * float64(modeltest.Day))))
	}
	open := func(title string, support int) *petitions.Petition {
		return modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusOpen, Title: title, SupportCount: support, OpenedAt: at(-1), ClosesAt: at(29)})
	}
	two := open("문래동 공영주차장 확충", 50)
	twoLess := modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusExpired, Title: "문래동 공영주차장 야간 개방", SupportCount: 10,
		OpenedAt: at(-60), ClosesAt: at(-30)})
	oneMost := modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusAnswered, Title: "공영주차장 요금 인하", SupportCount: 1500,
		OpenedAt: at(-60), ClosesAt: at(-30)})
	oneWaiting := modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusAwaitingAnswer, Title: "문래동 예술창작촌 지원", SupportCount: 1200,
		OpenedAt: at(-10), ClosesAt: at(20), ThresholdAt: at(-1)})
	open("어린이 보호구역 확대", 900)
	// never suggested: not public
	for _, st := range []petitions.Status{petitions.StatusHidden, petitions.StatusReview, petitions.StatusPreconsent, petitions.StatusLapsed} {
		modeltest.InsertPetition(t, db, petitions.Petition{Status: st, HiddenFrom: petitions.StatusOpen, Title: "문래동 공영주차장 " + string(st), SupportCount: 5000})
	}
	// open in storage but its period ended: still public, shown as 기간만료
	ended := modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusOpen, Title: "100% 공영주차장", SupportCount: 1,
		OpenedAt: at(-31), ClosesAt: modeltest.TimePtr(modeltest.T0.Add(-time.Hour))})

	tests := []struct {
		name  string
		title string
		limit int
		want  []uint
	}{
		{"most shared words first, then most supported", "문래동 공영주차장을 늘려 주세요", 10,
			[]uint{two.ID, twoLess.ID, oneMost.ID, oneWaiting.ID, ended.ID}},
		{"the limit", "문래동 공영주차장", 2, []uint{two.ID, twoLess.ID}},
		{"part of a longer word", "주차장", 10, []uint{oneMost.ID, two.ID, twoLess.ID, ended.ID}},
		{"one-letter words are ignored", "차 길 주", 10, nil},
		{"common request words alone find nothing", "해주세요 바랍니다", 10, nil},
		{"punctuation is dropped, numbers are words", "100%!", 10, []uint{ended.ID}},
		{"no match", "지하철 연장", 10, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := petitions.SimilarPetitions(db, tt.title, tt.limit, modeltest.T0)
			modeltest.WantErr(t, err, nil)
			if got := modeltest.PetitionIDs(ps); !reflect.DeepEqual(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Errorf("similar to %q = %v, want %v", tt.title, got, tt.want)
			}
			for _, p := range ps {
				if !p.Status.IsPublic() {
					t.Errorf("suggested petition %d in state %q", p.ID, p.Status)
				}
				if p.ID == ended.ID && p.Status != petitions.StatusExpired {
					t.Errorf("the petition past its period shows as %q", p.Status)
				}
			}
		})
	}
}
