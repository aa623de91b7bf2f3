package app

import (
	"net/url"

	"github.com/labstack/echo/v4"

	"ydp1/models"
	"ydp1/models/petitions"
)

// The official translations of the 구청장's answer: staff add them on the
// petition's page (views/partials/answer_translations.html), residents who
// read the site in English or Chinese find theirs under the Korean answer.

// translationForm is the desk's form of one language's translation.
type translationForm struct {
	Lang  string                       // en, zh
	Tag   string                       // the language as a lang attribute names it: en, zh-Hans
	Title string                       // its heading's message id
	Saved *petitions.AnswerTranslation // nil until one is saved
}

// translationTitles are the forms' headings, in the order the desk shows them.
var translationTitles = []struct{ lang, title string }{
	{"en", "desk.translation.form_en"},
	{"zh", "desk.translation.form_zh"},
}

// translationForms are the forms of an answered petition's translations and
// the text their fields show: what staff typed when the page comes back with
// an error, else what is saved.
func translationForms(answer *petitions.Answer, form url.Values) ([]translationForm, map[string]string) {
	forms := make([]translationForm, 0, len(translationTitles))
	values := map[string]string{}
	for _, tt := range translationTitles {
		f := translationForm{Lang: tt.lang, Tag: langByCode(tt.lang).Tag.String(), Title: tt.title, Saved: answer.Translation(tt.lang)}
		forms = append(forms, f)
		body, note := "", ""
		if f.Saved != nil {
			body, note = f.Saved.Body, f.Saved.Note
		}
		for name, saved := range map[string]string{petitions.TranslationField("body", tt.lang): body, petitions.TranslationField("note", tt.lang): note} {
			values[name] = saved
			if form.Has(name) {
				values[name] = form.Get(name)
			}
		}
	}
	return forms, values
}

// saveAnswerTranslation adds or replaces the translation of the petition's
// answer into the language of :lang.
func (a *App) saveAnswerTranslation(c echo.Context) error {
	return a.staffAction(c, "desk.flash.translation_saved", func(p *petitions.Petition) error {
		if p.Answer == nil {
			return models.ErrNotFound
		}
		lang := c.Param("lang")
		in := petitions.TranslationInput{Body: c.FormValue(petitions.TranslationField("body", lang)),
			Note: c.FormValue(petitions.TranslationField("note", lang))}
		return petitions.SaveAnswerTranslation(a.dbFor(c), currentUser(c).ID, p.Answer.ID, lang, in, a.now())
	})
}
