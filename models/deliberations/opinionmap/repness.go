package opinionmap

import (
	"cmp"
	"math"
	"slices"
)

// z90 is the one-sided z value of 90% confidence Polis tests against.
const z90 = 1.2816

// Tally counts the votes on a statement.
type Tally struct {
	Agree    int
	Disagree int
	Pass     int
}

// Votes is how many voted, passes included.
func (t Tally) Votes() int { return t.Agree + t.Disagree + t.Pass }

// AgreeShare is the share of votes that agree, 0 without votes.
func (t Tally) AgreeShare() float64 { return share(t.Agree, t.Votes()) }

// DisagreeShare is the share of votes that disagree, 0 without votes.
func (t Tally) DisagreeShare() float64 { return share(t.Disagree, t.Votes()) }

// PassShare is the share of votes that pass, 0 without votes.
func (t Tally) PassShare() float64 { return share(t.Pass, t.Votes()) }

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// Add counts one vote: Agree, Disagree, or anything else as Pass.
func (t *Tally) Add(v int8) {
	switch v {
	case Agree:
		t.Agree++
	case Disagree:
		t.Disagree++
	default:
		t.Pass++
	}
}

func (t Tally) plus(o Tally) Tally {
	return Tally{t.Agree + o.Agree, t.Disagree + o.Disagree, t.Pass + o.Pass}
}

func (t Tally) minus(o Tally) Tally {
	return Tally{t.Agree - o.Agree, t.Disagree - o.Disagree, t.Pass - o.Pass}
}

// pseudo is Polis' probability with a pseudocount: (1 + n)/(2 + votes).
func pseudo(n, votes int) float64 {
	return float64(1+n) / float64(2+votes)
}

// propTest is Polis' one-proportion z statistic of n successes in votes
// trials against one half, with a pseudocount.
func propTest(n, votes int) float64 {
	s, v := float64(n+1), float64(votes+1)
	return 2 * math.Sqrt(v) * (s/v - 0.5)
}

// twoPropTest is Polis' two-proportion z statistic: n1 of votes1 against n2
// of votes2, each count plus one; 0 when every trial succeeded.
func twoPropTest(n1, n2, votes1, votes2 int) float64 {
	s1, s2 := float64(n1+1), float64(n2+1)
	v1, v2 := float64(votes1+1), float64(votes2+1)
	pi := (s1 + s2) / (v1 + v2)
	if pi == 1 {
		return 0
	}
	return (s1/v1 - s2/v2) / math.Sqrt(pi*(1-pi)*(1/v1+1/v2))
}

// Representative is a statement that sets a group apart, with Polis'
// statistics. For says which way: the group agrees (Agree) or disagrees
// (Disagree) with it more than the rest. With n the group's agrees (or
// disagrees) and v its votes, P = (1 + n)/(2 + v); PTest is the one-proportion
// z of P against one half; Ratio is P over the same probability for the
// members of the other groups; RatioTest the two-proportion z of group
// against rest. A statement is representative when, for agree or for
// disagree, both PTest and RatioTest exceed 1.2816 (90% one-sided); up to 5
// are kept, ordered by Ratio × RatioTest × P × PTest, agrees first. The
// statement the group agrees with best (BestAgree) leads the list; when no
// statement passes the tests, it alone is the list, or else the statement
// with the best test.
type Representative struct {
	Statement int64
	For       int8
	BestAgree bool
	// Group and Rest are the votes of the group's members and of the other
	// groups' members.
	Group     Tally
	Rest      Tally
	P         float64
	PTest     float64
	Ratio     float64
	RatioTest float64
}

// repStats are Polis' statistics of one statement in one group.
type repStats struct {
	col              int
	group, rest      Tally
	pa, pd, pat, pdt float64
	ra, rd, rat, rdt float64
	na, nd, ns       int
}

func newRepStats(col int, group, rest Tally) repStats {
	s := repStats{col: col, group: group, rest: rest, na: group.Agree, nd: group.Disagree, ns: group.Votes()}
	rs := rest.Votes()
	s.pa, s.pd = pseudo(s.na, s.ns), pseudo(s.nd, s.ns)
	s.pat, s.pdt = propTest(s.na, s.ns), propTest(s.nd, s.ns)
	s.ra = s.pa / pseudo(rest.Agree, rs)
	s.rd = s.pd / pseudo(rest.Disagree, rs)
	s.rat = twoPropTest(s.na, rest.Agree, s.ns, rs)
	s.rdt = twoPropTest(s.nd, rest.Disagree, s.ns, rs)
	return s
}

// final is Polis' finalize-cmt-stats: the statement counts for agree when
// its agree test beats its disagree test, else for disagree.
func (s repStats) final(stmt int64) Representative {
	r := Representative{Statement: stmt, Group: s.group, Rest: s.rest}
	if s.rat > s.rdt {
		r.For, r.P, r.PTest, r.Ratio, r.RatioTest = Agree, s.pa, s.pat, s.ra, s.rat
	} else {
		r.For, r.P, r.PTest, r.Ratio, r.RatioTest = Disagree, s.pd, s.pdt, s.rd, s.rdt
	}
	return r
}

