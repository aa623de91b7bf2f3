package opendata

import (
	"io"
	"strconv"
)

var votesHeader = []string{"timestamp", "datetime", "comment-id", "voter-id", "vote"}

// Vote is one row of votes.csv: one vote as it was cast.
type Vote struct {
	// Timestamp is when the vote was cast, in milliseconds since 1970.
	Timestamp int64
	// Datetime is the same moment as text (see DatetimeLayout).
	Datetime  string
	CommentID int64
	VoterID   int64
	// Vote is Agree, Disagree or Pass.
	Vote int8
}

// ReadVotes reads votes.csv, keeping every row in file order.
func ReadVotes(r io.Reader) ([]Vote, error) {
	t, err := newTable(r, votesHeader...)
	if err != nil {
		return nil, err
	}
	out := []Vote{}
	err = t.each(func(row []string) {
		out = append(out, Vote{
			Timestamp: t.int64(row, 0),
			Datetime:  row[1],
			CommentID: t.int64(row, 2),
			VoterID:   t.int64(row, 3),
			Vote:      t.vote(row, 4),
		})
	})
	return out, err
}

// WriteVotes writes votes.csv.
func WriteVotes(w io.Writer, votes []Vote) error {
	cw := newWriter(w)
	if err := cw.Write(votesHeader); err != nil {
		return err
	}
	for _, v := range votes {
		if err := cw.Write([]string{
			itoa(v.Timestamp), v.Datetime, itoa(v.CommentID), itoa(v.VoterID), strconv.Itoa(int(v.Vote)),
		}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// LatestVotes keeps, for each voter and comment, the vote of the last row
// that has them: a later row replaces an earlier one. The result keeps the
// order of those last rows.
func LatestVotes(votes []Vote) []Vote {
	type pair struct{ comment, voter int64 }
	last := make(map[pair]int, len(votes))
	for i, v := range votes {
		last[pair{v.CommentID, v.VoterID}] = i
	}
	out := make([]Vote, 0, len(last))
	for i, v := range votes {
		if last[pair{v.CommentID, v.VoterID}] == i {
			out = append(out, v)
		}
	}
	return out
}
