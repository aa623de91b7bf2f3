package opinionmap_test

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"ydp1/models/deliberations/opinionmap"
)

// oracleRep is one representative comment as Polis' repness.clj reports it.
type oracleRep struct {
	tid                         int64
	agree, bestAgree            bool
	p, pTest, repness, repnessZ float64
}

// polisRepness transcribes Polis' conv-repness and select-rep-comments
// (math/src/polismath/math/repness.clj, stats.clj) for the given groups,
// written apart from the package to check it: for each group id, the
// representative comments in Polis' order.
func polisRepness(in opinionmap.Input, groupOf map[int64]int) map[int][]oracleRep {
	out := map[int64]bool{}
	for _, s := range in.Statements {
		out[s.ID] = s.Removed || s.Meta
	}
	vote := map[[2]int64]int8{} // {participant, comment} → vote, the last one counting
	voted := map[int64]bool{}
	for _, v := range in.Votes {
		vote[[2]int64{v.Participant, v.Statement}] = v.Value
		voted[v.Statement] = true
	}
	var tids []int64
	for tid := range voted {
		if !out[tid] {
			tids = append(tids, tid)
		}
	}
	slices.Sort(tids)
	var gids []int
	members := map[int][]int64{}
	for pid, g := range groupOf {
		if members[g] == nil {
			gids = append(gids, g)
		}
		members[g] = append(members[g], pid)
	}
	slices.Sort(gids)

	type stats struct{ na, nd, ns, pa, pd, pat, pdt, ra, rd, rat, rdt float64 }
	propTest := func(succ, n float64) float64 { return 2 * math.Sqrt(n+1) * ((succ+1)/(n+1) - 0.5) }
	twoPropTest := func(s1, s2, n1, n2 float64) float64 {
		s1, s2, n1, n2 = s1+1, s2+1, n1+1, n2+1
		pi := (s1 + s2) / (n1 + n2)
		if pi == 1 {
			return 0
		}
		return (s1/n1 - s2/n2) / math.Sqrt(pi*(1-pi)*(1/n1+1/n2))
	}
	finalize := func(tid int64, s stats) oracleRep {
		if s.rat > s.rdt {
			return oracleRep{tid: tid, agree: true, p: s.pa, pTest: s.pat, repness: s.ra, repnessZ: s.rat}
		}
		return oracleRep{tid: tid, p: s.pd, pTest: s.pdt, repness: s.rd, repnessZ: s.rdt}
	}
	result := map[int][]oracleRep{}
	for _, g := range gids {
		var sufficient []oracleRep
		var best *oracleRep
		var bestAgree *stats
		var bestAgreeTid int64
		for _, tid := range tids {
			count := func(gs []int) (na, nd, ns float64) {
				for _, h := range gs {
					for _, pid := range members[h] {
						v, ok := vote[[2]int64{pid, tid}]
						if !ok {
							continue
						}
						ns++
						if v == 1 {
							na++
						} else if v == -1 {
							nd++
						}
					}
				}
				return
			}
			var rest []int
			for _, h := range gids {
				if h != g {
					rest = append(rest, h)
				}
			}
			na, nd, ns := count([]int{g})
			ra, rd, rs := count(rest)
			s := stats{na: na, nd: nd, ns: ns, pa: (1 + na) / (2 + ns), pd: (1 + nd) / (2 + ns), pat: propTest(na, ns), pdt: propTest(nd, ns)}
			s.ra = s.pa / ((1 + ra) / (2 + rs))
			s.rd = s.pd / ((1 + rd) / (2 + rs))
			s.rat = twoPropTest(na, ra, ns, rs)
			s.rdt = twoPropTest(nd, rd, ns, rs)

			if (s.rat > 1.2816 && s.pat > 1.2816) || (s.rdt > 1.2816 && s.pdt > 1.2816) {
				sufficient = append(sufficient, finalize(tid, s))
			}
			if len(sufficient) == 0 && (best == nil || math.Max(s.rat, s.rdt) > best.repnessZ) {
				f := finalize(tid, s)
				best = &f
			}
			beats := false
			switch {
			case s.na == 0 && s.nd == 0:
			case bestAgree != nil && bestAgree.ra > 1:
				beats = s.ra*s.rat*s.pa*s.pat > bestAgree.ra*bestAgree.rat*bestAgree.pa*bestAgree.pat
			case bestAgree != nil:
				beats = s.pa*s.pat > bestAgree.pa*bestAgree.pat
			default:
				beats = s.pat > 1.2816 || (s.ra > 1 && s.pa > 0.5)
			}
			if beats {
				sa := s
				bestAgree, bestAgreeTid = &sa, tid
			}
		}
		var head []oracleRep
		if bestAgree != nil {
			f := finalize(bestAgreeTid, *bestAgree)
			f.bestAgree = true
			head = []oracleRep{f}
		} else if best != nil {
			head = []oracleRep{*best}
		}
		if len(sufficient) == 0 {
			result[g] = head
			continue
		}
		var rest []oracleRep
		for _, r := range sufficient {
			if bestAgree == nil || r.tid != bestAgreeTid {
				rest = append(rest, r)
			}
		}
		metric := func(r oracleRep) float64 { return r.repness * r.repnessZ * r.p * r.pTest }
		slices.SortStableFunc(rest, func(a, b oracleRep) int {
			switch ma, mb := metric(a), metric(b); {
			case ma > mb:
				return -1
			case ma < mb:
				return 1
			}
			return 0
		})
		list := append(slices.Clone(head), rest...)
		list = list[:min(5, len(list))]
		var agrees, disagrees []oracleRep
		for _, r := range list {
			if r.agree {
				agrees = append(agrees, r)
			} else {
				disagrees = append(disagrees, r)
			}
		}
		result[g] = append(agrees, disagrees...)
	}
	return result
}

