package deliberations_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"ydp1/models"
	d "ydp1/models/deliberations"
	"ydp1/models/modeltest"
)

// BenchmarkVote is one vote through Vote (statement and 공론장 read,
// participant found or made, the vote row written or changed, the
// statement's and the 공론장's counters moved, in one transaction) on a real
// SQLite file, each a first vote of a resident on a statement; "writer" is
// the same votes from 32 clients per processor through a VoteWriter, as the
// site sends them. The same
// run measures raw SQLite committing one INSERT and one counter UPDATE per
// transaction with the site's settings (as ydp1 bench's reference) and
// reports the votes' rate as a share of it (of_raw), measured before and
// after the votes.
func BenchmarkVote(b *testing.B) {
	const statements = 100
	for _, mode := range []string{"serial", "parallel", "writer"} {
		b.Run(mode, func(b *testing.B) {
			rawBefore := rawSQLiteVotes(b, 3000)
			db, err := models.Open(filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer models.Close(db)
			staff := modeltest.MkUser(b, db, modeltest.AsStaff)
			in := modeltest.DeliberationInput(d.ModerationPost)
			var seeds []string
			for i := range statements {
				seeds = append(seeds, fmt.Sprintf("영등포 생활 의견 %d번", i+1))
			}
			in.Seeds = strings.Join(seeds, "\n")
			delib, err := d.Open(db, staff.ID, in, modeltest.T0.Add(-2*modeltest.Day))
			if err != nil {
				b.Fatal(err)
			}
			ss, err := d.Statements(db, delib.ID)
			if err != nil {
				b.Fatal(err)
			}
			users := modeltest.MkUsers(b, db, b.N/statements+1)
			w := d.NewVoteWriter(db)
			defer w.Close()
			var next atomic.Int64
			vote := func() {
				i := int(next.Add(1) - 1)
				in := d.VoteInput{StatementID: ss[i%statements].ID, UserID: users[i/statements].ID, Value: d.Value(i%3 - 1)}
				var err error
				if mode == "writer" {
					_, err = w.Vote(context.Background(), in, modeltest.T0)
				} else {
					_, err = d.Vote(db, in, modeltest.T0)
				}
				if err != nil {
					b.Error(err)
				}
			}
			b.ResetTimer()
			start := time.Now()
			if mode != "serial" {
				if mode == "writer" {
					b.SetParallelism(32)
				}
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						vote()
					}
				})
			} else {
				for range b.N {
					vote()
				}
			}
			perOp := time.Since(start) / time.Duration(b.N)
			b.StopTimer()
			// the machine's pace drifts: the reference is taken on both sides of the votes
			rawPerOp := (rawBefore + rawSQLiteVotes(b, 3000)) / 2
			b.ReportMetric(float64(rawPerOp)/float64(perOp), "of_raw")
			b.ReportMetric(float64(time.Second)/float64(rawPerOp), "raw_tx/s")
			if st := w.Stats(); st.Batches > 0 {
				b.ReportMetric(float64(st.Requests)/float64(st.Batches), "votes/commit")
			}
		})
	}
}

// rawSQLiteVotes commits n transactions of one vote INSERT and one counter
// UPDATE on a bare SQLite file in WAL with synchronous=NORMAL and one
// writer, and returns the time per transaction.
func rawSQLiteVotes(b *testing.B, n int) time.Duration {
	b.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(b.TempDir(), "raw.db")+"?_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=5000&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, stmt := range []string{
		"CREATE TABLE statements (id INTEGER PRIMARY KEY, agree_count INTEGER NOT NULL DEFAULT 0)",
		"CREATE TABLE votes (statement_id INTEGER NOT NULL, participant_id INTEGER NOT NULL, value INTEGER NOT NULL, created_at TIMESTAMP NOT NULL, PRIMARY KEY (statement_id, participant_id))",
	} {
		if _, err := db.Exec(stmt); err != nil {
			b.Fatal(err)
		}
	}
	for i := 1; i <= 100; i++ {
		if _, err := db.Exec("INSERT INTO statements (id) VALUES (?)", i); err != nil {
			b.Fatal(err)
		}
	}
	start := time.Now()
	for i := range n {
		tx, err := db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec("INSERT INTO votes (statement_id, participant_id, value, created_at) VALUES (?, ?, 1, ?)", i%100+1, i/100+1, time.Now().UTC()); err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec("UPDATE statements SET agree_count = agree_count + 1 WHERE id = ?", i%100+1); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(start) / time.Duration(n)
}
