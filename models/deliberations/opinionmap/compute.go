package opinionmap

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
)

// Map is the result of one computation.
type Map struct {
	// Participants holds everyone who voted, by ascending id.
	Participants []Participant
	// Groups are the opinion groups, by ascending id; none while nobody is
	// placed.
	Groups []Group
	// Statements holds every statement of the input, by ascending id.
	Statements []StatementResult
	Consensus  Consensus
	Uncertain  []Uncertain
}

// Participant is one voter's place on the map.
type Participant struct {
	ID int64
	// Votes counts the votes in the math (not on removed or meta statements).
	Votes int
	// Placed participants are drawn on the map and belong to a group.
	Placed bool
	// X and Y place the participant on the map; computed for everyone, drawn
	// only for the placed.
	X, Y float64
	// Group is the group's ID, −1 when not placed.
	Group int
}

// Group is an opinion group.
type Group struct {
	// ID stays with the group from run to run while the number of groups
	// holds.
	ID int
	// Members are the participant ids, ascending.
	Members []int64
	// X and Y are the centre: the mean place of the members.
	X, Y float64
	// Representative are its representative statements (see Representative).
	Representative []Representative
}

// StatementResult is how one statement was voted.
type StatementResult struct {
	ID int64
	// InMath says the statement counted in the map: not removed, not meta,
	// voted on.
	InMath  bool
	Removed bool
	Meta    bool
	// Overall counts every vote; ByGroup the votes of each group's members,
	// in the order of Map.Groups.
	Overall Tally
	ByGroup []Tally
	// ConsensusAgree and ConsensusDisagree are the group-informed consensus
	// Π over groups (1 + n_g)/(2 + votes_g), n_g the group's agrees or
	// disagrees; 0 for statements out of the math.
	ConsensusAgree    float64
	ConsensusDisagree float64
	// Extremity is how far from the centre the statement pulls those who
	// agree with it (Polis' comment extremity); 0 out of the math.
	Extremity float64
	// Priority is Polis' weight for showing the statement to the next voter:
	// (importance × (1 + 8 × 2^(−S/5)))², importance = (1 − p)(E + 1)a, with
	// p = (P + 1)/(S + 2) and a = (A + 1)/(S + 2) from the placed voters'
	// agrees A, passes P and votes S, and E the Extremity; 49 for meta
	// statements, so that they come first; 0 for removed statements.
	Priority float64
}

// Compute computes the map of in, continuing from prev (nil for the first
// run), and returns it with the state to pass to the next run.
func Compute(in Input, prev *State) (*Map, *State, error) {
	cfg := in.Config.withDefaults()
	m, err := buildVotes(&in)
	if err != nil {
		return nil, nil, err
	}
	c := centre(m)
	next := &State{}
	xy := c.place(m, prev, next, cfg)

	placed := placedRows(m, c, prev, cfg)
	pts := make([]point, len(placed))
	for i, r := range placed {
		pts[i] = point{id: m.pids[r], x: xy[r][0], y: xy[r][1], w: 1}
		next.Placed = append(next.Placed, m.pids[r])
	}
	var lastBase []Cluster
	if prev != nil {
		lastBase = prev.BaseClusters
	}
	base := kmeans(pts, cfg.BaseK, lastBase, cfg.BaseIters)
	next.BaseClusters = publicClusters(pts, base)
	groups, clusterings, kc := chooseGroups(base, prev, cfg)
	next.GroupClusterings, next.K = clusterings, kc

	groupOf := make([]int, len(m.pids)) // row → group id, −1 when none
	for i := range groupOf {
		groupOf[i] = -1
	}
	for _, g := range groups {
		for _, b := range g.members {
			for _, p := range base[b].members {
				groupOf[placed[p]] = g.id
			}
		}
	}
	return describe(m, c, xy, groupOf, next.Components), next, nil
}

// WithGroups is the map of in for groups given from outside, such as the
// groups Polis published for a conversation: groupOf maps participant ids to
// group ids (0 or more); participants not in it are not placed. Places and
// everything about the statements are computed as Compute computes them.
func WithGroups(in Input, groupOf map[int64]int) (*Map, error) {
	cfg := in.Config.withDefaults()
	m, err := buildVotes(&in)
	if err != nil {
		return nil, err
	}
	c := centre(m)
	next := &State{}
	xy := c.place(m, nil, next, cfg)
	rows := make([]int, len(m.pids))
	for r, id := range m.pids {
		rows[r] = -1
		if g, ok := groupOf[id]; ok {
			if g < 0 {
				return nil, fmt.Errorf("participant %d: group %d is negative", id, g)
			}
			rows[r] = g
		}
	}
	return describe(m, c, xy, rows, next.Components), nil
}

