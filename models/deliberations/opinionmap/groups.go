package opinionmap

import (
	"math"
)

// groupPoints are the base clusters as points for the group k-means,
// weighted by their members.
func groupPoints(base []cluster) []point {
	pts := make([]point, len(base))
	for i, b := range base {
		pts[i] = point{id: int64(b.id), x: b.x, y: b.y, w: float64(len(b.members))}
	}
	return pts
}

// maxGroups is Polis' largest k for n base clusters: one more group for
// every 12 base clusters, from 2 up to maxK.
func maxGroups(n, maxK int) int {
	return min(maxK, 2+n/12)
}

// chooseGroups clusters the base clusters into groups for every k from 2 to
// maxGroups and picks k by silhouette, smoothed over runs. It returns the
// chosen groups (members index base), every clustering tried, and the
// choice. With fewer than two base clusters there is one group, or none.
func chooseGroups(base []cluster, prev *State, cfg Config) ([]cluster, []Clustering, KChoice) {
	pts := groupPoints(base)
	var kc KChoice
	if prev != nil {
		kc = prev.K
	}
	if len(pts) < 2 {
		if len(pts) == 0 {
			return nil, nil, kc
		}
		return []cluster{{id: 0, members: []int32{0}, x: pts[0].x, y: pts[0].y}}, nil, kc
	}
	byK := map[int][]cluster{}
	var all []Clustering
	best, bestS := 0, math.Inf(-1)
	for k := 2; k <= maxGroups(len(pts), cfg.MaxK); k++ {
		cl := kmeans(pts, k, prev.clustering(k), cfg.GroupIters)
		byK[k] = cl
		all = append(all, Clustering{K: k, Clusters: publicClusters(pts, cl)})
		if s := silhouette(pts, cl); s > bestS {
			best, bestS = k, s
		}
	}
	runs := 1
	if kc.Best == best {
		runs = kc.Runs + 1
	}
	chosen := kc.Chosen
	if runs >= cfg.KRuns || byK[chosen] == nil {
		chosen = best
	}
	return byK[chosen], all, KChoice{Best: best, Runs: runs, Chosen: chosen}
}

// silhouette is the mean silhouette of the points (unweighted, as Polis
// computes it over base clusters): for each point, a is its mean distance
// to the rest of its cluster, b its smallest mean distance to another
// cluster, and its silhouette (b − a)/max(a, b), 0 when alone in its
// cluster. A clustering of fewer than two clusters scores −1.
func silhouette(pts []point, cl []cluster) float64 {
	if len(cl) < 2 {
		return -1
	}
	label := make([]int, len(pts))
	for c, cc := range cl {
		for _, m := range cc.members {
			label[m] = c
		}
	}
	sums := make([]float64, len(cl))
	total := 0.0
	for i, p := range pts {
		clear(sums)
		for j, q := range pts {
			if i != j {
				sums[label[j]] += math.Hypot(p.x-q.x, p.y-q.y)
			}
		}
		own := label[i]
		if len(cl[own].members) == 1 {
			continue
		}
		a := sums[own] / float64(len(cl[own].members)-1)
		b := math.Inf(1)
		for c := range cl {
			if c != own {
				b = math.Min(b, sums[c]/float64(len(cl[c].members)))
			}
		}
		if d := math.Max(a, b); d > 0 {
			total += (b - a) / d
		}
	}
	return total / float64(len(pts))
}

// publicClusters turns clusters into their stored form, members by id.
func publicClusters(pts []point, cl []cluster) []Cluster {
	out := make([]Cluster, len(cl))
	for i, c := range cl {
		ids := make([]int64, len(c.members))
		for j, m := range c.members {
			ids[j] = pts[m].id
		}
		out[i] = Cluster{ID: c.id, Members: ids, X: c.x, Y: c.y}
	}
	return out
}
