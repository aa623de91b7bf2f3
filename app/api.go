package app

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"ydp1/models"
	"ydp1/models/meetings"
	"ydp1/models/petitions"
)

// The public read API, /api/v1: its contract is api/openapi.json (served at
// /api/v1/openapi.json and shown to people at /api/docs). Parameters are
// checked, not guessed: a bad one is a 400 in the error shape of apierrors.go.

type apiAnswer struct {
	BodyHTML   string    `json:"body_html"`
	VideoURL   string    `json:"video_url"`
	Answerer   string    `json:"answerer"`
	AnsweredAt time.Time `json:"answered_at"`
	// staff's official translations; the Korean answer is the one that counts
	Translations []apiTranslation `json:"translations"`
}

type apiTranslation struct {
	Language  string    `json:"language"`
	BodyHTML  string    `json:"body_html"`
	Note      string    `json:"note"`
	UpdatedAt time.Time `json:"updated_at"`
}

type apiPetition struct {
	ID           uint       `json:"id"`
	URL          string     `json:"url"`
	Title        string     `json:"title"`
	Category     string     `json:"category"`
	Dong         string     `json:"dong"`
	Status       string     `json:"status"`
	StatusLabel  string     `json:"status_label"`
	SupportCount int        `json:"support_count"`
	Threshold    int        `json:"threshold"`
	OpenedAt     *time.Time `json:"opened_at"`
	ClosesAt     *time.Time `json:"closes_at"`
	Answer       *apiAnswer `json:"answer"`
}

func (a *App) toAPI(p *petitions.Petition) apiPetition {
	out := apiPetition{
		ID: p.ID, URL: a.petitionURL(p.ID), Title: p.Title, Category: p.Category, Dong: p.Dong, Status: string(p.Status),
		StatusLabel: p.Status.Label(), SupportCount: p.SupportCount, Threshold: p.Threshold,
		OpenedAt: inSeoul(p.OpenedAt), ClosesAt: inSeoul(p.ClosesAt),
	}
	if p.Answer != nil {
		out.Answer = &apiAnswer{BodyHTML: p.Answer.BodyHTML, VideoURL: p.Answer.VideoURL,
			Answerer: p.Answer.Answerer, AnsweredAt: p.Answer.AnsweredAt.In(models.Seoul), Translations: []apiTranslation{}}
		for _, t := range p.Answer.Translations {
			out.Answer.Translations = append(out.Answer.Translations, apiTranslation{Language: t.Language, BodyHTML: t.BodyHTML,
				Note: t.Note, UpdatedAt: t.UpdatedAt.In(models.Seoul)})
		}
	}
	return out
}

func inSeoul(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	s := t.In(models.Seoul)
	return &s
}

// apiList is one page of a list, with where it is and the addresses of the
// pages beside it (absolute, on BASE_URL; null at either end).
type apiList[T any] struct {
	Items      []T     `json:"items"`
	Page       int     `json:"page"`
	PerPage    int     `json:"per_page"`
	Total      int64   `json:"total"`
	TotalExact bool    `json:"total_exact"`
	Next       *string `json:"next"`
	Prev       *string `json:"prev"`
}

// sendList answers a page of a list at path, whose filters are in q, and
// names the pages beside it in the body and in a Link header (RFC 8288).
func sendList[T any](a *App, c echo.Context, path string, q url.Values, l apiList[T], more bool) error {
	link := func(page int) *string {
		v := url.Values{}
		for k, vs := range q {
			if vs[0] != "" {
				v.Set(k, vs[0])
			}
		}
		if page > 1 {
			v.Set("page", strconv.Itoa(page))
		}
		u := a.cfg.BaseURL + path
		if len(v) > 0 {
			u += "?" + v.Encode()
		}
		return &u
	}
	if more {
		l.Next = link(l.Page + 1)
		c.Response().Header().Add("Link", "<"+*l.Next+`>; rel="next"`)
	}
	if l.Page > 1 {
		l.Prev = link(l.Page - 1)
		c.Response().Header().Add("Link", "<"+*l.Prev+`>; rel="prev"`)
	}
	if l.Items == nil {
		l.Items = []T{}
	}
	return c.JSON(http.StatusOK, l)
}

// The paging every list takes: page from 1, per_page from 1 to 100.
const (
	apiPerPage    = 20
	apiMaxPerPage = 100
	apiMaxPage    = 100_000
)

func apiPaging(c echo.Context) (page, perPage int, err error) {
	if page, err = intParam(c, "page", 1, 1, apiMaxPage); err != nil {
		return 0, 0, err
	}
	perPage, err = intParam(c, "per_page", apiPerPage, 1, apiMaxPerPage)
	return page, perPage, err
}

var petitionSorts = []string{petitions.SortLatest, petitions.SortSupport, petitions.SortClosing}

