package ideas

import (
	"io"
	"strconv"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
)

// IdeaReportRow is one 국 in one quarter of a year.
type IdeaReportRow struct {
	Quarter   int    // 1–4; 0 for the year's total
	Bureau    string // the 국's name; "" for ideas from no 아이디어단
	Members   int    // members on the team by the quarter's end (of those on it today)
	Meetings  int
	Submitted int
	Adopted   int
	Awards    int // awards granted
	Paid      int // 원 granted
}

// IdeaReport is the year's figures per quarter and per 국, then a total
// per 국 (Quarter 0). Quarters are computed in Go, in Seoul.
func IdeaReport(db *gorm.DB, year int) ([]IdeaReportRow, error) {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, models.Seoul).UTC()
	to := time.Date(year+1, 1, 1, 0, 0, 0, 0, models.Seoul).UTC()
	var bureaus []Bureau
	if err := db.Order("name").Find(&bureaus).Error; err != nil {
		return nil, err
	}
	var members []BureauMember
	if err := db.Find(&members).Error; err != nil {
		return nil, err
	}
	var meetings []IdeaMeeting
	if err := db.Where("held_on >= ? AND held_on < ?", from, to).Find(&meetings).Error; err != nil {
		return nil, err
	}
	var ideas []Idea
	if err := db.Where("(created_at >= ? AND created_at < ?) OR (adopted_at >= ? AND adopted_at < ?)", from, to, from, to).Find(&ideas).Error; err != nil {
		return nil, err
	}
	var awards []IdeaAward
	if err := db.Where("created_at >= ? AND created_at < ?", from, to).Find(&awards).Error; err != nil {
		return nil, err
	}
	bureauOf := map[uint]uint{}
	var allIdeas []Idea
	if err := db.Select("id", "bureau_id").Find(&allIdeas).Error; err != nil {
		return nil, err
	}
	for _, i := range allIdeas {
		if i.BureauID != nil {
			bureauOf[i.ID] = *i.BureauID
		}
	}

	names := map[uint]string{}
	order := []uint{}
	for _, b := range bureaus {
		names[b.ID] = b.Name
		order = append(order, b.ID)
	}
	type key struct {
		q int
		b uint
	}
	rows := map[key]*IdeaReportRow{}
	row := func(q int, b uint) *IdeaReportRow {
		k := key{q, b}
		if rows[k] == nil {
			rows[k] = &IdeaReportRow{Quarter: q, Bureau: names[b]}
		}
		return rows[k]
	}
	inYear := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }
	for q := 1; q <= 4; q++ {
		end := time.Date(year, time.Month(q*3+1), 1, 0, 0, 0, 0, models.Seoul)
		for _, m := range members {
			if m.CreatedAt.Before(end) {
				row(q, m.BureauID).Members++
			}
		}
	}
	for _, b := range order {
		for q := 0; q <= 4; q++ {
			row(q, b)
		}
	}
	for _, m := range members {
		row(0, m.BureauID).Members++
	}
	for _, m := range meetings {
		row(QuarterOf(m.HeldOn), m.BureauID).Meetings++
		row(0, m.BureauID).Meetings++
	}
	for _, i := range ideas {
		b := uint(0)
		if i.BureauID != nil {
			b = *i.BureauID
		}
		if inYear(i.CreatedAt) {
			row(QuarterOf(i.CreatedAt), b).Submitted++
			row(0, b).Submitted++
		}
		if i.AdoptedAt != nil && inYear(*i.AdoptedAt) {
			row(QuarterOf(*i.AdoptedAt), b).Adopted++
			row(0, b).Adopted++
		}
	}
	for _, a := range awards {
		b := bureauOf[a.IdeaID]
		for _, q := range []int{QuarterOf(a.CreatedAt), 0} {
			r := row(q, b)
			r.Awards++
			r.Paid += a.Amount
		}
	}
	if _, ok := rows[key{0, 0}]; ok {
		order = append(order, 0)
	}
	var out []IdeaReportRow
	for q := 1; q <= 4; q++ {
		for _, b := range order {
			if r := rows[key{q, b}]; r != nil {
				out = append(out, *r)
			}
		}
	}
	for _, b := range order {
		out = append(out, *row(0, b))
	}
	return out, nil
}

// QuarterLabel is the message of the row's quarter: the 1st… or the whole year.
func (r IdeaReportRow) QuarterLabel() string {
	if r.Quarter == 0 {
		return "ideas.report.whole_year"
	}
	return models.Msg("ideas.report.quarter_n", "Quarter", r.Quarter)
}

// BureauLabel is the 국's name, or the message id for ideas from no 아이디어단.
func (r IdeaReportRow) BureauLabel() string {
	if r.Bureau == "" {
		return "ideas.show.no_team"
	}
	return r.Bureau
}

// WriteIdeaReportCSV writes the year's report as a spreadsheet-safe CSV.
// tr gives a message id in the reader's language: the headings and the
// quarters are in it, the 국s' names as staff wrote them.
func WriteIdeaReportCSV(db *gorm.DB, w io.Writer, year int, tr func(id string) string) error {
	rows, err := IdeaReport(db, year)
	if err != nil {
		return err
	}
	out, err := models.NewCSVWriter(w)
	if err != nil {
		return err
	}
	heads := []string{"ideas.csv.year", "ideas.csv.quarter", "ideas.csv.bureau", "ideas.csv.members", "ideas.csv.meetings",
		"ideas.csv.submitted", "ideas.csv.adopted", "ideas.csv.awards", "ideas.csv.paid"}
	for i, id := range heads {
		heads[i] = tr(id)
	}
	if err := out.Row(heads...); err != nil {
		return err
	}
	y := strconv.Itoa(year)
	for _, r := range rows {
		err := out.Row(y, tr(r.QuarterLabel()), tr(r.BureauLabel()), strconv.Itoa(r.Members), strconv.Itoa(r.Meetings),
			strconv.Itoa(r.Submitted), strconv.Itoa(r.Adopted), strconv.Itoa(r.Awards), strconv.Itoa(r.Paid))
		if err != nil {
			return err
		}
	}
	return out.Flush()
}
