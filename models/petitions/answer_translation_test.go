package petitions_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"ydp1/internal/lang"
	"ydp1/models"
	"ydp1/models/modeltest"
	"ydp1/models/petitions"
)

func TestSaveAnswerTranslation(t *testing.T) {
	db := modeltest.NewDB(t)
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	other := modeltest.MkUser(t, db, modeltest.AsStaff)
	p := modeltest.MkOpen(t, db, 1, modeltest.T0)
	modeltest.MustSupport(t, db, p, modeltest.MkUser(t, db), modeltest.T0.Add(time.Hour))
	modeltest.WantErr(t, petitions.AnswerPetition(db, p.ID, staff.ID, petitions.AnswerInput{Body: "검토 결과를 알려 드립니다."}, modeltest.T0.Add(modeltest.Day)), nil)
	answered, err := petitions.FindPetition(db, p.ID, modeltest.T0.Add(modeltest.Day))
	modeltest.WantErr(t, err, nil)
	answerID := answered.Answer.ID
	at := modeltest.T0.Add(2 * modeltest.Day)

	for _, tt := range []struct {
		name string
		lang string
		in   petitions.TranslationInput
		want []string
	}{
		{"Korean is the original, not a translation", "ko", petitions.TranslationInput{Body: "번역"}, []string{"language"}},
		{"a language the site does not speak", "ja", petitions.TranslationInput{Body: "翻訳"}, []string{"language"}},
		{"empty body", "en", petitions.TranslationInput{}, []string{"body_en"}},
		{"blank body", "zh", petitions.TranslationInput{Body: " \n\t "}, []string{"body_zh"}},
		{"body over 60,000 characters", "en", petitions.TranslationInput{Body: strings.Repeat("a", 60001)}, []string{"body_en"}},
		{"note over 500 characters", "zh", petitions.TranslationInput{Body: "答复", Note: strings.Repeat("注", 501)}, []string{"note_zh"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := petitions.SaveAnswerTranslation(db, staff.ID, answerID, tt.lang, tt.in, at)
			if got := modeltest.FieldErrors(t, err); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("fields %v, want %v", got, tt.want)
			}
			fe, _ := models.AsErrors(err)
			for field, msg := range fe {
				if !models.IsMessageID(msg) {
					t.Errorf("%s: %q is no message id of the catalogs", field, msg)
				}
			}
		})
	}
	if n := modeltest.CountRows(t, db, &petitions.AnswerTranslation{}); n != 0 {
		t.Fatalf("invalid translations stored %d rows", n)
	}
	modeltest.WantErr(t, petitions.SaveAnswerTranslation(db, staff.ID, answerID+100, "en", petitions.TranslationInput{Body: "Answer"}, at), models.ErrNotFound)

	// added: rendered like the answer, sanitised
	in := petitions.TranslationInput{Body: "  **The review** found this.\n\n<script>alert(1)</script><a href=\"javascript:x()\">link</a>  ", Note: " Translated by the Foreign Residents Support Centre "}
	modeltest.WantErr(t, petitions.SaveAnswerTranslation(db, staff.ID, answerID, "en", in, at), nil)
	modeltest.WantErr(t, petitions.SaveAnswerTranslation(db, staff.ID, answerID, "zh", petitions.TranslationInput{Body: "区厅长的答复"}, at), nil)
	found, err := petitions.FindPetition(db, p.ID, at)
	modeltest.WantErr(t, err, nil)
	en := found.Answer.Translation("en")
	if en == nil || found.Answer.Translation("zh") == nil || found.Answer.Translation("ko") != nil {
		t.Fatalf("translations = %+v", found.Answer.Translations)
	}
	if en.Body != "**The review** found this.\n\n<script>alert(1)</script><a href=\"javascript:x()\">link</a>" ||
		en.Note != "Translated by the Foreign Residents Support Centre" || en.StaffID != staff.ID || !en.CreatedAt.Equal(at) || !en.UpdatedAt.Equal(at) {
		t.Errorf("stored %+v", en)
	}
	if !strings.Contains(en.BodyHTML, "<strong>The review</strong>") || strings.Contains(en.BodyHTML, "<script") || strings.Contains(en.BodyHTML, "javascript:") {
		t.Errorf("body html = %q", en.BodyHTML)
	}

	// saved again: the same row changes, by whoever saved it last
	later := at.Add(time.Hour)
	modeltest.WantErr(t, petitions.SaveAnswerTranslation(db, other.ID, answerID, "en", petitions.TranslationInput{Body: "The review found *this*."}, later), nil)
	if n := modeltest.CountRows(t, db, &petitions.AnswerTranslation{}, "answer_id = ? AND language = ?", answerID, "en"); n != 1 {
		t.Fatalf("%d English translations, want one", n)
	}
	found, err = petitions.FindPetition(db, p.ID, later)
	modeltest.WantErr(t, err, nil)
	if en2 := found.Answer.Translation("en"); en2.ID != en.ID || en2.StaffID != other.ID || en2.Note != "" ||
		!en2.CreatedAt.Equal(at) || !en2.UpdatedAt.Equal(later) || !strings.Contains(en2.BodyHTML, "<em>this</em>") {
		t.Errorf("edited %+v", en2)
	}

	// each save is in the audit log, on the petition
	entries, _, err := models.ListAudit(db, models.AuditQuery{})
	modeltest.WantErr(t, err, nil)
	var got []string
	for _, e := range entries {
		if e.TargetType == "petition" && e.TargetID == p.ID && strings.HasPrefix(e.Action, "petition.answer_translation") {
			got = append(got, e.Action)
			if !strings.Contains(e.After, `"language"`) {
				t.Errorf("%s: after = %s", e.Action, e.After)
			}
			told := e.Line(nil).Tell(lang.ByCode("ko"))
			var text string
			for _, p := range told.Parts {
				text += p.Text
			}
			if !strings.Contains(text, "공식 번역") {
				t.Errorf("%s reads %q", e.Action, text)
			}
		}
	}
	want := []string{petitions.AuditTranslationEdit, petitions.AuditTranslationAdd, petitions.AuditTranslationAdd} // newest first
	if !reflect.DeepEqual(got, want) {
		t.Errorf("audit actions %v, want %v", got, want)
	}
}
