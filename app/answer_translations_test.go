package app

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/petitions"
)

// Staff add an official English translation of the 구청장's answer on the
// petition's page; residents reading in English find it under the Korean
// answer, those reading in Chinese are told only the Korean is official, and
// Korean readers see the answer as it was.
func TestStaffAddAnOfficialTranslationOfTheAnswer(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	now := time.Now().UTC()
	if _, err := models.CreateVerifiedUser(s.db, "staff@ydp1.test", "deskpass123", "박담당", "", models.RoleStaff, now); err != nil {
		t.Fatal(err)
	}
	p := s.addPetition(petitions.Petition{Status: petitions.StatusAnswered, Title: "문래동 공영주차장 확충", SupportCount: 1200,
		OpenedAt: ptrTime(now.AddDate(0, 0, -20)), ClosesAt: ptrTime(now.AddDate(0, 0, 10))})
	s.addAnswer(p, "**검토 결과**를 알려 드립니다. 주차장을 늘리겠습니다.", now.Add(-time.Hour))
	path := "/petitions/" + strconv.Itoa(int(p.ID))
	action := "/admin" + path + "/answer/translations/en"
	visitor := s.browser()

	visitor.getIn("en", path).rendered(t, http.StatusOK, "This answer is written in Korean. Only the Korean original is the official answer.").
		lacks(t, "Official translation of the answer")

	staff := s.logIn("staff@ydp1.test", "deskpass123")
	staff.post(action, url.Values{"body_en": {"Answer"}}).is(t, http.StatusForbidden) // no CSRF token
	staff.get(path).rendered(t, http.StatusOK, "영문 공식 번역", "중문 공식 번역", `action="`+action+`"`)

	// an empty translation comes back with its error next to the field and the note as typed
	r := staff.submit(path, action, url.Values{"body_en": {"  "}, "note_en": {"Translated by the Global Village Centre"}})
	r.rendered(t, http.StatusUnprocessableEntity, `<p class="field-error" id="body_en-error">`, "번역문을 입력해 주세요.",
		`aria-invalid="true"`, ">Translated by the Global Village Centre</textarea>")
	if n := modelCount(t, s, &petitions.AnswerTranslation{}); n != 0 {
		t.Fatalf("%d translations stored, want none", n)
	}

	staff.submit(path, action, url.Values{"body_en": {"**The review** found that we will add parking spaces."},
		"note_en": {"Translated by the Global Village Centre"}}).rendered(t, http.StatusOK, "공식 번역을 저장했습니다.")
	staff.get(path).rendered(t, http.StatusOK, `lang="en">**The review** found that we will add parking spaces.</textarea>`, "번역 수정",
		`<textarea id="body_zh" name="body_zh" rows="10" aria-describedby="body_zh-hint" lang="zh-Hans"></textarea>`)

	en := visitor.getIn("en", path)
	en.rendered(t, http.StatusOK,
		`<a href="#answer-translation">Read the official English translation below</a>`,
		`<div class="answer-body prose" id="answer-text" lang="ko"><p><strong>검토 결과</strong>를 알려 드립니다.`,
		`<section class="answer-translation" id="answer-translation" aria-labelledby="answer-translation-title" lang="en">`,
		`<h3 id="answer-translation-title">Official translation of the answer</h3>`,
		"<p><strong>The review</strong> found that we will add parking spaces.</p>",
		`<span lang="en">Translated by the Global Village Centre</span>`,
		`<a href="#answer-text">Back to the Korean original</a>`).
		lacks(t, "This answer is written in Korean.")
	if strings.Index(en.body, `id="answer-text"`) > strings.Index(en.body, `id="answer-translation"`) {
		t.Error("the translation comes before the Korean original")
	}

	visitor.getIn("zh-CN", path).rendered(t, http.StatusOK, "此答复以韩文撰写，仅韩文原文为正式答复。", "<strong>검토 결과</strong>").
		lacks(t, "The review", `id="answer-translation"`)
	visitor.getIn("ko", path).rendered(t, http.StatusOK, "<strong>검토 결과</strong>").
		lacks(t, "The review", `id="answer-translation"`, "한국어 원문만 공식 답변입니다")

	// the API's answer carries it
	var api struct {
		Answer struct {
			Translations []struct {
				Language string `json:"language"`
				BodyHTML string `json:"body_html"`
			} `json:"translations"`
		} `json:"answer"`
	}
	raw := visitor.get("/api/v1" + path)
	raw.is(t, http.StatusOK)
	if err := json.Unmarshal([]byte(raw.body), &api); err != nil {
		t.Fatal(err)
	}
	if tr := api.Answer.Translations; len(tr) != 1 || tr[0].Language != "en" || !strings.Contains(tr[0].BodyHTML, "<strong>The review</strong>") {
		t.Errorf("the API's translations: %+v", tr)
	}
}

func modelCount(t *testing.T, s *testSite, model any) int64 {
	t.Helper()
	var n int64
	if err := s.db.Model(model).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
