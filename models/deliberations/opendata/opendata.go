// Package opendata reads and writes conversations in the openData export
// format of Polis (compdemocracy.org): participants-votes.csv, comments.csv
// and votes.csv. Researchers check a 공론장's results with their own tools
// from these files, and conversations published by Polis are loaded from
// them.
//
// Votes use the export's signs: 1 agree, -1 disagree, 0 pass.
package opendata

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// File names of one conversation's export.
const (
	ParticipantsVotesFile = "participants-votes.csv"
	CommentsFile          = "comments.csv"
	VotesFile             = "votes.csv"
)

// Vote values as the export writes them.
const (
	Agree    int8 = 1
	Disagree int8 = -1
	Pass     int8 = 0
	// NotSeen marks an empty cell of participants-votes.csv: the participant
	// never answered the comment.
	NotSeen int8 = -128
)

// Moderation states of comments.csv.
const (
	Removed     int8 = -1
	Unmoderated int8 = 0
	Shown       int8 = 1
)

// DatetimeLayout is how Polis writes the datetime column (Java's
// Date.toString), e.g. "Mon Jul 17 02:17:32 WIB 2017".
const DatetimeLayout = "Mon Jan 02 15:04:05 MST 2006"

// Datetime formats a timestamp in milliseconds as the datetime column, in loc.
func Datetime(ms int64, loc *time.Location) string {
	return time.UnixMilli(ms).In(loc).Format(DatetimeLayout)
}

// Conversation is one export: what the three files hold.
type Conversation struct {
	Participants ParticipantsVotes
	Comments     []Comment
	// Votes is nil when the export had no votes.csv.
	Votes []Vote
}

// ReadDir reads the export in dir; votes.csv may be absent.
func ReadDir(dir string) (*Conversation, error) {
	var c Conversation
	if err := readFile(filepath.Join(dir, ParticipantsVotesFile), func(r io.Reader) (err error) {
		p, err := ReadParticipantsVotes(r)
		if p != nil {
			c.Participants = *p
		}
		return err
	}); err != nil {
		return nil, err
	}
	if err := readFile(filepath.Join(dir, CommentsFile), func(r io.Reader) (err error) {
		c.Comments, err = ReadComments(r)
		return err
	}); err != nil {
		return nil, err
	}
	err := readFile(filepath.Join(dir, VotesFile), func(r io.Reader) (err error) {
		c.Votes, err = ReadVotes(r)
		return err
	})
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	return &c, nil
}

// WriteDir writes the export into dir, which must exist; votes.csv only when
// c.Votes is not nil.
func WriteDir(dir string, c *Conversation) error {
	if err := writeFile(filepath.Join(dir, ParticipantsVotesFile), func(w io.Writer) error {
		return WriteParticipantsVotes(w, &c.Participants)
	}); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, CommentsFile), func(w io.Writer) error {
		return WriteComments(w, c.Comments)
	}); err != nil {
		return err
	}
	if c.Votes == nil {
		return nil
	}
	return writeFile(filepath.Join(dir, VotesFile), func(w io.Writer) error {
		return WriteVotes(w, c.Votes)
	})
}

func readFile(name string, read func(io.Reader) error) error {
	f, err := os.Open(name) // #nosec G304 -- the caller names the export directory
	if err != nil {
		return err
	}
	defer f.Close()
	if err := read(f); err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(name), err)
	}
	return nil
}

func writeFile(name string, write func(io.Writer) error) error {
	f, err := os.Create(name) // #nosec G304 -- the caller names the export directory
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		_ = f.Close()
		return fmt.Errorf("%s: %w", filepath.Base(name), err)
	}
	return f.Close()
}

// table reads a CSV file whose first row is a header and checks the header
// starts with want. Its cell readers keep the first error, which each returns
// after the row that caused it.
type table struct {
	r      *csv.Reader
	header []string
	line   int
	err    error
}

func newTable(r io.Reader, want ...string) (*table, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // rows are checked against the header below, with a clearer message
	header, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("empty file, no header")
	}
	if err != nil {
		return nil, err
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\uFEFF")
	}
	if err := checkHeader(header, want); err != nil {
		return nil, err
	}
	return &table{r: cr, header: header, line: 1}, nil
}

// checkHeader says whether header starts with the columns want.
func checkHeader(header, want []string) error {
	if len(header) < len(want) {
		return fmt.Errorf("header has %d columns, want at least %d (%s)", len(header), len(want), strings.Join(want, ","))
	}
	for i, w := range want {
		if strings.TrimSpace(header[i]) != w {
			return fmt.Errorf("header column %d is %q, want %q", i+1, header[i], w)
		}
	}
	return nil
}

// each calls read with every row, in order, and stops at the end, at a row
// that does not fit the header, or after a row whose cells did not parse.
func (t *table) each(read func(row []string)) error {
	for t.err == nil {
		row, err := t.r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		t.line++
		if len(row) != len(t.header) {
			return t.errorf("%d columns, the header has %d", len(row), len(t.header))
		}
		read(row)
	}
	return t.err
}

func (t *table) errorf(format string, args ...any) error {
	return fmt.Errorf("line %d: %s", t.line, fmt.Sprintf(format, args...))
}

// fail keeps the first error of the rows.
func (t *table) fail(format string, args ...any) {
	if t.err == nil {
		t.err = t.errorf(format, args...)
	}
}

func (t *table) int64(row []string, i int) int64 {
	v, err := strconv.ParseInt(strings.TrimSpace(row[i]), 10, 64)
	if err != nil {
		t.fail("%s %q is not a whole number", t.header[i], row[i])
	}
	return v
}

func (t *table) int(row []string, i int) int {
	return int(t.int64(row, i))
}

// vote parses a vote cell: 1, -1 or 0 (Polis sometimes writes 1.0).
func (t *table) vote(row []string, i int) int8 {
	s := strings.TrimSpace(row[i])
	f, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil:
	case f == 1:
		return Agree
	case f == -1:
		return Disagree
	case f == 0:
		return Pass
	}
	t.fail("%s %q is not a vote (1, -1 or 0)", t.header[i], row[i])
	return 0
}

func newWriter(w io.Writer) *csv.Writer {
	return csv.NewWriter(w)
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
