// Package opinionsvg draws the opinion map of a 공론장 as an SVG element, on
// the server, so the map needs no JavaScript: each opinion group is a region
// (the convex hull of its members' places) with its name and size, and the
// viewer's own place is marked when the page is drawn for them. Single
// participants are never drawn, only the regions their groups make.
//
// The drawing is text in, text out: the caller gives the names (in the
// visitor's language) and puts the element in its page, beside a table that
// says the same for screen readers (the element itself is labelled as an
// image with a short description).
package opinionsvg

import (
	"cmp"
	"fmt"
	"html"
	"math"
	"slices"
	"strings"

	"ydp1/models/deliberations/opinionmap"
)

// Size of the drawing in its own units; it scales to the width of its box.
const (
	width   = 420
	height  = 300
	padding = 44
	// minRadius is the radius of the region of a group too small to have a
	// hull (one or two places, or all on a line).
	minRadius = 16
)

// Palette tells groups apart for colour-blind readers too (Okabe and Ito);
// each region also carries its name, so colour is never the only sign.
var palette = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"}

// Labels are the words of the drawing, in the visitor's language.
type Labels struct {
	// Title names the map (e.g. "의견 지도").
	Title string
	// Description says in one sentence what the map shows.
	Description string
	// Group names a group from its position in the map's groups (e.g. "그룹 A").
	Group func(i int) string
	// Size says how many people a group has (e.g. "123명").
	Size func(n int) string
	// You marks the viewer's place (e.g. "나의 위치").
	You string
}

// GroupName is the name Polis gives a group: A, B, C … by position.
func GroupName(i int) string {
	if i < 26 {
		return string(rune('A' + i)) // #nosec G115 -- below 26
	}
	return fmt.Sprintf("%d", i+1)
}

// Draw returns the map m as an <svg> element. you is the viewer's participant
// id, 0 for none; their place is marked only if they are placed on the map.
// The same map and labels always give the same text.
func Draw(m *opinionmap.Map, you int64, l Labels) string {
	places := make(map[int64]opinionmap.Participant, len(m.Participants))
	var pts []pt
	for _, p := range m.Participants {
		if p.Placed {
			places[p.ID] = p
			pts = append(pts, pt{p.X, p.Y})
		}
	}
	f := fit(pts)

	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="opinion-map" viewBox="0 0 %d %d" role="img" aria-labelledby="opinion-map-title opinion-map-desc" xmlns="http://www.w3.org/2000/svg">`, width, height)
	fmt.Fprintf(&b, `<title id="opinion-map-title">%s</title><desc id="opinion-map-desc">%s</desc>`, html.EscapeString(l.Title), html.EscapeString(l.Description))
	fmt.Fprintf(&b, `<rect class="opinion-map-frame" x="0.5" y="0.5" width="%d" height="%d" rx="8" fill="#fff" stroke="#c9ccd1"/>`, width-1, height-1)
	var taken []box // the group names, which the viewer's mark must not cover
	for i, g := range m.Groups {
		colour := palette[i%len(palette)]
		var members []pt
		for _, id := range g.Members {
			if p, ok := places[id]; ok {
				members = append(members, f.at(pt{p.X, p.Y}))
			}
		}
		hull := convexHull(members)
		c := f.at(pt{g.X, g.Y})
		b.WriteString(`<g class="opinion-map-group">`)
		if len(hull) >= 3 {
			b.WriteString(`<polygon points="`)
			for k, q := range hull {
				if k > 0 {
					b.WriteByte(' ')
				}
				fmt.Fprintf(&b, "%.1f,%.1f", q.x, q.y)
			}
			fmt.Fprintf(&b, `" fill="%s" fill-opacity="0.18" stroke="%s" stroke-width="2" stroke-linejoin="round"/>`, colour, colour)
		} else {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="%d" fill="%s" fill-opacity="0.18" stroke="%s" stroke-width="2"/>`, c.x, c.y, minRadius, colour, colour)
		}
		name, size := l.Group(i), l.Size(len(g.Members))
		// the names stand at the group's centre, moved in where they would
		// cross the frame
		w := max(textWidth(name, 21), textWidth(size, 17))
		lx := min(max(c.x, w/2+6), width-w/2-6)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="21" font-weight="700" fill="#1b1d21">%s</text>`, lx, c.y-2, html.EscapeString(name))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="17" fill="#1b1d21">%s</text>`, lx, c.y+17, html.EscapeString(size))
		b.WriteString(`</g>`)
		taken = append(taken, box{lx - w/2, c.y - 22, lx + w/2, c.y + 22})
	}
	if p, ok := places[you]; ok && you != 0 {
		q := f.at(pt{p.X, p.Y})
		fmt.Fprintf(&b, `<g class="opinion-map-you"><circle cx="%.1f" cy="%.1f" r="7" fill="#1b1d21" stroke="#fff" stroke-width="3"/>`, q.x, q.y)
		x, y, anchor := youLabel(q, textWidth(l.You, 17), taken)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="%s" font-size="17" font-weight="700" fill="#1b1d21" paint-order="stroke" stroke="#fff" stroke-width="4">%s</text></g>`, x, y, anchor, html.EscapeString(l.You))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

