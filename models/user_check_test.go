package models

import (
	"strings"
	"testing"
)

// The sign-up form and the staff form refuse names and addresses alike,
// each with its own bounds and example.
func TestCheckEmailAndName(t *testing.T) {
	errs := Errors{}
	if got := checkEmail(errs, "  Hong@Example.COM ", "x@y.kr"); got != "hong@example.com" || len(errs) != 0 {
		t.Errorf("checkEmail gave %q, %v", got, errs)
	}
	for email, want := range map[string]string{"": "auth.error.email_empty", "hong": "auth.error.email_format?Example=x%40y.kr"} {
		errs := Errors{}
		checkEmail(errs, email, "x@y.kr")
		if errs["email"] != want {
			t.Errorf("checkEmail(%q): %q, want %q", email, errs["email"], want)
		}
	}
	for _, c := range []struct {
		name  string
		least int
		want  string
	}{
		{" 김 ", 2, "auth.error.name_length?Count=2"},
		{" 김 ", 1, ""},
		{"", 1, "auth.error.name_empty"},
		{strings.Repeat("김", 21), 2, "auth.error.name_length?Count=2"},
		{strings.Repeat("김", 21), 1, "auth.error.name_long"},
		{strings.Repeat("김", 20), 2, ""},
	} {
		errs := Errors{}
		if got := checkName(errs, c.name, c.least); got != strings.TrimSpace(c.name) || errs["name"] != c.want {
			t.Errorf("checkName(%q, %d) = %q, %q; want %q", c.name, c.least, got, errs["name"], c.want)
		}
	}
}
