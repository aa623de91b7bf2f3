package app

import (
	"io/fs"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"ydp1/models/ideas"
	"ydp1/static"
)

var (
	cssVar       = regexp.MustCompile(`--([a-z-]+):\s*(#[0-9a-f]{6})`)
	ideaStateCSS = regexp.MustCompile(`\.idea-([a-z_]+) \{ background: ([^;]+); color: ([^;]+);`)
)

// Each state of an idea has a colour of its own, its word readable on it (≥ 4.5:1).
func TestIdeaStatesHaveTheirOwnReadableColours(t *testing.T) {
	src, err := fs.ReadFile(static.FS, "app.css")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	for _, m := range cssVar.FindAllStringSubmatch(string(src), -1) {
		vars[m[1]] = m[2]
	}
	colour := func(v string) string {
		v = strings.TrimSpace(v)
		if name, ok := strings.CutPrefix(v, "var(--"); ok {
			return vars[strings.TrimSuffix(name, ")")]
		}
		if v == "#fff" {
			return "#ffffff"
		}
		return v
	}
	seen := map[string]string{}
	for _, m := range ideaStateCSS.FindAllStringSubmatch(string(src), -1) {
		bg, fg := colour(m[2]), colour(m[3])
		if r := contrast(t, bg, fg); r < 4.5 {
			t.Errorf("%s: %s on %s is %.2f:1", m[1], fg, bg, r)
		}
		if other, ok := seen[bg]; ok {
			t.Errorf("%s has the colour of %s", m[1], other)
		}
		seen[bg] = m[1]
	}
	for _, s := range ideas.IdeaStates {
		if _, ok := seen[colour(findBackground(string(src), string(s)))]; !ok {
			t.Errorf("state %s (%s) has no colour of its own", s, s.Label())
		}
	}
}

func findBackground(css, state string) string {
	for _, m := range ideaStateCSS.FindAllStringSubmatch(css, -1) {
		if m[1] == state {
			return m[2]
		}
	}
	return ""
}

// contrast is WCAG's contrast ratio of two #rrggbb colours.
func contrast(t *testing.T, a, b string) float64 {
	t.Helper()
	lum := func(hex string) float64 {
		if len(hex) != 7 {
			t.Fatalf("colour %q", hex)
		}
		var l [3]float64
		for i := range 3 {
			n, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
			if err != nil {
				t.Fatal(err)
			}
			c := float64(n) / 255
			if c <= 0.03928 {
				l[i] = c / 12.92
			} else {
				l[i] = math.Pow((c+0.055)/1.055, 2.4)
			}
		}
		return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
	}
	x, y := lum(a), lum(b)
	return (math.Max(x, y) + 0.05) / (math.Min(x, y) + 0.05)
}
