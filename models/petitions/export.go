package petitions

import (
	"io"
	"strconv"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
)

// WritePetitionsCSV writes every petition with its figures, oldest first,
// each in its state at now. tr gives a message id in the reader's language:
// the headings, the states and the places are in it, what residents wrote as
// they wrote it.
func WritePetitionsCSV(db *gorm.DB, w io.Writer, now time.Time, tr func(id string) string) error {
	now = now.UTC()
	out, err := models.NewCSVWriter(w)
	if err != nil {
		return err
	}
	if err := out.Row(trAll(tr, "petitions.csv.id", "petitions.csv.title", "petitions.csv.category", "petitions.csv.dong",
		"petitions.csv.status", "petitions.csv.supports", "petitions.csv.threshold", "petitions.csv.created",
		"petitions.csv.opened", "petitions.csv.closes", "petitions.csv.answered")...); err != nil {
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
			err := out.Row(strconv.Itoa(int(p.ID)), p.Title, tr(models.PlaceID(p.Category)), tr(models.PlaceID(p.Dong)), tr(p.StatusAt(now).LabelID()),
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
// 행정동, in the district's order, with a total. It holds counts only. tr
// gives a message id (a heading, a 행정동) in the reader's language.
func WriteDongsCSV(db *gorm.DB, w io.Writer, petitionID uint, tr func(id string) string) error {
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
	if err := out.Row(tr("petitions.csv.dong"), tr("petitions.csv.supports")); err != nil {
		return err
	}
	total := 0
	write := func(dong string) error {
		total += counts[dong]
		n := counts[dong]
		delete(counts, dong)
		return out.Row(tr(models.PlaceID(dong)), strconv.Itoa(n))
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
	if err := out.Row(tr("petitions.csv.total"), strconv.Itoa(total)); err != nil {
		return err
	}
	return out.Flush()
}

// trAll is each id in the reader's language.
func trAll(tr func(id string) string, ids ...string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = tr(id)
	}
	return out
}
