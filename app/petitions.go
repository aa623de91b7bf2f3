package app

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"ydp1/models"
	"ydp1/models/deliberations"
	"ydp1/models/petitions"
)

const commentsPerPage = 10

func (a *App) listPetitions(c echo.Context) error {
	q := petitionQuery(c)
	items, total, err := petitions.ListPetitions(a.dbFor(c), q, a.now())
	if err != nil {
		return err
	}
	settings, err := models.LoadSettings(a.dbFor(c)) // the legend of the states names the threshold
	if err != nil {
		return err
	}
	q.Normalize()
	total, exact := searchTotal(q, total)
	data := &petitionList{base: titled(t(c, "petitions.index.title")), Items: items, Total: total, More: !exact, Query: q, Params: c.QueryParams()}
	data.Settings = &settings
	return a.render(c, http.StatusOK, "petitions/index", data)
}

type petitionList struct {
	base
	Items  []petitions.Petition
	Total  int64
	More   bool // Total is a floor: a search stops counting at petitions.SearchCap
	Query  petitions.Query
	Params url.Values
}

// searchTotal is the total a list shows: a search counts its matches up to
// just past petitions.SearchCap, and then says "at least SearchCap".
func searchTotal(q petitions.Query, total int64) (shown int64, exact bool) {
	if q.Q != "" && total > petitions.SearchCap {
		return petitions.SearchCap, false
	}
	return total, true
}

// petitionQuery reads the list filters shared by the page and the API.
func petitionQuery(c echo.Context) petitions.Query {
	page, _ := strconv.Atoi(c.QueryParam("page"))
	return petitions.Query{
		Status:   petitions.Status(c.QueryParam("status")),
		Category: c.QueryParam("category"),
		Q:        c.QueryParam("q"),
		Sort:     c.QueryParam("sort"),
		Page:     page,
	}
}

// newPetition shows the form. Given a title (the 비슷한 청원 찾기 button posts
// the draft back here), it keeps what was typed and lists similar petitions.
func (a *App) newPetition(c echo.Context) error {
	form, _ := c.FormParams()
	data := &newPetitionPage{base: titled(t(c, "petitions.new.title"))}
	data.Form = form
	if form.Has("title") && !form.Has("edit") { // 수정하기 on the preview only brings the draft back
		similar, err := petitions.SimilarPetitions(a.dbFor(c), form.Get("title"), petitions.MaxSimilar, a.now())
		if err != nil {
			return err
		}
		data.SimilarAsked, data.Similar, data.SimilarWords = true, similar, petitions.TitleWords(form.Get("title"))
	}
	return a.render(c, http.StatusOK, "petitions/new", data)
}

type newPetitionPage struct {
	base
	SimilarAsked bool // 비슷한 청원 찾기 was pressed
	Similar      []petitions.Petition
	SimilarWords []string
}

// QuotedWords are the title's words the search looked for, each in quotes:
// ‘벤치’, ‘공원’.
func (p *newPetitionPage) QuotedWords() string {
	quoted := make([]string, len(p.SimilarWords))
	for i, w := range p.SimilarWords {
		quoted[i] = "‘" + w + "’"
	}
	return strings.Join(quoted, ", ")
}

// newPetitionAgain is the form shown again with what was typed.
func newPetitionAgain(c echo.Context, form url.Values, errs models.Errors) *newPetitionPage {
	data := &newPetitionPage{base: titled(t(c, "petitions.new.title"))}
	data.Form, data.Errors = form, errs
	return data
}

// previewPetition shows the petition as it will be published, before it is
// filed: 수정하기 goes back to the form with everything kept, 등록하기 files it.
func (a *App) previewPetition(c echo.Context) error {
	return a.submitPetition(c, false)
}

// createPetition files the petition its author confirmed on the preview.
func (a *App) createPetition(c echo.Context) error {
	return a.submitPetition(c, c.FormValue("confirm") == "1")
}

func (a *App) submitPetition(c echo.Context, confirmed bool) error {
	form, _ := c.FormParams()
	in := petitions.Input{
		Title: form.Get("title"), Category: form.Get("category"), Dong: form.Get("dong"), Body: form.Get("body"),
	}
	p, filed, err := petitions.Submit(a.dbFor(c), currentUser(c).ID, in, confirmed, a.now())
	if errs, ok := models.AsErrors(err); ok {
		return a.render(c, http.StatusUnprocessableEntity, "petitions/new", newPetitionAgain(c, form, errs))
	}
	if errors.Is(err, models.ErrNotVerified) {
		return a.render(c, http.StatusForbidden, "petitions/new", newPetitionAgain(c, form, nil))
	}
	if err != nil {
		return err
	}
	if !filed {
		return a.render(c, http.StatusOK, "petitions/preview", &petitionPreview{base: titled(t(c, "petitions.preview.title")), P: p})
	}
	if p.Status == petitions.StatusReview {
		a.flash(c, "success", "petitions.flash.filed_review")
	} else {
		a.flash(c, "success", models.Msg("petitions.flash.filed_preconsent", "Count", p.PreconsentGoal, "N", itoa(p.PreconsentGoal)))
	}
	return c.Redirect(http.StatusSeeOther, "/petitions/"+strconv.Itoa(int(p.ID)))
}

