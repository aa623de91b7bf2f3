package models

import (
	"encoding/csv"
	"io"
	"time"
)

// UTF8BOM makes Excel read the file as UTF-8 instead of the local code page,
// so Korean text opens correctly.
const UTF8BOM = "\uFEFF"

// CSVWriter writes spreadsheet-safe CSV: a BOM first and every cell neutralised.
type CSVWriter struct{ w *csv.Writer }

// NewCSVWriter writes the BOM to w and returns the writer of the rows.
func NewCSVWriter(w io.Writer) (*CSVWriter, error) {
	if _, err := io.WriteString(w, UTF8BOM); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // RFC 4180 line ends, as spreadsheets expect
	return &CSVWriter{cw}, nil
}

// Row writes one row, each cell made safe.
func (c *CSVWriter) Row(cells ...string) error {
	for i := range cells {
		cells[i] = CSVSafe(cells[i])
	}
	return c.w.Write(cells)
}

// Flush writes what is buffered and tells the first error of the whole file.
func (c *CSVWriter) Flush() error {
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

// CSVTime writes a time in Seoul as spreadsheets read it; "" for none.
func CSVTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.In(Seoul).Format("2006-01-02 15:04")
}