// checkRepresentatives compares the representative statements the package
// selects for the given groups with the transcription of Polis' rules, and
// the group-informed consensus with its product.
func checkRepresentatives(t *testing.T, in opinionmap.Input, groupOf map[int64]int) {
	t.Helper()
	m, err := opinionmap.WithGroups(in, groupOf)
	if err != nil {
		t.Fatal(err)
	}
	want := polisRepness(in, groupOf)
	same, total := 0, 0
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
	for _, g := range m.Groups {
		w := want[g.ID]
		total += len(w)
		for i, r := range g.Representative {
			if i >= len(w) {
				t.Errorf("group %d: statement %d beyond Polis' %d", g.ID, r.Statement, len(w))
				continue
			}
			o := w[i]
			if r.Statement != o.tid || (r.For == opinionmap.Agree) != o.agree || r.BestAgree != o.bestAgree ||
				!near(r.P, o.p) || !near(r.PTest, o.pTest) || !near(r.Ratio, o.repness) || !near(r.RatioTest, o.repnessZ) {
				t.Errorf("group %d, place %d: %+v, Polis' rules give %+v", g.ID, i, r, o)
				continue
			}
			same++
		}
		if len(g.Representative) < len(w) {
			t.Errorf("group %d: %d representative statements, Polis' rules give %d", g.ID, len(g.Representative), len(w))
		}
	}
	// group-informed consensus: Π over groups (agrees + 1)/(votes + 2)
	type key struct {
		tid int64
		gid int
	}
	agrees, votes := map[key]float64{}, map[key]float64{}
	last := map[[2]int64]int8{}
	for _, v := range in.Votes {
		last[[2]int64{v.Participant, v.Statement}] = v.Value
	}
	for pv, v := range last {
		if g, ok := groupOf[pv[0]]; ok {
			votes[key{pv[1], g}]++
			if v == opinionmap.Agree {
				agrees[key{pv[1], g}]++
			}
		}
	}
	for _, s := range m.Statements {
		if !s.InMath {
			continue
		}
		p := 1.0
		for _, g := range m.Groups {
			k := key{s.ID, g.ID}
			p *= (agrees[k] + 1) / (votes[k] + 2)
		}
		if !near(s.ConsensusAgree, p) {
			t.Errorf("statement %d: group-informed consensus %v, want %v", s.ID, s.ConsensusAgree, p)
		}
	}
	fmt.Printf("%-32s representative statements for Polis' groups: %d of %d as Polis' rules select them\n", "", same, total)
}