func (a *App) apiPetitions(c echo.Context) error {
	statuses := make([]string, len(petitions.PublicStatuses))
	for i, s := range petitions.PublicStatuses {
		statuses[i] = string(s)
	}
	status, err := oneOfParam(c, "status", statuses)
	if err != nil {
		return err
	}
	category, err := oneOfParam(c, "category", models.Categories)
	if err != nil {
		return err
	}
	sort, err := oneOfParam(c, "sort", petitionSorts)
	if err != nil {
		return err
	}
	text, err := textParam(c, "q", models.MaxSearch)
	if err != nil {
		return err
	}
	page, perPage, err := apiPaging(c)
	if err != nil {
		return err
	}
	q := petitions.Query{Status: petitions.Status(status), Category: category, Q: text, Sort: sort, Page: page, PerPage: perPage}
	items, total, err := petitions.ListPetitions(a.dbFor(c), q, a.now())
	if err != nil {
		return err
	}
	l := apiList[apiPetition]{Page: page, PerPage: perPage}
	for i := range items {
		l.Items = append(l.Items, a.toAPI(&items[i]))
	}
	l.Total, l.TotalExact = searchTotal(q, total)
	filters := url.Values{"status": {status}, "category": {category}, "q": {q.Q}, "sort": {sort}}
	if perPage != apiPerPage {
		filters.Set("per_page", strconv.Itoa(perPage))
	}
	return sendList(a, c, "/api/v1/petitions", filters, l, int64(page*perPage) < total)
}

func (a *App) apiPetition(c echo.Context) error {
	if _, err := apiID(c); err != nil {
		return err
	}
	p, err := a.loadPetition(c, "")
	if err != nil {
		return err
	}
	if !p.Status.IsPublic() {
		return echo.ErrNotFound
	}
	return c.JSON(http.StatusOK, a.toAPI(p))
}

type apiMeeting struct {
	ID            uint      `json:"id"`
	URL           string    `json:"url"`
	Kind          string    `json:"kind"`
	KindLabel     string    `json:"kind_label"`
	Title         string    `json:"title"`
	StartsAt      time.Time `json:"starts_at"`
	EndsAt        time.Time `json:"ends_at"`
	Place         string    `json:"place"`
	Capacity      int       `json:"capacity"`
	BookedCount   int       `json:"booked_count"`
	WaitlistCount int       `json:"waitlist_count"`
	SeatsLeft     int       `json:"seats_left"`
	Status        string    `json:"status"`
}

func (a *App) toAPIMeeting(m *meetings.Meeting) apiMeeting {
	place := m.Place
	if m.Kind == meetings.KindOnline {
		place = "온라인"
	}
	return apiMeeting{ID: m.ID, URL: a.cfg.BaseURL + "/meetings/" + strconv.FormatUint(uint64(m.ID), 10),
		Kind: m.Kind, KindLabel: m.KindLabel(), Title: m.Title, StartsAt: m.StartsAt.In(models.Seoul),
		EndsAt: m.EndsAt.In(models.Seoul), Place: place, Capacity: m.Capacity, BookedCount: m.BookedCount,
		WaitlistCount: m.WaitlistCount, SeatsLeft: m.SeatsLeft(), Status: m.StateAt(a.now())}
}

// meetingTimes are the values of the meetings list's when parameter.
var meetingTimes = []string{"upcoming", "past"}

func (a *App) apiMeetings(c echo.Context) error {
	kind, err := oneOfParam(c, "kind", meetings.Kinds)
	if err != nil {
		return err
	}
	regions := make([]string, len(models.Regions))
	for i, r := range models.Regions {
		regions[i] = r.Name
	}
	region, err := oneOfParam(c, "region", regions)
	if err != nil {
		return err
	}
	when, err := oneOfParam(c, "when", meetingTimes)
	if err != nil {
		return err
	}
	page, perPage, err := apiPaging(c)
	if err != nil {
		return err
	}
	q := meetings.Query{Kind: kind, Region: region, Past: when == "past"}
	items, total, err := meetings.PageMeetings(a.dbFor(c), q, page, perPage, a.now())
	if err != nil {
		return err
	}
	l := apiList[apiMeeting]{Page: page, PerPage: perPage, Total: total, TotalExact: true}
	for i := range items {
		l.Items = append(l.Items, a.toAPIMeeting(&items[i]))
	}
	filters := url.Values{"kind": {kind}, "region": {region}, "when": {when}}
	if perPage != apiPerPage {
		filters.Set("per_page", strconv.Itoa(perPage))
	}
	return sendList(a, c, "/api/v1/meetings", filters, l, int64(page*perPage) < total)
}

func (a *App) apiMeeting(c echo.Context) error {
	if _, err := apiID(c); err != nil {
		return err
	}
	m, err := a.loadMeeting(c)
	if err != nil {
		return err
	}
	if m.PublishedAt == nil {
		return echo.ErrNotFound
	}
	return c.JSON(http.StatusOK, a.toAPIMeeting(m))
}