// place computes the components into next and places every participant.
func (c *centred) place(m *votes, prev *State, next *State, cfg Config) [][2]float64 {
	next.Statements = make([]int64, len(c.stmt))
	for j, s := range c.stmt {
		next.Statements[j] = m.stmts[s].ID
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, cfg.Seed)) // #nosec G404 -- a reproducible start vector, no secret
	next.Components = c.components(prev.startVectors(next.Statements), cfg.PCAIters, rng)
	return c.project(next.Components)
}

// describe builds the map from the places and the group of each row.
func describe(m *votes, c *centred, xy [][2]float64, groupOf []int, pc [2][]float64) *Map {
	out := &Map{}
	index := map[int]int{} // group id → index in out.Groups
	var ids []int
	for _, g := range groupOf {
		if _, ok := index[g]; g >= 0 && !ok {
			index[g] = 0
			ids = append(ids, g)
		}
	}
	slices.Sort(ids)
	for i, id := range ids {
		index[id] = i
		out.Groups = append(out.Groups, Group{ID: id})
	}
	rowGroup := make([]int, len(groupOf))
	out.Participants = make([]Participant, len(m.pids))
	for r, id := range m.pids {
		p := Participant{ID: id, Votes: c.nVotes[r], X: xy[r][0], Y: xy[r][1], Group: groupOf[r]}
		rowGroup[r] = -1
		if p.Group >= 0 {
			p.Placed = true
			rowGroup[r] = index[p.Group]
			g := &out.Groups[rowGroup[r]]
			g.Members = append(g.Members, id)
			g.X += p.X
			g.Y += p.Y
		}
		out.Participants[r] = p
	}
	for i := range out.Groups {
		g := &out.Groups[i]
		g.X /= float64(len(g.Members))
		g.Y /= float64(len(g.Members))
	}
	out.statements(m, c, rowGroup, pc)
	return out
}

// startVectors are the last run's components laid out for this run's
// statements; a statement new to the math starts at 0.
func (s *State) startVectors(stmts []int64) [2][]float64 {
	var v [2][]float64
	if s == nil || len(s.Statements) == 0 {
		return v
	}
	for i := range v {
		v[i] = make([]float64, len(stmts))
		if len(s.Components[i]) != len(s.Statements) {
			return [2][]float64{}
		}
	}
	j := 0
	for i, id := range s.Statements {
		for j < len(stmts) && stmts[j] < id {
			j++
		}
		if j < len(stmts) && stmts[j] == id {
			v[0][j], v[1][j] = s.Components[0][i], s.Components[1][i]
		}
	}
	return v
}

// placedRows are the rows of the participants on the map, ascending: those
// with at least min(MinVotes, statements) votes in the math, those placed
// before, and while fewer than MinPlaced, the most active others (ties by
// id). Nobody without a vote in the math is placed.
func placedRows(m *votes, c *centred, prev *State, cfg Config) []int {
	need := min(cfg.MinVotes, len(c.stmt))
	in := make([]bool, len(m.pids))
	n := 0
	for r, v := range c.nVotes {
		if v > 0 && v >= need {
			in[r] = true
			n++
		}
	}
	if prev != nil {
		r := 0
		for _, id := range prev.Placed {
			for r < len(m.pids) && m.pids[r] < id {
				r++
			}
			if r < len(m.pids) && m.pids[r] == id && !in[r] && c.nVotes[r] > 0 {
				in[r] = true
				n++
			}
		}
	}
	if n < cfg.MinPlaced {
		var rest []int
		for r, v := range c.nVotes {
			if !in[r] && v > 0 {
				rest = append(rest, r)
			}
		}
		slices.SortStableFunc(rest, func(a, b int) int { return cmp.Compare(c.nVotes[b], c.nVotes[a]) })
		for _, r := range rest[:min(len(rest), cfg.MinPlaced-n)] {
			in[r] = true
		}
	}
	var rows []int
	for r, ok := range in {
		if ok {
			rows = append(rows, r)
		}
	}
	return rows
}

