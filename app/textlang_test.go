package app

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/petitions"
)

// getIn opens path as a visitor whose browser asks for the language accept.
func (b *browser) getIn(accept, path string) response {
	b.site.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.site.srv.URL+path, nil)
	req.Header.Set("Accept-Language", accept)
	return b.do(req)
}

// What residents write is marked in the language they wrote it in: a
// petition in Chinese reads as Chinese on its page and in the list, one in
// Korean as Korean, whatever the visitor's language.
func TestResidentsWritingIsMarkedInItsOwnLanguage(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	now := time.Now().UTC()
	open := func(title, body string) *petitions.Petition {
		return s.addPetition(petitions.Petition{Status: petitions.StatusOpen, Title: title, Body: body, SupportCount: 3,
			OpenedAt: ptrTime(now.AddDate(0, 0, -1)), ClosesAt: ptrTime(now.AddDate(0, 0, 29))})
	}
	zh := open("请在大林站二号出口安装无障碍电梯", "大林站二号出口只有楼梯，推婴儿车的家长和老人很难进出。请区厅长与首尔交通公社协商，尽快安装电梯。")
	ko := open("대림역 2번 출구에 엘리베이터를 설치해 주세요", "대림역 2번 출구에는 계단뿐이라 유모차와 어르신이 드나들기 어렵습니다. 서울교통공사와 협의해 주세요.")

	for _, accept := range []string{"ko", "en", "zh-CN"} {
		v := s.browser()
		list := v.getIn(accept, "/petitions")
		list.rendered(t, http.StatusOK,
			`<h3 lang="zh-Hans"><a href="/petitions/`+strconv.Itoa(int(zh.ID))+`">请在大林站二号出口安装无障碍电梯</a></h3>`,
			`<h3 lang="ko"><a href="/petitions/`+strconv.Itoa(int(ko.ID))+`">대림역 2번 출구에 엘리베이터를 설치해 주세요</a></h3>`)
		page := v.getIn(accept, "/petitions/"+strconv.Itoa(int(zh.ID)))
		page.rendered(t, http.StatusOK, `<h1 id="petition-title" lang="zh-Hans">请在大林站二号出口安装无障碍电梯</h1>`,
			`<div lang="zh-Hans"><p>大林站二号出口只有楼梯`)
		if strings.Contains(page.body, `lang="ko">请`) {
			t.Errorf("%s: Chinese writing is marked Korean", accept)
		}
		v.getIn(accept, "/petitions/"+strconv.Itoa(int(ko.ID))).rendered(t, http.StatusOK,
			`<h1 id="petition-title" lang="ko">대림역 2번 출구에 엘리베이터를 설치해 주세요</h1>`, `<div lang="ko"><p>대림역 2번 출구에는`)
	}
}