func (s repStats) passes() bool {
	return (s.rat > z90 && s.pat > z90) || (s.rdt > z90 && s.pdt > z90)
}

// beatsBestAgree is Polis' beats-best-agr?.
func (s repStats) beatsBestAgree(best *repStats) bool {
	switch {
	case s.na == 0 && s.nd == 0:
		return false
	case best != nil && best.ra > 1:
		return s.ra*s.rat*s.pa*s.pat > best.ra*best.rat*best.pa*best.pat
	case best != nil:
		return s.pa*s.pat > best.pa*best.pat
	}
	return s.pat > z90 || (s.ra > 1 && s.pa > 0.5)
}

func repMetric(r Representative) float64 { return r.Ratio * r.RatioTest * r.P * r.PTest }

// representatives is Polis' select-rep-comments for one group: stats holds
// the group's statistics for every statement in the math, ascending id.
func representatives(stats []repStats, stmtID func(col int) int64) []Representative {
	var sufficient []Representative
	var best *Representative
	var bestAgree *repStats
	for i := range stats {
		s := &stats[i]
		if s.passes() {
			sufficient = append(sufficient, s.final(stmtID(s.col)))
		}
		if len(sufficient) == 0 && (best == nil || math.Max(s.rat, s.rdt) > best.RatioTest) {
			f := s.final(stmtID(s.col))
			best = &f
		}
		if s.beatsBestAgree(bestAgree) {
			bestAgree = s
		}
	}
	var head []Representative
	if bestAgree != nil {
		f := bestAgree.final(stmtID(bestAgree.col))
		f.BestAgree = true
		head = []Representative{f}
	}
	if len(sufficient) == 0 {
		if head == nil && best != nil {
			head = []Representative{*best}
		}
		return head
	}
	if bestAgree != nil {
		id := stmtID(bestAgree.col)
		sufficient = slices.DeleteFunc(sufficient, func(r Representative) bool { return r.Statement == id })
	}
	slices.SortStableFunc(sufficient, func(a, b Representative) int { return cmp.Compare(repMetric(b), repMetric(a)) })
	out := append(head, sufficient...)
	out = out[:min(5, len(out))]
	slices.SortStableFunc(out, func(a, b Representative) int { return cmp.Compare(-a.For, -b.For) })
	return out
}

// Consensus lists what the groups share: statements a majority of every
// group agrees with (Agree) or disagrees with (Disagree). A statement is
// listed when its pseudocount probability (1 + n)/(2 + votes) exceeds one
// half in every group and its one-proportion z over all voters exceeds
// 1.2816 (90% one-sided, Polis' consensus test); up to 5 each way, by
// group-informed consensus, highest first. Before anyone is placed, all
// voters count as one group.
type Consensus struct {
	Agree    []ConsensusStatement
	Disagree []ConsensusStatement
}

// ConsensusStatement is a statement of Consensus.
type ConsensusStatement struct {
	Statement int64
	// Score is its group-informed consensus that way:
	// Π over groups (1 + n_g)/(2 + votes_g).
	Score   float64
	Overall Tally
	// P and PTest are Polis' probability and z test over all voters.
	P     float64
	PTest float64
}

// Uncertain is a statement many were unsure of: more than 30% of its votes
// are passes. Up to 5 are listed, by passShare² × passes, highest first: the
// rule of Polis' report ("areas of uncertainty").
type Uncertain struct {
	Statement int64
	Overall   Tally
	PassShare float64
}

// Polis' report threshold and list length for uncertainty, and its list
// length for consensus.
const (
	uncertainShare = 0.3
	listLength     = 5
)

// groupConsensus is Π over groups (1 + n_g)/(2 + votes_g), with n_g the
// agrees (agree) or disagrees of group g.
func groupConsensus(byGroup []Tally, agree bool) float64 {
	p := 1.0
	for _, t := range byGroup {
		n := t.Disagree
		if agree {
			n = t.Agree
		}
		p *= pseudo(n, t.Votes())
	}
	return p
}

// priority is Polis' priority of a statement for the next voter:
// (importance × (1 + 8 × 2^(−S/5)))², importance = (1 − p)(E + 1)a, with
// p = (P + 1)/(S + 2) and a = (A + 1)/(S + 2) from the placed voters' agrees
// A, passes P and votes S, and E the statement's extremity; meta statements
// get 7² so that they come first.
func priority(meta bool, t Tally, extremity float64) float64 {
	if meta {
		return 49
	}
	s := t.Votes()
	p, a := pseudo(t.Pass, s), pseudo(t.Agree, s)
	imp := (1 - p) * (extremity + 1) * a
	v := imp * (1 + 8*math.Pow(2, -float64(s)/5))
	return v * v
}
