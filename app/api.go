package app

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"ydp1/models"
	"ydp1/models/meetings"
	"ydp1/models/petitions"
)

type apiAnswer struct {
	BodyHTML   string    `json:"body_html"`
	VideoURL   string    `json:"video_url"`
	Answerer   string    `json:"answerer"`
	AnsweredAt time.Time `json:"answered_at"`
}

type apiPetition struct {
	ID           uint       `json:"id"`
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

func toAPI(p *petitions.Petition) apiPetition {
	out := apiPetition{
		ID: p.ID, Title: p.Title, Category: p.Category, Dong: p.Dong, Status: string(p.Status),
		StatusLabel: p.Status.Label(), SupportCount: p.SupportCount, Threshold: p.Threshold,
		OpenedAt: inSeoul(p.OpenedAt), ClosesAt: inSeoul(p.ClosesAt),
	}
	if p.Answer != nil {
		out.Answer = &apiAnswer{BodyHTML: p.Answer.BodyHTML, VideoURL: p.Answer.VideoURL,
			Answerer: p.Answer.Answerer, AnsweredAt: p.Answer.AnsweredAt.In(models.Seoul)}
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

func (a *App) apiPetitions(c echo.Context) error {
	q := petitionQuery(c)
	items, total, err := petitions.ListPetitions(a.dbFor(c), q, a.now())
	if err != nil {
		return err
	}
	q.Normalize()
	out := make([]apiPetition, len(items))
	for i := range items {
		out[i] = toAPI(&items[i])
	}
	total, exact := searchTotal(q, total)
	return c.JSON(http.StatusOK, map[string]any{"items": out, "total": total, "total_exact": exact, "page": q.Page})
}

func (a *App) apiPetition(c echo.Context) error {
	p, err := a.loadPetition(c, "")
	if err != nil {
		return err
	}
	if !p.Status.IsPublic() {
		return echo.ErrNotFound
	}
	return c.JSON(http.StatusOK, toAPI(p))
}

type apiMeeting struct {
	ID            uint      `json:"id"`
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
	return apiMeeting{ID: m.ID, Kind: m.Kind, KindLabel: m.KindLabel(), Title: m.Title, StartsAt: m.StartsAt.In(models.Seoul),
		EndsAt: m.EndsAt.In(models.Seoul), Place: place, Capacity: m.Capacity, BookedCount: m.BookedCount,
		WaitlistCount: m.WaitlistCount, SeatsLeft: m.SeatsLeft(), Status: m.StateAt(a.now())}
}

func (a *App) apiMeetings(c echo.Context) error {
	q := meetings.Query{Kind: c.QueryParam("kind"), Region: c.QueryParam("region"), Past: c.QueryParam("when") == "past"}
	meetings, err := meetings.ListMeetings(a.dbFor(c), q, a.now())
	if err != nil {
		return err
	}
	out := make([]apiMeeting, len(meetings))
	for i := range meetings {
		out[i] = a.toAPIMeeting(&meetings[i])
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out, "total": len(out)})
}

func (a *App) apiMeeting(c echo.Context) error {
	m, err := a.loadMeeting(c)
	if err != nil {
		return err
	}
	if m.PublishedAt == nil {
		return echo.ErrNotFound
	}
	return c.JSON(http.StatusOK, a.toAPIMeeting(m))
}
