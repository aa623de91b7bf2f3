package deliberations_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"ydp1/internal/polisdata"
	d "ydp1/models/deliberations"
	"ydp1/models/deliberations/opendata"
	"ydp1/models/deliberations/opinionmap"
	"ydp1/models/modeltest"
)

func TestExport(t *testing.T) {
	db := modeltest.NewDB(t)
	delib, ss, users := planted(t, db)
	pending, err := d.WriteStatement(db, d.StatementInput{DeliberationID: delib.ID, UserID: users[3].ID, Body: "직접 쓴 의견"}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	modeltest.WantErr(t, d.Recompute(db, delib.ID, modeltest.T0), nil)
	dir := t.TempDir()
	modeltest.WantErr(t, d.Export(db, delib.ID, dir), nil)
	c, err := opendata.ReadDir(dir)
	modeltest.WantErr(t, err, nil)

	var parts []d.Participant
	modeltest.WantErr(t, db.Where("deliberation_id = ?", delib.ID).Order("export_id").Find(&parts).Error, nil)
	if len(c.Participants.Participants) != 40 || len(c.Comments) != 13 || len(c.Votes) != 40*12+1 {
		t.Fatalf("%d participants, %d comments, %d votes", len(c.Participants.Participants), len(c.Comments), len(c.Votes))
	}
	author, _ := d.ParticipantOf(db, delib.ID, users[3].ID)
	groups := map[int]int{}
	for i, p := range c.Participants.Participants {
		if p.ID != parts[i].ExportID || *parts[i].UserID == uint(p.ID) || p.NVotes != 12+b2i(parts[i].ID == author) {
			t.Errorf("row %d: %+v, participant %+v", i, p, parts[i])
		}
		groups[p.Group]++
	}
	if groups[0] != 20 || groups[1] != 20 {
		t.Errorf("groups in the export: %v", groups)
	}
	for i, cm := range c.Comments[:12] {
		if cm.ID != int64(ss[i].ID) || cm.AuthorID != d.SeedAuthor || cm.Body != ss[i].Body || cm.Moderated != opendata.Shown {
			t.Errorf("comment %d: %+v", i, cm)
		}
	}
	if own := c.Comments[12]; own.ID != int64(pending.ID) {
		t.Errorf("the resident's statement: %+v", own)
	}
	// every cell is the participant's vote
	for _, p := range c.Participants.Participants {
		for j, v := range p.Votes[:12] {
			var stored []d.VoteRecord
			db.Joins("JOIN deliberation_participants p ON p.id = deliberation_votes.participant_id").
				Where("p.export_id = ? AND deliberation_votes.statement_id = ?", p.ID, c.Participants.CommentIDs[j]).Find(&stored)
			if len(stored) != 1 || int8(stored[0].Value) != v {
				t.Fatalf("participant %d, comment %d: exported %d, stored %+v", p.ID, c.Participants.CommentIDs[j], v, stored)
			}
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// published are the conversations of internal/polisdata with the
// statements that are really questions about the participants, and the
// agreement with Polis' groups demanded: the floors and meta statements of
// opinionmap's published test, which explains them.
var published = []struct {
	name  string
	meta  []int64
	floor float64
}{
	{name: "brexit-consensus", meta: []int64{0, 1, 3, 10, 11, 12, 15}, floor: 0.80},
	{name: "15-per-hour-seattle", floor: 0.40},
	{name: "american-assembly.bowling-green", floor: 0.70},
	{name: "london.youth.policing", meta: []int64{1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}, floor: 0.50},
}

// TestImportPublished imports each published conversation, computes its
// map, exports it and compares the export with the published files: the
// same participant and comment ids, the same vote in every cell, and groups
// that agree with Polis' (adjusted Rand index).
func TestImportPublished(t *testing.T) {
	root := polisdata.Dir(t)
	for _, conv := range published {
		t.Run(conv.name, func(t *testing.T) {
			db := modeltest.NewDB(t)
			src := filepath.Join(root, conv.name)
			start := time.Now()
			id, err := d.Import(db, src, d.ImportOptions{Meta: conv.meta}, modeltest.T0)
			modeltest.WantErr(t, err, nil)
			took := time.Since(start)
			delib, _ := d.Find(db, id)
			if delib.StateAt(modeltest.T0) != d.StateClosed || !delib.Imported || delib.Title == "" {
				t.Errorf("imported: %+v", delib)
			}
			dir := t.TempDir()
			modeltest.WantErr(t, d.Export(db, id, dir), nil)
			orig, err := opendata.ReadDir(src)
			modeltest.WantErr(t, err, nil)
			ours, err := opendata.ReadDir(dir)
			modeltest.WantErr(t, err, nil)

			origCols, ourCols := orig.Participants.CommentIDs, ours.Participants.CommentIDs
			sortedOrig := slices.Sorted(slices.Values(origCols))
			if !slices.Equal(sortedOrig, ourCols) {
				t.Fatalf("comment ids: published %v, exported %v", origCols, ourCols)
			}
			ourRow := map[int64]opendata.Participant{}
			for _, p := range ours.Participants.Participants {
				ourRow[p.ID] = p
			}
			col := map[int64]int{}
			for j, c := range ourCols {
				col[c] = j
			}
			differ := 0
			var theirs, mine []int
			for _, p := range orig.Participants.Participants {
				q, ok := ourRow[p.ID]
				if !ok {
					t.Fatalf("published participant %d is not in the export", p.ID)
				}
				for j, v := range p.Votes {
					if q.Votes[col[origCols[j]]] != v {
						differ++
					}
				}
				if p.Group >= 0 && q.Group >= 0 {
					theirs, mine = append(theirs, p.Group), append(mine, q.Group)
				}
			}
			ari := opinionmap.AdjustedRandIndex(mine, theirs)
			fmt.Printf("%-32s imported in %v: %d participants, %d comments; cells differing from the published matrix %d; groups in both %d, ARI %.3f (floor %.2f)\n",
				conv.name, took.Round(time.Millisecond), len(ours.Participants.Participants), len(ourCols), differ, len(mine), ari, conv.floor)
			if differ != 0 {
				t.Errorf("%d cells differ from the published matrix", differ)
			}
			if ari < conv.floor {
				t.Errorf("adjusted Rand index %.3f with Polis' groups, below the floor %.2f", ari, conv.floor)
			}
			origComments := map[int64]opendata.Comment{}
			for _, c := range orig.Comments {
				origComments[c.ID] = c
			}
			for _, c := range ours.Comments {
				o := origComments[c.ID]
				if c.Body != o.Body || c.AuthorID != o.AuthorID || c.Timestamp != o.Timestamp || (c.Moderated == opendata.Removed) != (o.Moderated == opendata.Removed) {
					t.Errorf("comment %d: exported %+v, published %+v", c.ID, c, o)
				}
			}
		})
	}
}
