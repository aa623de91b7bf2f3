package app

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"ydp1/models"
	"ydp1/models/petitions"
)

// statRow is one line of a statistics table, with the rate and the average
// written out ("" when there is nothing to measure).
type statRow struct {
	Label string
	petitions.Tally
	Rate string // 66.7%
	Days string // 7.0 (days)
}

func newStatRow(label string, t petitions.Tally) statRow {
	r := statRow{Label: label, Tally: t}
	if pct, ok := t.AnswerRate(); ok {
		r.Rate = strconv.FormatFloat(pct, 'f', 1, 64) + "%"
	}
	if d, ok := t.AverageDays(); ok {
		r.Days = strconv.FormatFloat(d, 'f', 1, 64)
	}
	return r
}

func (a *App) stats(c echo.Context) error {
	rec, err := petitions.Record(a.dbFor(c), a.now())
	if err != nil {
		return err
	}
	settings, err := models.LoadSettings(a.dbFor(c)) // 공감청원 is explained with the threshold
	if err != nil {
		return err
	}
	l := langOf(c)
	var months, cats []statRow
	for _, m := range rec.Months {
		months = append(months, newStatRow(monthName(l, m), m.Tally))
	}
	for _, cat := range rec.Categories {
		cats = append(cats, newStatRow(l.T(models.PlaceID(cat.Category)), cat.Tally))
	}
	return a.render(c, http.StatusOK, "stats", &statsPage{
		base:       base{Title: l.T("stats.title"), Description: l.T("stats.description")},
		Total:      newStatRow(l.T("stats.total"), rec.Total),
		Months:     months,
		MonthTotal: newStatRow(l.T("stats.sum"), rec.MonthsTotal()),
		Period:     monthName(l, rec.Months[0]) + " ~ " + monthName(l, rec.Months[len(rec.Months)-1]),
		Categories: cats,
		MonthChart: monthChart(rec.Months, l),
		CatChart:   categoryChart(rec.Categories, l),
		Threshold:  settings.Threshold,
	})
}

type statsPage struct {
	base
	Total      statRow
	Months     []statRow
	MonthTotal statRow
	Period     string
	Categories []statRow
	MonthChart chart
	CatChart   chart
	Threshold  int
}
