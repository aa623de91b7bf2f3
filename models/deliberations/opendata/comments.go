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
	err = t.each(func(row []string) {
		c := Comment{
			Timestamp: t.int64(row, 0),
			Datetime:  row[1],
			ID:        t.int64(row, 2),
			AuthorID:  t.int64(row, 3),
			Agrees:    t.int(row, 4),
			Disagrees: t.int(row, 5),
			Body:      row[7],
		}
		switch mod := t.int(row, 6); mod {
		case -1, 0, 1:
			c.Moderated = int8(mod) // #nosec G115 -- one of -1, 0 and 1
		default:
			t.fail("moderated %d is not -1, 0 or 1", mod)
		}
		out = append(out, c)
	})
	return out, err
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
