package models

import (
	"encoding/csv"
	"io"
	"time"
)

// utf8BOM makes Excel read the file as UTF-8 instead of the local code page,
// so Korean text opens correctly.
const utf8BOM = "\uFEFF"

// csvWriter writes spreadsheet-safe CSV: a BOM first and every cell neutralised.
type csvWriter struct{ w *csv.Writer }

func newCSVWriter(w io.Writer) (*csvWriter, error) {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // RFC 4180 line ends, as spreadsheets expect
	return &csvWriter{cw}, nil
}

func (c *csvWriter) row(cells ...string) error {
	for i := range cells {
		cells[i] = CSVSafe(cells[i])
	}
	return c.w.Write(cells)
}

func (c *csvWriter) flush() error {
	c.w.Flush()
	return c.w.Error()
}

// CSVSafe neutralises a cell a spreadsheet would run as a formula (one that
// starts with = + - @, a tab or a carriage return) by putting a single quote
// before it.
func CSVSafe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// csvTime writes a time in Seoul as spreadsheets read it; "" for none.
func csvTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.In(Seoul).Format("2006-01-02 15:04")
}
