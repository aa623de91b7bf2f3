package models

import (
	"strings"
	"testing"
)

// A required text is refused when empty or longer than its limit, counted
// in characters, and a field keeps its first message.
func TestErrorsText(t *testing.T) {
	for _, c := range []struct {
		text, want string
	}{{"", "none"}, {strings.Repeat("가", 10), ""}, {strings.Repeat("가", 11), "long"}} {
		errs := Errors{}
		errs.Text("title", c.text, 10, "none", "long")
		if errs["title"] != c.want {
			t.Errorf("%d characters: %q, want %q", len([]rune(c.text)), errs["title"], c.want)
		}
	}
	errs := Errors{"title": "first"}
	errs.Text("title", "", 10, "none", "long")
	if errs["title"] != "first" {
		t.Errorf("the message became %q", errs["title"])
	}
}
