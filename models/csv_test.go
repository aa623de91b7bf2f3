package models_test

import (
	"testing"

	"ydp1/models"
)

func TestCSVSafe(t *testing.T) {
	cases := map[string]string{
		"":                   "",
		"보통 제목":              "보통 제목",
		"=HYPERLINK(\"x\")":  "'=HYPERLINK(\"x\")",
		"+82 2-2670":         "'+82 2-2670",
		"-1+1":               "'-1+1",
		"@SUM(A1)":           "'@SUM(A1)",
		"\t=1":               "'\t=1",
		"\r=1":               "'\r=1",
		"1,000명":             "1,000명",
		"제목 = 수식 아님":         "제목 = 수식 아님",
		" =leading space":    " =leading space",
		"'already quoted":    "'already quoted",
		"12":                 "12",
		"2024-03-04 10:00":   "2024-03-04 10:00",
		"＝full-width equals": "＝full-width equals",
	}
	for in, want := range cases {
		if got := models.CSVSafe(in); got != want {
			t.Errorf("CSVSafe(%q) = %q, want %q", in, got, want)
		}
	}
}
