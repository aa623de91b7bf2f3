package opinionsvg

import (
	"encoding/xml"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"ydp1/models/deliberations/opinionmap"
)

var korean = Labels{
	Title:       "의견 지도",
	Description: "참여자 40명이 두 그룹으로 나뉩니다 <표 참고>",
	Group:       func(i int) string { return "그룹 " + GroupName(i) },
	Size:        func(n int) string { return fmt.Sprintf("%d명", n) },
	You:         "나의 위치",
}

// twoSides is a 공론장 where half agree with every statement and half disagree.
func twoSides(t *testing.T) *opinionmap.Map {
	t.Helper()
	rng := rand.New(rand.NewPCG(3, 4))
	var in opinionmap.Input
	for s := range 12 {
		in.Statements = append(in.Statements, opinionmap.Statement{ID: int64(s + 1)})
	}
	for p := range 40 {
		for s := range 12 {
			v := opinionmap.Agree
			if (p%2 == 0) != (rng.IntN(10) == 0) {
				v = opinionmap.Disagree
			}
			in.Votes = append(in.Votes, opinionmap.Vote{Participant: int64(100 + p), Statement: int64(s + 1), Value: v})
		}
	}
	m, _, err := opinionmap.Compute(in, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Groups) < 2 {
		t.Fatalf("the planted sides gave %d groups", len(m.Groups))
	}
	return m
}

type svg struct {
	Title  string `xml:"title"`
	Desc   string `xml:"desc"`
	Groups []struct {
		Polygon *struct {
			Points string `xml:"points,attr"`
		} `xml:"polygon"`
		Circle *struct{} `xml:"circle"`
		Text   []string  `xml:"text"`
	} `xml:"g"`
}

func parse(t *testing.T, s string) svg {
	t.Helper()
	var out svg
	if err := xml.Unmarshal([]byte(s), &out); err != nil {
		t.Fatalf("not well-formed SVG: %v\n%s", err, s)
	}
	return out
}

func TestDrawsEachGroupAsANamedRegion(t *testing.T) {
	m := twoSides(t)
	got := Draw(m, 0, korean)
	doc := parse(t, got)
	if doc.Title != korean.Title || doc.Desc != korean.Description {
		t.Errorf("title %q, desc %q", doc.Title, doc.Desc)
	}
	if len(doc.Groups) != len(m.Groups) {
		t.Fatalf("%d regions for %d groups", len(doc.Groups), len(m.Groups))
	}
	for i, g := range doc.Groups {
		if g.Polygon == nil || strings.Count(g.Polygon.Points, ",") < 3 {
			t.Errorf("group %d is not drawn as a region: %+v", i, g)
		}
		want := []string{"그룹 " + GroupName(i), fmt.Sprintf("%d명", len(m.Groups[i].Members))}
		if strings.Join(g.Text, "|") != strings.Join(want, "|") {
			t.Errorf("group %d says %q, want %q", i, g.Text, want)
		}
	}
	if strings.Contains(got, korean.You) {
		t.Error("the map drawn for nobody marks a place as theirs")
	}
	if again := Draw(m, 0, korean); again != got {
		t.Error("the same map drew differently")
	}
	if !strings.Contains(got, "&lt;표 참고&gt;") {
		t.Error("the description is not escaped")
	}
}

func TestMarksTheViewersPlaceOnlyForThem(t *testing.T) {
	m := twoSides(t)
	var placed int64
	for _, p := range m.Participants {
		if p.Placed {
			placed = p.ID
			break
		}
	}
	got := Draw(m, placed, korean)
	parse(t, got)
	if strings.Count(got, korean.You) != 1 {
		t.Errorf("the viewer's place is marked %d times", strings.Count(got, korean.You))
	}
	if s := Draw(m, 99999, korean); strings.Contains(s, korean.You) {
		t.Error("a visitor who did not vote is marked on the map")
	}
}

func TestSmallGroupsAreCircles(t *testing.T) {
	m := &opinionmap.Map{
		Participants: []opinionmap.Participant{
			{ID: 1, Placed: true, X: -1, Y: 0, Group: 0},
			{ID: 2, Placed: true, X: 1, Y: 0.5, Group: 1},
			{ID: 3, Placed: true, X: 1.2, Y: 0.4, Group: 1},
		},
		Groups: []opinionmap.Group{
			{ID: 0, Members: []int64{1}, X: -1, Y: 0},
			{ID: 1, Members: []int64{2, 3}, X: 1.1, Y: 0.45},
		},
	}
	doc := parse(t, Draw(m, 0, korean))
	if len(doc.Groups) != 2 || doc.Groups[0].Circle == nil || doc.Groups[1].Circle == nil {
		t.Errorf("groups of one and two are not circles: %+v", doc.Groups)
	}
	parse(t, Draw(&opinionmap.Map{}, 0, korean)) // nobody placed yet: an empty frame
}

func TestConvexHull(t *testing.T) {
	square := []pt{{0, 0}, {2, 0}, {2, 2}, {0, 2}, {1, 1}, {1, 0}, {2, 2}}
	if h := convexHull(square); len(h) != 4 {
		t.Errorf("hull of a square with inner, edge and repeated points: %v", h)
	}
	if h := convexHull([]pt{{0, 0}, {1, 1}, {2, 2}}); h != nil {
		t.Errorf("points on a line have a hull: %v", h)
	}
}
