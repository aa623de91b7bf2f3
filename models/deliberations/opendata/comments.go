package opendata

import (
	"io"
	"strconv"
)

var commentsHeader = []string{"timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees", "moderated", "comment-body"}

// Comment is one row of comments.csv.
type Comment struct {
	// Timestamp is when the comment was written, in milliseconds since 1970.
	Timestamp int64
	// Datetime is the same moment as text (see DatetimeLayout).
	Datetime string
	ID       int64
	AuthorID int64
	// Agrees and Disagrees count the comment's votes at export time.
	Agrees    int
	Disagrees int
	// Moderated is Shown, Unmoderated or Removed.
	Moderated int8
	Body      string
}

// ReadComments reads comments.csv.
func ReadComments(r io.Reader) ([]Comment, error) {
	t, err := newTable(r, commentsHeader...)
	if err != nil {
		return nil, err
	}
	var out []Comment
	for {
		row, err := t.next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		var c Comment
		var mod int
		if c.Timestamp, err = t.int64(row, 0); err != nil {
			return nil, err
		}
		c.Datetime = row[1]
		if c.ID, err = t.int64(row, 2); err != nil {
			return nil, err
		}
		if c.AuthorID, err = t.int64(row, 3); err != nil {
			return nil, err
		}
		if c.Agrees, err = t.int(row, 4); err != nil {
			return nil, err
		}
		if c.Disagrees, err = t.int(row, 5); err != nil {
			return nil, err
		}
		if mod, err = t.int(row, 6); err != nil {
			return nil, err
		}
		if mod < -1 || mod > 1 {
			return nil, t.errorf("moderated %d is not -1, 0 or 1", mod)
		}
		c.Moderated = int8(mod) // #nosec G115 -- checked to be -1, 0 or 1 above
		c.Body = row[7]
		out = append(out, c)
	}
}

// WriteComments writes comments.csv.
func WriteComments(w io.Writer, comments []Comment) error {
	cw := newWriter(w)
	if err := cw.Write(commentsHeader); err != nil {
		return err
	}
	for _, c := range comments {
		if err := cw.Write([]string{
			itoa(c.Timestamp), c.Datetime, itoa(c.ID), itoa(c.AuthorID),
			strconv.Itoa(c.Agrees), strconv.Itoa(c.Disagrees), strconv.Itoa(int(c.Moderated)), c.Body,
		}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
