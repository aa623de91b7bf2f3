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
	Days string // 7.0일
}

func newStatRow(label string, t petitions.Tally) statRow {
	r := statRow{Label: label, Tally: t}
	if pct, ok := t.AnswerRate(); ok {
		r.Rate = strconv.FormatFloat(pct, 'f', 1, 64) + "%"
	}
	if d, ok := t.AverageDays(); ok {
		r.Days = strconv.FormatFloat(d, 'f', 1, 64) + "일"
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
	var months, cats []statRow
	for _, m := range rec.Months {
		months = append(months, newStatRow(monthName(m), m.Tally))
	}
	for _, cat := range rec.Categories {
		cats = append(cats, newStatRow(cat.Category, cat.Tally))
	}
	return a.render(c, http.StatusOK, "stats", &statsPage{
		base: base{Title: "영등포신문고 통계",
			Description: "영등포신문고 구민청원의 접수·공개·답변 현황과 답변율, 평균 답변 기간을 월별·분야별로 공개합니다."},
		Total:      newStatRow("전체", rec.Total),
		Months:     months,
		MonthTotal: newStatRow("합계", rec.MonthsTotal()),
		Period:     monthName(rec.Months[0]) + " ~ " + monthName(rec.Months[len(rec.Months)-1]),
		Categories: cats,
		MonthChart: monthChart(rec.Months),
		CatChart:   categoryChart(rec.Categories),
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
