package app

import (
	"math"
	"strconv"

	"ydp1/models"
	"ydp1/models/petitions"
)

// Charts are drawn on the server as inline SVG: the geometry is computed here
// and views/partials/charts.html writes the elements. No script, no inline
// style (the Content-Security-Policy forbids both): sizes are SVG attributes
// and colours are fill attributes that meet 4.5:1 on white.
//
// Horizontal positions are percentages of the chart's width and vertical ones
// are pixels, so a chart fills a phone or a desktop column while its text
// keeps its real size instead of shrinking with a viewBox.

// series is one kind of figure in a chart, with its colour.
type series struct {
	Name string // a message id
	Fill string
}

// The series of the public record. Each colour has at least 4.5:1 contrast on white.
var (
	seriesReceived  = series{"stats.series.received", "#4a5568"}
	seriesPublished = series{"stats.series.published", "#0b4ea2"}
	seriesReached   = series{"stats.series.reached", "#9a3412"}
	seriesAnswered  = series{"stats.series.answered", "#0f6b3a"}
)

// chart is one SVG chart: its height in pixels, an accessible name and the
// shapes to draw.
type chart struct {
	ID     string // id of the svg element
	Label  string // the accessible name (aria-label and <title>)
	Height int
	Series []series
	Ticks  []tick
	Groups []barGroup
}

// tick is a grid line of a value axis with its label; X values are percentages.
type tick struct {
	X1, X2, Y    float64
	TextX, TextY float64
	Text         string
}

// barGroup is the bars of one month or one category, with the group's label.
type barGroup struct {
	Label          string
	Alt            bool   // a label that narrow screens leave out to make room
	Sub            string // a second label line (the year under January)
	LabelX, LabelY float64
	SubY           float64
	Bars           []bar
}

// bar is one rectangle with its value; Text is drawn beside it when not empty.
// X and W are percentages, Y and H pixels.
type bar struct {
	X, Y, W, H   float64
	Fill         string
	Title        string // tooltip: group, series and value in words
	Text         string
	TextX, TextY float64
}

// round1 keeps one decimal, enough for SVG coordinates.
func round1(x float64) float64 { return math.Round(x*10) / 10 }

// niceScale chooses the top of a value axis and its step: about four steps
// of 1, 2 or 5 times a power of ten, covering most.
func niceScale(most int) (top, step int) {
	if most <= 4 {
		return 4, 1 // small counts still get a few grid lines
	}
	raw := float64(most) / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step = int(mag)
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			step = int(m * mag)
			break
		}
	}
	step = max(step, 1)
	top = (most + step - 1) / step * step
	return top, step
}

// monthValues are the figures of one month in the order of the monthly chart's series.
func monthValues(m petitions.MonthTally) []int {
	return []int{m.Received, m.Published, m.Reached, m.Answered}
}

// monthChart draws the last months as columns: 접수, 공개, 공감청원 and 답변
// side by side, its texts in the language given (Korean if none).
func monthChart(months []petitions.MonthTally, in ...*lang) chart {
	l := chartLang(in)
	const (
		height, top, bottom = 248, 12, 44 // pixels
		left                = 10.0        // percent of the width kept for the value axis
	)
	c := chart{ID: "monthly-chart", Height: height, Series: []series{seriesReceived, seriesPublished, seriesReached, seriesAnswered}}
	if len(months) > 0 {
		c.Label = l.T("stats.chart.months", "From", monthName(l, months[0]), "To", monthName(l, months[len(months)-1]))
	}
	most := 0
	for _, m := range months {
		for _, v := range monthValues(m) {
			most = max(most, v)
		}
	}
	scaleTop, step := niceScale(most)
	plotH := float64(height - top - bottom)
	base := float64(top) + plotH
	for v := 0; v <= scaleTop; v += step {
		y := round1(base - float64(v)/float64(scaleTop)*plotH)
		c.Ticks = append(c.Ticks, tick{X1: left, X2: 100, Y: y, TextX: left - 1.5, TextY: y + 4, Text: number(v)})
	}
	if len(months) == 0 {
		return c
	}
	groupW := (100 - left) / float64(len(months))
	barW := groupW * 0.8 / float64(len(c.Series))
	for i, m := range months {
		x0 := left + groupW*float64(i) + groupW*0.1
		g := barGroup{Label: l.T("stats.chart.month", "Month", int(m.Month.Month()), "Name", m.Month.Month().String()[:3]), Alt: (len(months)-1-i)%2 == 1,
			LabelX: round1(x0 + groupW*0.4), LabelY: base + 18}
		// the year under the first month and under each January, unless January follows at once
		if m.Month.Month() == 1 || (i == 0 && m.Month.Month() != 12) {
			g.Sub, g.SubY = l.T("stats.chart.year", "Year", strconv.Itoa(m.Month.Year())), base+36
		}
		for j, v := range monthValues(m) {
			h := float64(v) / float64(scaleTop) * plotH
			g.Bars = append(g.Bars, bar{X: round1(x0 + barW*float64(j)), Y: round1(base - h), W: round1(barW), H: round1(h),
				Fill: c.Series[j].Fill, Title: l.T("stats.chart.bar", "Where", monthName(l, m), "Series", l.T(c.Series[j].Name), "N", number(v), "Count", v)})
		}
		c.Groups = append(c.Groups, g)
	}
	return c
}

