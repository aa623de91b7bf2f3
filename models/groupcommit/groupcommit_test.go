package groupcommit_test

import (
	"cmp"
	"context"
	"errors"
	"testing"

	"gorm.io/gorm"

	"ydp1/models/groupcommit"
	"ydp1/models/modeltest"
)

func TestMain(m *testing.M) { modeltest.Main(m) }

// note is a request of the test's writer: a row to insert, refused when
// its text is empty, failing the transaction when it is "fail".
type note struct {
	text    string
	refused bool
}

func writeNotes(tx *gorm.DB, batch []*note) error {
	for _, n := range batch {
		n.refused = false
		switch n.text {
		case "":
			n.refused = true
			continue
		case "fail":
			return errors.New("disk full")
		}
		if err := tx.Exec("INSERT INTO notes (text) VALUES (?)", n.text).Error; err != nil {
			return err
		}
	}
	return nil
}

func notesDB(t *testing.T) *gorm.DB {
	db := modeltest.NewDB(t)
	modeltest.WantErr(t, db.Exec("CREATE TABLE notes (text VARCHAR(20) PRIMARY KEY)").Error, nil)
	return db
}

// Requests sent together are committed together; a refusal is the
// request's own, and a failing request fails alone: its batch is tried
// again one request at a time.
func TestWriterGroupsAndIsolates(t *testing.T) {
	db := notesDB(t)
	w := groupcommit.New(db, writeNotes, func(a, b *note) int { return cmp.Compare(a.text, b.text) })
	defer w.Close()
	const n = 200
	notes := make([]*note, n)
	for i := range notes {
		notes[i] = &note{text: modeltest.ItoaPlain(i)}
	}
	notes[7].text, notes[11].text = "", "fail"
	errs := modeltest.RunTogether(n, func(i int) error { return w.Do(context.Background(), notes[i]) })
	for i, err := range errs {
		switch i {
		case 11:
			if err == nil || err.Error() != "disk full" {
				t.Errorf("failing request: %v", err)
			}
		default:
			modeltest.WantErr(t, err, nil)
		}
		if got := notes[i].refused; got != (i == 7) {
			t.Errorf("request %d refused %v", i, got)
		}
	}
	var rows int64
	modeltest.WantErr(t, db.Raw("SELECT COUNT(*) FROM notes").Scan(&rows).Error, nil)
	if rows != n-2 {
		t.Errorf("%d rows, want %d", rows, n-2)
	}
	st := w.Stats()
	if st.Requests < n || st.Largest < 2 || st.Batches >= st.Requests {
		t.Errorf("stats %+v: want %d requests, some committed together", st, n)
	}
}

// Close writes what is queued; later requests are refused.
func TestWriterClose(t *testing.T) {
	db := notesDB(t)
	w := groupcommit.New(db, writeNotes, func(a, b *note) int { return 0 })
	modeltest.WantErr(t, w.Do(context.Background(), &note{text: "a"}), nil)
	w.Close()
	modeltest.WantErr(t, w.Do(context.Background(), &note{text: "b"}), groupcommit.ErrClosed)
	w.Close() // twice is harmless
}
