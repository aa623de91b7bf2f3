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
	Quarter   int // 1–4; 0 for the year's total
	Bureau    string
	Members   int // members on the team by the quarter's end (of those on it today)
	Meetings  int
	Submitted int
	Adopted   int
	Awards    int // awards granted
	Paid      int // 원 granted
}

// noBureau names ideas that came from no 아이디어단.
const noBureau = "아이디어단 밖"

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

	names := map[uint]string{0: noBureau}
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

// QuarterLabel names the row's quarter: "1분기" or "연간".
func (r IdeaReportRow) QuarterLabel() string {
	if r.Quarter == 0 {
		return "연간"
	}
	return strconv.Itoa(r.Quarter) + "분기"
}

// WriteIdeaReportCSV writes the year's report as a spreadsheet-safe CSV.
func WriteIdeaReportCSV(db *gorm.DB, w io.Writer, year int) error {
	rows, err := IdeaReport(db, year)
	if err != nil {
		return err
	}
	out, err := models.NewCSVWriter(w)
	if err != nil {
		return err
	}
	if err := out.Row("연도", "분기", "국", "구성원 수", "모임 수", "제출 제안", "채택 제안", "포상 건수", "포상금(원)"); err != nil {
		return err
	}
	y := strconv.Itoa(year)
	for _, r := range rows {
		err := out.Row(y, r.QuarterLabel(), r.Bureau, strconv.Itoa(r.Members), strconv.Itoa(r.Meetings),
			strconv.Itoa(r.Submitted), strconv.Itoa(r.Adopted), strconv.Itoa(r.Awards), strconv.Itoa(r.Paid))
		if err != nil {
			return err
		}
	}
	return out.Flush()
}