// statements fills the per-statement results, the representative
// statements, consensus and uncertainty.
func (out *Map) statements(m *votes, c *centred, groupOf []int, pc [2][]float64) {
	ng := len(out.Groups)
	overall := make([]Tally, len(m.stmts))
	byGroup := make([]Tally, len(m.stmts)*ng)
	for r := range m.pids {
		g := groupOf[r]
		for k := m.rowPtr[r]; k < m.rowPtr[r+1]; k++ {
			s := int(m.cols[k])
			overall[s].Add(m.vals[k])
			if g >= 0 {
				byGroup[s*ng+g].Add(m.vals[k])
			}
		}
	}
	colOf := make([]int, len(m.stmts))
	for s := range colOf {
		colOf[s] = -1
	}
	for j, s := range c.stmt {
		colOf[s] = j
	}
	out.Statements = make([]StatementResult, len(m.stmts))
	for s, st := range m.stmts {
		r := StatementResult{ID: st.ID, InMath: colOf[s] >= 0, Removed: st.Removed, Meta: st.Meta,
			Overall: overall[s], ByGroup: byGroup[s*ng : (s+1)*ng : (s+1)*ng]}
		consensusGroups := r.ByGroup
		if ng == 0 {
			consensusGroups = []Tally{r.Overall}
		}
		if r.InMath {
			r.ConsensusAgree = groupConsensus(consensusGroups, true)
			r.ConsensusDisagree = groupConsensus(consensusGroups, false)
			r.Extremity = c.extremity(pc, colOf[s])
		}
		var placedVotes Tally
		for _, t := range r.ByGroup {
			placedVotes = placedVotes.plus(t)
		}
		if !st.Removed {
			r.Priority = priority(st.Meta, placedVotes, r.Extremity)
		}
		out.Statements[s] = r
	}

	for gi := range out.Groups {
		stats := make([]repStats, len(c.stmt))
		for j, s := range c.stmt {
			var all Tally
			for _, t := range byGroup[s*ng : (s+1)*ng] {
				all = all.plus(t)
			}
			stats[j] = newRepStats(s, byGroup[s*ng+gi], all.minus(byGroup[s*ng+gi]))
		}
		out.Groups[gi].Representative = representatives(stats, func(s int) int64 { return m.stmts[s].ID })
	}
	out.Consensus.Agree = consensusList(out.Statements, consensusGroupsOf(ng), true)
	out.Consensus.Disagree = consensusList(out.Statements, consensusGroupsOf(ng), false)
	out.Uncertain = uncertainList(out.Statements)
}

// consensusGroupsOf returns the tallies consensus looks at: each group's,
// or, before anyone is placed, everyone's as one.
func consensusGroupsOf(ng int) func(StatementResult) []Tally {
	return func(r StatementResult) []Tally {
		if ng == 0 {
			return []Tally{r.Overall}
		}
		return r.ByGroup
	}
}

func consensusList(stmts []StatementResult, groups func(StatementResult) []Tally, agree bool) []ConsensusStatement {
	var list []ConsensusStatement
	for _, r := range stmts {
		if !r.InMath {
			continue
		}
		ok := true
		for _, t := range groups(r) {
			n := t.Disagree
			if agree {
				n = t.Agree
			}
			ok = ok && pseudo(n, t.Votes()) > 0.5
		}
		n, score := r.Overall.Disagree, r.ConsensusDisagree
		if agree {
			n, score = r.Overall.Agree, r.ConsensusAgree
		}
		cs := ConsensusStatement{Statement: r.ID, Score: score, Overall: r.Overall,
			P: pseudo(n, r.Overall.Votes()), PTest: propTest(n, r.Overall.Votes())}
		if ok && cs.PTest > z90 {
			list = append(list, cs)
		}
	}
	slices.SortStableFunc(list, func(a, b ConsensusStatement) int { return cmp.Compare(b.Score, a.Score) })
	return list[:min(listLength, len(list)):min(listLength, len(list))]
}

func uncertainList(stmts []StatementResult) []Uncertain {
	var list []Uncertain
	for _, r := range stmts {
		if r.InMath && r.Overall.PassShare() > uncertainShare {
			list = append(list, Uncertain{Statement: r.ID, Overall: r.Overall, PassShare: r.Overall.PassShare()})
		}
	}
	key := func(u Uncertain) float64 { return u.PassShare * u.PassShare * float64(u.Overall.Pass) }
	slices.SortStableFunc(list, func(a, b Uncertain) int { return cmp.Compare(key(b), key(a)) })
	return list[:min(listLength, len(list)):min(listLength, len(list))]
}
