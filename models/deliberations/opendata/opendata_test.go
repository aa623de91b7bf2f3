package opendata

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"ydp1/internal/polisdata"
)

func sample() *Conversation {
	seoul := time.FixedZone("KST", 9*3600)
	return &Conversation{
		Participants: ParticipantsVotes{
			CommentIDs: []int64{0, 3, 7},
			Participants: []Participant{
				{ID: 0, Group: 1, NComments: 2, Votes: []int8{Agree, NotSeen, Pass}},
				{ID: 5, Group: -1, Votes: []int8{NotSeen, NotSeen, NotSeen}},
				{ID: 9, Group: 0, Votes: []int8{Disagree, Agree, Agree}},
			},
		},
		Comments: []Comment{
			{Timestamp: 1658933760180, Datetime: Datetime(1658933760180, seoul), ID: 7, AuthorID: 0, Agrees: 1, Moderated: Shown,
				Body: "버스 배차 간격을 줄여 주세요, \"지금\" 너무 깁니다\n두 줄째"},
			{Timestamp: 1658933760181, ID: 3, AuthorID: 9, Disagrees: 2, Moderated: Removed, Body: "=1+1"},
			{Timestamp: 1658933760182, ID: 0, AuthorID: 0, Moderated: Unmoderated, Body: ""},
		},
		Votes: []Vote{
			{Timestamp: 1, CommentID: 0, VoterID: 0, Vote: Agree},
			{Timestamp: 2, CommentID: 0, VoterID: 9, Vote: Agree},
			{Timestamp: 3, CommentID: 0, VoterID: 9, Vote: Disagree},
			{Timestamp: 4, CommentID: 3, VoterID: 9, Vote: Agree},
		},
	}
}

func TestRoundTrip(t *testing.T) {
	c := sample()
	c.Participants.Tally()
	if p := c.Participants.Participants[2]; p.NVotes != 3 || p.NAgree != 2 || p.NDisagree != 1 {
		t.Fatalf("tally of participant 9: %+v", p)
	}
	for _, xid := range []bool{false, true} {
		c.Participants.HasXID = xid
		if xid {
			c.Participants.Participants[0].XID = "ext-0"
		}
		dir := t.TempDir()
		if err := WriteDir(dir, c); err != nil {
			t.Fatal(err)
		}
		got, err := ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, c) {
			t.Fatalf("xid %v: read back\n%+v\nwant\n%+v", xid, got, c)
		}
	}
	// without votes.csv the conversation reads back without votes
	c.Votes = nil
	dir := t.TempDir()
	if err := WriteDir(dir, c); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, VotesFile)); !os.IsNotExist(err) {
		t.Fatalf("votes.csv written without votes: %v", err)
	}
	got, err := ReadDir(dir)
	if err != nil || got.Votes != nil {
		t.Fatalf("read without votes.csv: %v, votes %v", err, got.Votes)
	}
}

func TestEmptyCellIsNotSeenAndEmptyGroupIsNone(t *testing.T) {
	in := "participant,group-id,n-comments,n-votes,n-agree,n-disagree,4,2\n1,,0,1,0,0,,0\n2,1,0,1,1,0,1.0,\n"
	pv, err := ReadParticipantsVotes(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Participant{
		{ID: 1, Group: -1, NVotes: 1, Votes: []int8{NotSeen, Pass}},
		{ID: 2, Group: 1, NVotes: 1, NAgree: 1, Votes: []int8{Agree, NotSeen}},
	}
	if !reflect.DeepEqual(pv.Participants, want) || !reflect.DeepEqual(pv.CommentIDs, []int64{4, 2}) {
		t.Fatalf("got %+v %v", pv.Participants, pv.CommentIDs)
	}
}

func TestDatetimeAsPolisWritesIt(t *testing.T) {
	// the first vote of the published brexit-consensus conversation
	if got := Datetime(1500232652930, time.FixedZone("WIB", 7*3600)); got != "Mon Jul 17 02:17:32 WIB 2017" {
		t.Fatalf("got %q", got)
	}
}

func TestLatestVotes(t *testing.T) {
	got := LatestVotes(sample().Votes)
	want := []Vote{
		{Timestamp: 1, CommentID: 0, VoterID: 0, Vote: Agree},
		{Timestamp: 3, CommentID: 0, VoterID: 9, Vote: Disagree},
		{Timestamp: 4, CommentID: 3, VoterID: 9, Vote: Agree},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v", got)
	}
}

func TestReadErrorsSayWhere(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"votes header", "timestamp,datetime,comment,voter-id,vote\n", `header column 3 is "comment"`},
		{"vote value", "timestamp,datetime,comment-id,voter-id,vote\n1,x,2,3,2\n", `line 2: vote "2" is not a vote`},
		{"short row", "timestamp,datetime,comment-id,voter-id,vote\n1,x,2,3\n", "line 2: 4 columns, the header has 5"},
		{"comment id", "participant,group-id,n-comments,n-votes,n-agree,n-disagree,a\n", `"a" is not a comment id`},
		{"moderated", strings.Join(commentsHeader, ",") + "\n1,x,2,3,0,0,2,body\n", "moderated 2 is not -1, 0 or 1"},
		{"group", "participant,group-id,n-comments,n-votes,n-agree,n-disagree,7\n1,-2,0,1,1,0,1\n", "line 2: group-id -2 is negative"},
		{"first error of a row", "participant,group-id,n-comments,n-votes,n-agree,n-disagree,7\n1,0,x,y,1,0,1\n", `line 2: n-comments "x" is not a whole number`},
		{"later row", "timestamp,datetime,comment-id,voter-id,vote\n1,x,2,3,1\n1,x,2,3,1\nz,x,2,3,1\n", `line 4: timestamp "z"`},
		{"empty", "", "empty file"},
	}
	for _, c := range cases {
		var err error
		switch {
		case strings.HasPrefix(c.in, "timestamp,datetime,comment-id,author"):
			_, err = ReadComments(strings.NewReader(c.in))
		case strings.HasPrefix(c.in, "participant"):
			_, err = ReadParticipantsVotes(strings.NewReader(c.in))
		default:
			_, err = ReadVotes(strings.NewReader(c.in))
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// TestPublishedConversationsRoundTrip reads each published conversation and
// writes it again byte for byte, so what the product exports reads in the
// same tools as what Polis publishes.
func TestPublishedConversationsRoundTrip(t *testing.T) {
	root := polisdata.Dir(t)
	for _, name := range polisdata.Conversations {
		dir := filepath.Join(root, name)
		c, err := ReadDir(dir)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(c.Participants.Participants) == 0 || len(c.Comments) == 0 {
			t.Fatalf("%s: read nothing", name)
		}
		out := t.TempDir()
		if err := WriteDir(out, c); err != nil {
			t.Fatal(err)
		}
		files := []string{ParticipantsVotesFile, CommentsFile}
		if c.Votes != nil {
			files = append(files, VotesFile)
		}
		for _, f := range files {
			want, err := os.ReadFile(filepath.Join(dir, f)) // #nosec G304 -- test data directory
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(out, f)) // #nosec G304 -- the test's own temporary directory
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s/%s: written again it differs (%d bytes, published %d)", name, f, len(got), len(want))
			}
		}
	}
}
