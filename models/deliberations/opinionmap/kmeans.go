package opinionmap

import (
	"cmp"
	"math"
	"slices"
)

// point is one thing k-means clusters: a participant, or a base cluster
// weighted by its members.
type point struct {
	id   int64
	x, y float64
	w    float64
}

// cluster is a k-means cluster; members index the points.
type cluster struct {
	id      int
	members []int32
	x, y    float64
}

// sameCentre is Polis' test that k-means has settled: no centre moved by
// this much in a step.
const sameCentre = 0.01

// kmeans is Polis' k-means: started from last (member ids of the previous
// run) when there is one, else from the first k distinct points; then steps
// of assigning each point to its nearest centre and moving each centre to
// its members' weighted mean, dropping empty clusters, until no centre moves
// by 0.01 or maxIters+1 steps were made. pts must be in ascending id order.
func kmeans(pts []point, k int, last []Cluster, maxIters int) []cluster {
	var cl []cluster
	if len(last) > 0 {
		cl = cleanStart(pts, last, k)
	} else {
		cl = initClusters(pts, k)
	}
	for it := maxIters; ; it-- {
		next := step(pts, cl)
		if it <= 0 || sameClustering(cl, next) {
			return next
		}
		cl = next
	}
}

// initClusters centres k clusters on the first k distinct points.
func initClusters(pts []point, k int) []cluster {
	seen := map[[2]float64]bool{}
	var cl []cluster
	for _, p := range pts {
		if len(cl) == k {
			break
		}
		key := [2]float64{p.x, p.y}
		if seen[key] {
			continue
		}
		seen[key] = true
		cl = append(cl, cluster{id: len(cl), x: p.x, y: p.y})
	}
	return cl
}

// step assigns every point to its nearest centre (the first in id order on a
// tie) and moves the centres to their members' weighted means; clusters left
// without members are dropped.
func step(pts []point, cl []cluster) []cluster {
	next := make([]cluster, len(cl))
	for i, c := range cl {
		next[i] = cluster{id: c.id, x: c.x, y: c.y}
	}
	near := newNearest(cl)
	for i, p := range pts {
		best, _ := near.find(p.x, p.y)
		next[best].members = append(next[best].members, int32(i)) // #nosec G115 -- point count fits in memory
	}
	out := next[:0]
	for _, c := range next {
		if len(c.members) > 0 {
			c.x, c.y = weightedMean(pts, c.members)
			out = append(out, c)
		}
	}
	return out
}

func weightedMean(pts []point, members []int32) (x, y float64) {
	var w float64
	for _, m := range members {
		p := pts[m]
		x += p.w * p.x
		y += p.w * p.y
		w += p.w
	}
	if w == 0 {
		return 0, 0
	}
	return x / w, y / w
}

// sameClustering says a step moved no centre by sameCentre or more and
// dropped no cluster.
func sameClustering(a, b []cluster) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].id != b[i].id || math.Hypot(a[i].x-b[i].x, a[i].y-b[i].y) >= sameCentre {
			return false
		}
	}
	return true
}

// cleanStart turns the previous run's clusters into the start of this one,
// as Polis' clean-start-clusters does: each cluster recentred on its members'
// new places (members gone are dropped, clusters left empty too), clusters
// with the same centre merged, and while there are fewer than k clusters and
// more distinct points, the point farthest from every centre split off as a
// cluster of its own.
func cleanStart(pts []point, last []Cluster, k int) []cluster {
	var cl []cluster
	maxID := -1
	for _, l := range last {
		maxID = max(maxID, l.ID)
		c := cluster{id: l.ID}
		for _, id := range l.Members {
			if i, ok := slices.BinarySearchFunc(pts, id, func(p point, id int64) int { return cmpInt64(p.id, id) }); ok {
				c.members = append(c.members, int32(i)) // #nosec G115 -- point count fits in memory
			}
		}
		if len(c.members) == 0 {
			continue
		}
		c.x, c.y = weightedMean(pts, c.members)
		// identical centres are one cluster: the larger keeps its id
		if j := slices.IndexFunc(cl, func(o cluster) bool { return o.x == c.x && o.y == c.y }); j >= 0 {
			if len(c.members) > len(cl[j].members) {
				cl[j].id = c.id
			}
			cl[j].members = append(cl[j].members, c.members...)
			continue
		}
		cl = append(cl, c)
	}
	if len(cl) == 0 {
		all := make([]int32, len(pts))
		for i := range all {
			all[i] = int32(i) // #nosec G115 -- point count fits in memory
		}
		c := cluster{id: maxID + 1, members: all}
		c.x, c.y = weightedMean(pts, all)
		return []cluster{c}
	}
	slices.SortFunc(cl, func(a, b cluster) int { return a.id - b.id })
	if len(cl) >= k {
		return cl
	}
	possible := min(k, distinctPoints(pts))
	for len(cl) < possible {
		far, farD := -1, 0.0
		near := newNearest(cl)
		for i, p := range pts {
			if _, d := near.find(p.x, p.y); d > farD {
				far, farD = i, d
			}
		}
		if far < 0 {
			break
		}
		for j := range cl {
			cl[j].members = slices.DeleteFunc(cl[j].members, func(m int32) bool { return int(m) == far })
		}
		cl = slices.DeleteFunc(cl, func(c cluster) bool { return len(c.members) == 0 })
		for j := range cl {
			cl[j].x, cl[j].y = weightedMean(pts, cl[j].members)
		}
		id := 0
		for _, c := range cl {
			id = max(id, c.id+1)
		}
		cl = append(cl, cluster{id: id, members: []int32{int32(far)}, x: pts[far].x, y: pts[far].y}) // #nosec G115 -- point count fits in memory
	}
	return cl
}

func distinctPoints(pts []point) int {
	seen := make(map[[2]float64]struct{}, len(pts))
	for _, p := range pts {
		seen[[2]float64{p.x, p.y}] = struct{}{}
	}
	return len(seen)
}

// nearest finds the centre nearest a point among the centres sorted by x:
// from the point's x outwards, until the gap in x alone is farther than the
// best so far. It gives what comparing every centre gives, ties included.
type nearest struct {
	xs, ys []float64
	index  []int // position in the clusters
}

func newNearest(cl []cluster) *nearest {
	n := &nearest{index: make([]int, len(cl))}
	for i := range n.index {
		n.index[i] = i
	}
	slices.SortFunc(n.index, func(a, b int) int {
		if c := cmp.Compare(cl[a].x, cl[b].x); c != 0 {
			return c
		}
		return a - b
	})
	n.xs, n.ys = make([]float64, len(cl)), make([]float64, len(cl))
	for i, c := range n.index {
		n.xs[i], n.ys[i] = cl[c].x, cl[c].y
	}
	return n
}

// find returns the position of the nearest centre (the first in cluster
// order on a tie) and the squared distance to it.
func (n *nearest) find(x, y float64) (int, float64) {
	best, bestD := -1, math.Inf(1)
	try := func(i int) {
		dx, dy := n.xs[i]-x, n.ys[i]-y
		if d := dx*dx + dy*dy; d < bestD || (d == bestD && n.index[i] < best) {
			best, bestD = n.index[i], d
		}
	}
	start, _ := slices.BinarySearch(n.xs, x)
	for i := start; i < len(n.xs); i++ {
		if dx := n.xs[i] - x; dx*dx > bestD {
			break
		}
		try(i)
	}
	for i := start - 1; i >= 0; i-- {
		if dx := x - n.xs[i]; dx*dx > bestD {
			break
		}
		try(i)
	}
	return best, bestD
}
