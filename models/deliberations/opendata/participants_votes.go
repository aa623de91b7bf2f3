package opendata

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

var participantsHeader = []string{"participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"}

// ParticipantsVotes is participants-votes.csv: the vote matrix with each
// participant's group.
type ParticipantsVotes struct {
	// CommentIDs are the vote columns, in file order.
	CommentIDs []int64
	// HasXID says the file has an xid column after participant (Polis writes
	// it for conversations whose participants came with external ids).
	HasXID       bool
	Participants []Participant
}

// Participant is one row of participants-votes.csv.
type Participant struct {
	ID  int64
	XID string
	// Group is the opinion group the participant was placed in, -1 when not
	// in the map (an empty cell).
	Group     int
	NComments int
	NVotes    int
	NAgree    int
	NDisagree int
	// Votes holds one value per CommentIDs entry: Agree, Disagree, Pass or
	// NotSeen.
	Votes []int8
}

// ReadParticipantsVotes reads participants-votes.csv.
func ReadParticipantsVotes(r io.Reader) (*ParticipantsVotes, error) {
	t, err := newTable(r, "participant")
	if err != nil {
		return nil, err
	}
	var pv ParticipantsVotes
	fixed := participantsHeader
	if len(t.header) > 1 && strings.TrimSpace(t.header[1]) == "xid" {
		pv.HasXID = true
		fixed = append([]string{"participant", "xid"}, participantsHeader[1:]...)
	}
	if err := checkHeader(t.header, fixed); err != nil {
		return nil, err
	}
	n := len(fixed)
	for i := n; i < len(t.header); i++ {
		id, err := strconv.ParseInt(strings.TrimSpace(t.header[i]), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("header column %d %q is not a comment id", i+1, t.header[i])
		}
		pv.CommentIDs = append(pv.CommentIDs, id)
	}
	err = t.each(func(row []string) {
		p := Participant{ID: t.int64(row, 0), Group: -1, Votes: make([]int8, len(pv.CommentIDs))}
		c := 1
		if pv.HasXID {
			p.XID = row[1]
			c = 2
		}
		if strings.TrimSpace(row[c]) != "" {
			if p.Group = t.int(row, c); p.Group < 0 {
				t.fail("group-id %d is negative", p.Group)
			}
		}
		p.NComments, p.NVotes, p.NAgree, p.NDisagree = t.int(row, c+1), t.int(row, c+2), t.int(row, c+3), t.int(row, c+4)
		for i := range pv.CommentIDs {
			p.Votes[i] = NotSeen
			if strings.TrimSpace(row[n+i]) != "" {
				p.Votes[i] = t.vote(row, n+i)
			}
		}
		pv.Participants = append(pv.Participants, p)
	})
	if err != nil {
		return nil, err
	}
	return &pv, nil
}

// WriteParticipantsVotes writes participants-votes.csv.
func WriteParticipantsVotes(w io.Writer, pv *ParticipantsVotes) error {
	cw := newWriter(w)
	header := []string{"participant"}
	if pv.HasXID {
		header = append(header, "xid")
	}
	header = append(header, participantsHeader[1:]...)
	for _, id := range pv.CommentIDs {
		header = append(header, itoa(id))
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	row := make([]string, 0, len(header))
	for _, p := range pv.Participants {
		if len(p.Votes) != len(pv.CommentIDs) {
			return fmt.Errorf("participant %d has %d votes for %d comments", p.ID, len(p.Votes), len(pv.CommentIDs))
		}
		row = append(row[:0], itoa(p.ID))
		if pv.HasXID {
			row = append(row, p.XID)
		}
		group := ""
		if p.Group >= 0 {
			group = strconv.Itoa(p.Group)
		}
		row = append(row, group, strconv.Itoa(p.NComments), strconv.Itoa(p.NVotes), strconv.Itoa(p.NAgree), strconv.Itoa(p.NDisagree))
		for _, v := range p.Votes {
			if v == NotSeen {
				row = append(row, "")
			} else {
				row = append(row, strconv.Itoa(int(v)))
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Tally fills NVotes, NAgree and NDisagree of every participant from its
// Votes, as Polis counts them (a pass counts as a vote).
func (pv *ParticipantsVotes) Tally() {
	for i := range pv.Participants {
		p := &pv.Participants[i]
		p.NVotes, p.NAgree, p.NDisagree = 0, 0, 0
		for _, v := range p.Votes {
			switch v {
			case NotSeen:
				continue
			case Agree:
				p.NAgree++
			case Disagree:
				p.NDisagree++
			}
			p.NVotes++
		}
	}
}