type pt struct{ x, y float64 }

// box is the room a text takes in the drawing.
type box struct{ x0, y0, x1, y1 float64 }

func (a box) overlaps(b box) bool {
	return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
}

func (a box) inside() bool {
	return a.x0 >= 4 && a.y0 >= 4 && a.x1 <= width-4 && a.y1 <= height-4
}

// textWidth is about how wide a text is: Hangul and Hanzi a full em, other
// letters about half.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		if r >= 0x1100 {
			w += size
		} else {
			w += 0.6 * size
		}
	}
	return w
}

// youLabel places the name of the viewer's mark beside it: to the side away
// from the middle, else the other side, below or above, the first that covers
// no group's name and stays in the frame.
func youLabel(q pt, w float64, taken []box) (x, y float64, anchor string) {
	type place struct {
		x, y   float64
		anchor string
		room   box
	}
	right := place{q.x + 12, q.y + 6, "start", box{q.x + 12, q.y - 12, q.x + 12 + w, q.y + 9}}
	left := place{q.x - 12, q.y + 6, "end", box{q.x - 12 - w, q.y - 12, q.x - 12, q.y + 9}}
	below := place{q.x, q.y + 29, "middle", box{q.x - w/2, q.y + 12, q.x + w/2, q.y + 33}}
	above := place{q.x, q.y - 14, "middle", box{q.x - w/2, q.y - 31, q.x + w/2, q.y - 10}}
	order := []place{right, left, below, above}
	if q.x > width/2 {
		order[0], order[1] = left, right
	}
	for _, p := range order {
		free := p.room.inside()
		for _, t := range taken {
			free = free && !p.room.overlaps(t)
		}
		if free {
			return p.x, p.y, p.anchor
		}
	}
	return order[0].x, order[0].y, order[0].anchor
}

// frame maps the map's places into the drawing, the same scale on both axes
// so distances keep their meaning, centred.
type frame struct {
	scale, dx, dy float64
}

func fit(pts []pt) frame {
	if len(pts) == 0 {
		return frame{scale: 1, dx: width / 2, dy: height / 2}
	}
	minX, maxX, minY, maxY := pts[0].x, pts[0].x, pts[0].y, pts[0].y
	for _, p := range pts[1:] {
		minX, maxX = math.Min(minX, p.x), math.Max(maxX, p.x)
		minY, maxY = math.Min(minY, p.y), math.Max(maxY, p.y)
	}
	w, h := maxX-minX, maxY-minY
	scale := math.Inf(1)
	if w > 0 {
		scale = (width - 2*padding) / w
	}
	if h > 0 {
		scale = math.Min(scale, (height-2*padding)/h)
	}
	if math.IsInf(scale, 1) {
		scale = 1
	}
	return frame{
		scale: scale,
		dx:    width/2 - scale*(minX+maxX)/2,
		dy:    height/2 - scale*(minY+maxY)/2,
	}
}

func (f frame) at(p pt) pt {
	return pt{f.dx + f.scale*p.x, f.dy + f.scale*p.y}
}

// convexHull is Andrew's monotone chain: the hull's corners counter-clockwise,
// fewer than three when the points are fewer or on one line.
func convexHull(ps []pt) []pt {
	ps = slices.Clone(ps)
	slices.SortFunc(ps, func(a, b pt) int {
		return cmp.Or(cmp.Compare(a.x, b.x), cmp.Compare(a.y, b.y))
	})
	ps = slices.Compact(ps)
	if len(ps) < 3 {
		return nil
	}
	cross := func(o, a, b pt) float64 { return (a.x-o.x)*(b.y-o.y) - (a.y-o.y)*(b.x-o.x) }
	hull := make([]pt, 0, 2*len(ps))
	for _, p := range ps {
		for len(hull) >= 2 && cross(hull[len(hull)-2], hull[len(hull)-1], p) <= 0 {
			hull = hull[:len(hull)-1]
		}
		hull = append(hull, p)
	}
	lower := len(hull) + 1
	for i := len(ps) - 2; i >= 0; i-- {
		for len(hull) >= lower && cross(hull[len(hull)-2], hull[len(hull)-1], ps[i]) <= 0 {
			hull = hull[:len(hull)-1]
		}
		hull = append(hull, ps[i])
	}
	hull = hull[:len(hull)-1]
	if len(hull) < 3 {
		return nil
	}
	return hull
}
