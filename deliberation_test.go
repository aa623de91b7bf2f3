package main

import (
	"io"
	"log/slog"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"ydp1/internal/testdb"
	"ydp1/models/deliberations/opendata"
)

// A conversation in Polis' openData format goes in with ydp1 deliberation
// import, which prints the new 공론장's id, and comes out of ydp1
// deliberation export with the same participant and comment ids and votes.
func TestDeliberationImportThenExport(t *testing.T) {
	src, out := t.TempDir(), filepath.Join(t.TempDir(), "made", "by", "export")
	in := &opendata.Conversation{Participants: opendata.ParticipantsVotes{CommentIDs: []int64{0, 1, 2}}}
	for c, body := range []string{"주차면을 늘려야 합니다.", "일부를 공원으로 바꿔야 합니다.", "주민 공유 창고를 만들어야 합니다."} {
		in.Comments = append(in.Comments, opendata.Comment{Timestamp: 1500000000000 + int64(c), ID: int64(c), AuthorID: int64(100 + c), Moderated: 1, Body: body})
	}
	for p := range 12 {
		row := opendata.Participant{ID: int64(100 + p), Group: -1, Votes: make([]int8, 3)}
		for c := range 3 {
			row.Votes[c] = opendata.Agree
			if (p+c)%3 == 0 {
				row.Votes[c] = opendata.Disagree
			}
			in.Votes = append(in.Votes, opendata.Vote{Timestamp: 1500000001000 + int64(p*3+c), CommentID: int64(c), VoterID: row.ID, Vote: row.Votes[c]})
		}
		in.Participants.Participants = append(in.Participants.Participants, row)
	}
	in.Participants.Tally()
	if err := opendata.WriteDir(src, in); err != nil {
		t.Fatal(err)
	}

	dsn := testdb.DSN(t, "deliberation.db")
	ydp1 := func(args ...string) (string, error) {
		var b strings.Builder
		err := run(args, &b, slog.New(slog.NewTextHandler(io.Discard, nil)))
		return b.String(), err
	}
	id, err := ydp1("deliberation", "import", src, "--db", dsn)
	if err != nil || strings.TrimSpace(id) != "1" {
		t.Fatalf("import printed %q, %v; want the new 공론장's id alone", id, err)
	}
	said, err := ydp1("deliberation", "export", strings.TrimSpace(id), out, "--db", dsn)
	if err != nil || !strings.Contains(said, "wrote 공론장 1 to "+out) {
		t.Fatalf("export said %q, %v", said, err)
	}
	got, err := opendata.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var ids, wantIDs []int64
	for _, c := range got.Comments {
		ids = append(ids, c.ID)
	}
	for _, c := range in.Comments {
		wantIDs = append(wantIDs, c.ID)
	}
	if !reflect.DeepEqual(ids, wantIDs) || len(got.Participants.Participants) != 12 {
		t.Fatalf("exported comments %v (want %v) and %d participants", ids, wantIDs, len(got.Participants.Participants))
	}
	for _, p := range got.Participants.Participants {
		want := in.Participants.Participants[p.ID-100].Votes
		if p.ID < 100 || p.ID >= 112 || !reflect.DeepEqual(p.Votes, want) {
			t.Errorf("participant %d exported with votes %v, want %v", p.ID, p.Votes, want)
		}
	}

	for args, want := range map[string]string{
		"deliberation":                         `unknown deliberation command; use "ydp1 deliberation export -h" or "ydp1 deliberation import -h"`,
		"deliberation export 7 " + out:         "no 공론장 7",
		"deliberation export x " + out:         `"x" is not the number of a 공론장`,
		"deliberation export 1":                "needs ID and DIR",
		"deliberation import " + out + "/none": "no such file",
	} {
		if _, err := ydp1(append(strings.Fields(args), "--db", dsn)...); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ydp1 %s: %v, want an error saying %q", args, err, want)
		}
	}
}
