package petitions

import (
	"io"
	"strconv"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
)

// WritePetitionsCSV writes every petition with its figures, oldest first,
// each in its state at now.
func WritePetitionsCSV(db *gorm.DB, w io.Writer, now time.Time) error {
	now = now.UTC()
	out, err := models.NewCSVWriter(w)
	if err != nil {
		return err
	}
	if err := out.Row("id", "제목", "분야", "행정동", "상태", "공감 수", "기준", "등록일", "공개일", "마감일", "답변일"); err != nil {
		return err
	}
	var batch []Petition
	res := db.Preload("Answer").Order("id").FindInBatches(&batch, 500, func(tx *gorm.DB, _ int) error {
		for i := range batch {
			p := &batch[i]
			threshold := ""
			if p.OpenedAt != nil {
				threshold = strconv.Itoa(p.Threshold)
			}
			var answered *time.Time
			if p.Answer != nil {
				answered = &p.Answer.AnsweredAt
			}
			err := out.Row(strconv.Itoa(int(p.ID)), p.Title, p.Category, p.Dong, p.StatusAt(now).Label(),
				strconv.Itoa(p.SupportCount), threshold, models.CSVTime(&p.CreatedAt), models.CSVTime(p.OpenedAt),
				models.CSVTime(p.ClosesAt), models.CSVTime(answered))
			if err != nil {
				return err
			}
		}
		return nil
	})
	if res.Error != nil {
		return res.Error
	}
	return out.Flush()
}

// WriteDongsCSV writes the number of a petition's supporters from each
// 행정동, in the district's order, with a total. It holds counts only.
func WriteDongsCSV(db *gorm.DB, w io.Writer, petitionID uint) error {
	tally, err := SupportsByDong(db, petitionID)
	if err != nil {
		return err
	}
	counts := map[string]int{}
	for _, d := range tally {
		counts[d.Dong] = d.Count
	}
	out, err := models.NewCSVWriter(w)
	if err != nil {
		return err
	}
	if err := out.Row("행정동", "공감 수"); err != nil {
		return err
	}
	total := 0
	write := func(dong string) error {
		total += counts[dong]
		n := counts[dong]
		delete(counts, dong)
		return out.Row(dong, strconv.Itoa(n))
	}
	for _, dong := range models.ResidentDongs {
		if err := write(dong); err != nil {
			return err
		}
	}
	// a 행정동 no longer on the list (renamed, merged) still counts
	for _, d := range tally {
		if _, left := counts[d.Dong]; left {
			if err := write(d.Dong); err != nil {
				return err
			}
		}
	}
	if err := out.Row("합계", strconv.Itoa(total)); err != nil {
		return err
	}
	return out.Flush()
}