// petitionPreview is a petition not yet filed, as it will be published.
type petitionPreview struct {
	base
	P *petitions.Petition
}

// loadPetition finds the petition of the :id parameter that the viewer may see.
func (a *App) loadPetition(c echo.Context, share string) (*petitions.Petition, error) {
	id, err := strconv.ParseUint(c.Param("id"), 10, 64)
	if err != nil {
		return nil, echo.ErrNotFound
	}
	p, err := petitions.FindPetition(a.dbFor(c), uint(id), a.now())
	if errors.Is(err, models.ErrNotFound) {
		return nil, echo.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if !p.VisibleTo(currentUser(c), share) {
		return nil, echo.ErrNotFound
	}
	return p, nil
}

func (a *App) showPetition(c echo.Context) error {
	share := c.QueryParam("share")
	p, err := a.loadPetition(c, share)
	if err != nil {
		return err
	}
	return a.petitionPage(c, http.StatusOK, p, share, base{})
}

type petitionShow struct {
	base
	supportBox
	Timeline       []petitions.ProgressUpdate
	Colleagues     []petitions.Colleague // staff only, as the rest below
	DeptHistory    []petitions.DeptAnswerRevision
	DeptDue        *time.Time
	Today          string
	ShareURL       string
	Comments       []petitions.Comment
	CommentTotal   int64
	CommentPage    int
	CommentPerPage int
	CommentParams  url.Values // the query the comment pages keep: a 사전동의 link's share
	ByDong         []petitions.DongCount
	DongBars       []dongBar
	Deliberations  []deliberations.Deliberation // the 공론장 that serve it
	// an answered petition keeps its support open until its period ends:
	// the count when the answer came, and the supports after it
	AnswerCount         int64
	SupportsAfterAnswer int64
	// the answer's official translation into the visitor's language, if any
	// (never for Korean); for staff, the forms to add them (answer_translations.go)
	Translation       *petitions.AnswerTranslation
	TranslationForms  []translationForm
	TranslationValues map[string]string
}

// supportBox is the 공감 box of a petition, the slot each visitor sees as their own.
type supportBox struct {
	P          *petitions.Petition
	Share      string
	CanSupport bool
	Supported  bool
}

// petitionPage renders a petition with everything around it; form carries
// the state of a form that is shown again with its errors.
func (a *App) petitionPage(c echo.Context, status int, p *petitions.Petition, share string, form base) error {
	data := &petitionShow{base: form}
	pageNo, _ := strconv.Atoi(c.QueryParam("cpage"))
	pageNo = max(pageNo, 1)
	comments, total, err := petitions.Comments(a.dbFor(c), p.ID, pageNo, commentsPerPage)
	if err != nil {
		return err
	}
	// the tally groups every support: on a viral petition it lags like the cached page
	byDong, err := remember(a.pages, "dongs:"+strconv.Itoa(int(p.ID)), func() ([]petitions.DongCount, error) {
		return petitions.SupportsByDong(a.dbFor(c), p.ID)
	})
	if err != nil {
		return err
	}
	if p.Answer != nil {
		after, err := remember(a.pages, "after-answer:"+strconv.Itoa(int(p.ID)), func() (int64, error) {
			return petitions.SupportsAfter(a.dbFor(c), p.ID, p.Answer.AnsweredAt)
		})
		if err != nil {
			return err
		}
		data.SupportsAfterAnswer, data.AnswerCount = after, max(int64(p.SupportCount)-after, 0)
		data.Translation = p.Answer.Translation(langOf(c).Code)
	}
	timeline, err := petitions.Timeline(a.dbFor(c), p.ID)
	if err != nil {
		return err
	}
	data.Timeline = timeline
	if data.Deliberations, err = deliberations.List(a.dbFor(c), deliberations.Query{PetitionID: p.ID}, a.now()); err != nil {
		return err
	}
	if u := currentUser(c); u.IsStaff() {
		if data.Colleagues, err = petitions.MarkPresence(a.dbFor(c), p.ID, u.ID, a.now()); err != nil {
			return err
		}
		if data.DeptHistory, err = petitions.DeptAnswerHistory(a.dbFor(c), p.ID); err != nil {
			return err
		}
		settings, err := models.LoadSettings(a.dbFor(c))
		if err != nil {
			return err
		}
		data.DeptDue = p.DeptAnswerDue(settings.DeptAnswerDays)
		if p.Answer != nil {
			data.TranslationForms, data.TranslationValues = translationForms(p.Answer, form.Form)
		}
		data.Today = a.now().In(models.Seoul).Format("2006-01-02")
	}
	// the 공감 box is the visitor's own; the rest is the same for every
	// resident on a public petition (pagecache.go keeps it)
	box := func(c echo.Context) (supportBox, error) {
		b := supportBox{P: p, Share: share, CanSupport: p.AcceptsSupport(a.now())}
		if u := currentUser(c); u != nil {
			var err error
			if b.Supported, err = petitions.HasSupported(a.dbFor(c), p.ID, u.ID); err != nil {
				return b, err
			}
		}
		return b, nil
	}
	if data.supportBox, err = box(c); err != nil {
		return err
	}
	data.viewer = func(c echo.Context) (pager, error) {
		b, err := box(c)
		return &petitionShow{supportBox: b}, err
	}
	data.personal = !p.Status.IsPublic() || currentUser(c).IsStaff()
	link := a.cfg.BaseURL + "/petitions/" + strconv.Itoa(int(p.ID))
	if share != "" {
		link += "?share=" + url.QueryEscape(share)
	}
	summary := excerptText(p.Body, 110)
	data.Title, data.Description = p.Title, summary
	data.OG = &openGraph{Title: "[" + t(c, p.Status.LabelID()) + "] " + p.Title, Description: summary, URL: link}
	data.ShareURL = a.cfg.BaseURL + "/petitions/" + strconv.Itoa(int(p.ID)) + "?share=" + p.ShareToken
	data.Comments = comments
	data.CommentTotal = total
	data.CommentPage = pageNo
	data.CommentPerPage = commentsPerPage
	if share != "" {
		data.CommentParams = url.Values{"share": {share}}
	}
	data.ByDong = byDong
	data.DongBars = dongBars(byDong)
	return a.render(c, status, "petitions/show", data)
}

func (a *App) supportPetition(c echo.Context) error {
	id, err := strconv.ParseUint(c.Param("id"), 10, 64)
	if err != nil {
		return echo.ErrNotFound
	}
	share := c.FormValue("share")
	back := "/petitions/" + strconv.FormatUint(id, 10)
	if share != "" {
		back += "?share=" + url.QueryEscape(share)
	}
	res, err := a.supports.Support(c.Request().Context(), petitions.SupportInput{
		PetitionID: uint(id), UserID: currentUser(c).ID, Comment: c.FormValue("comment"), Share: share,
	}, a.now())
	a.metrics.Supported(err)
	if err == nil {
		if res.Moved {
			a.mailer.Wake()      // a goal or the threshold reached has mails to send
			a.pages.invalidate() // a count may lag, a new state may not
		}
		a.flash(c, "success", supportedMessage(res))
		return c.Redirect(http.StatusSeeOther, back+"#messages") // the thanks in view, also on a phone
	}
	// A refusal is answered on the petition as this visitor may see it: one
	// they may not see is not found, whatever the refusal was.
	p, lerr := a.loadPetition(c, share)
	if lerr != nil {
		return lerr
	}
	if errs, ok := models.AsErrors(err); ok {
		form, _ := c.FormParams()
		return a.petitionPage(c, http.StatusUnprocessableEntity, p, share, base{Form: form, Errors: errs})
	}
	switch {
	case errors.Is(err, petitions.ErrAlreadySupported):
		a.flash(c, "info", "petitions.flash.already_supported")
	case errors.Is(err, petitions.ErrSupportClosed):
		a.flash(c, "error", "petitions.flash.not_open")
	case errors.Is(err, petitions.ErrOwnPetition):
		a.flash(c, "error", "petitions.flash.own")
	case errors.Is(err, models.ErrNotVerified):
		a.flash(c, "error", "petitions.flash.not_verified")
	case errors.Is(err, models.ErrNotFound):
		return echo.ErrNotFound
	default:
		return err
	}
	return c.Redirect(http.StatusSeeOther, back+"#messages")
}

// supportedMessage thanks the supporter and says what their support changed.
func supportedMessage(res *petitions.SupportResult) string {
	switch {
	case res.Moved && res.Status == petitions.StatusAwaitingAnswer:
		return models.Msg("petitions.flash.supported_threshold", "Count", res.Count, "N", itoa(res.Count))
	case res.Moved && res.Status == petitions.StatusReview:
		return "petitions.flash.preconsent_goal"
	}
	return models.Msg("petitions.flash.supported", "Count", res.Count, "N", itoa(res.Count))
}

// excerptText shortens text to about n letters on one line, for share cards.
func excerptText(text string, n int) string {
	r := []rune(strings.Join(strings.Fields(text), " "))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n]) + "…"
}