// monthName writes a month as 2024년 3월, Mar 2024, 2024年3月.
func monthName(l *lang, m petitions.MonthTally) string {
	return l.T("stats.month", "Year", strconv.Itoa(m.Month.Year()), "Month", int(m.Month.Month()), "Name", m.Month.Month().String()[:3])
}

// chartLang is the language a chart is drawn in: the one given, else Korean.
func chartLang(in []*lang) *lang {
	if len(in) > 0 && in[0] != nil {
		return in[0]
	}
	return langs[0]
}

// categoryValues are the figures of one category in the order of the category chart's series.
func categoryValues(t petitions.Tally) []int {
	return []int{t.Received, t.Published, t.Reached, t.Answered}
}

// categoryChart draws one group of horizontal bars per category, each bar
// labelled with its series and value so colour is never the only key; its
// texts in the language given (Korean if none).
func categoryChart(cats []petitions.CategoryTally, in ...*lang) chart {
	l := chartLang(in)
	const (
		labelH, barH, gap, groupGap = 22, 13, 3, 12 // pixels
		longest                     = 60.0          // percent: the rest of the width holds "공감청원 1,000건"
	)
	c := chart{ID: "category-chart", Label: l.T("stats.chart.categories"),
		Series: []series{seriesReceived, seriesPublished, seriesReached, seriesAnswered}}
	most := 0
	for _, cat := range cats {
		for _, v := range categoryValues(cat.Tally) {
			most = max(most, v)
		}
	}
	y := 0.0
	for _, cat := range cats {
		name := l.T(models.PlaceID(cat.Category))
		g := barGroup{Label: name, LabelX: 0, LabelY: y + 16}
		y += labelH
		for j, v := range categoryValues(cat.Tally) {
			w := 0.0
			if v > 0 {
				w = max(float64(v)/float64(most)*longest, 0.5) // a non-zero count stays visible
			}
			text := l.T("stats.chart.value", "Series", l.T(c.Series[j].Name), "N", number(v), "Count", v)
			g.Bars = append(g.Bars, bar{X: 0, Y: round1(y), W: round1(w), H: barH, Fill: c.Series[j].Fill,
				Title: name + " " + text, Text: text, TextX: round1(w), TextY: round1(y + barH - 2)})
			y += barH + gap
		}
		y += groupGap
		c.Groups = append(c.Groups, g)
	}
	c.Height = int(math.Ceil(y))
	return c
}

// dongBar is one 행정동's row of the supporters chart on a petition page.
type dongBar struct {
	Dong    string
	Count   int
	Percent float64 // bar length against the largest 행정동
}

// dongBars sizes the bars of the supporters by 행정동, largest count at full length.
func dongBars(counts []petitions.DongCount) []dongBar {
	most := 0
	for _, d := range counts {
		most = max(most, d.Count)
	}
	out := make([]dongBar, len(counts))
	for i, d := range counts {
		out[i] = dongBar{Dong: d.Dong, Count: d.Count}
		if d.Count > 0 {
			out[i].Percent = max(round1(float64(d.Count)*100/float64(most)), 1)
		}
	}
	return out
}
