package opinionmap

import (
	"fmt"
	"math/bits"
	"slices"
)

// Vote values, with the export's signs.
const (
	Agree    int8 = 1
	Disagree int8 = -1
	Pass     int8 = 0
)

// Vote is one participant's vote on one statement.
type Vote struct {
	Participant int64
	Statement   int64
	// Value is Agree, Disagree or Pass.
	Value int8
}

// Statement is a statement of the 공론장 as the math sees it.
type Statement struct {
	ID int64
	// Removed statements (moderated out) are out of the math; their votes are
	// still tallied.
	Removed bool
	// Meta statements are questions about the participants (age, area): out
	// of the math like removed ones, tallied by group, shown first to voters.
	Meta bool
}

// Input is everything one computation needs.
type Input struct {
	// Statements lists every statement; a vote on a statement not listed is
	// an error.
	Statements []Statement
	// Votes holds one vote per participant and statement; when a pair comes
	// twice, the later one counts.
	Votes []Vote
	// Config tunes the computation; its zero value is Polis' settings.
	Config Config
}

// Config holds Polis' parameters. A zero field takes the default in its
// comment.
type Config struct {
	// BaseK is the number of base clusters (100).
	BaseK int
	// MaxK is the largest number of groups (5).
	MaxK int
	// KRuns is how many runs in a row a new number of groups must win before
	// it is taken (4).
	KRuns int
	// MinVotes places participants with at least min(MinVotes, statements)
	// votes (7).
	MinVotes int
	// MinPlaced: while fewer participants than this are placed, the most
	// active others are placed too (15).
	MinPlaced int
	// PCAIters caps the power iterations (100).
	PCAIters int
	// BaseIters caps the k-means steps of the base clusters (100).
	BaseIters int
	// GroupIters caps the k-means steps of the groups (20: Polis passes its
	// group-iters option under a name its k-means ignores, so its default 20
	// applies).
	GroupIters int
	// Seed seeds the first run's starting vector (1).
	Seed uint64
}

func (c Config) withDefaults() Config {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.BaseK, 100)
	def(&c.MaxK, 5)
	def(&c.KRuns, 4)
	def(&c.MinVotes, 7)
	def(&c.MinPlaced, 15)
	def(&c.PCAIters, 100)
	def(&c.BaseIters, 100)
	def(&c.GroupIters, 20)
	if c.Seed == 0 {
		c.Seed = 1
	}
	return c
}

// votes is the vote matrix in compressed rows: participants (ascending id)
// × statements (ascending id), only the votes cast.
type votes struct {
	pids   []int64 // participant ids, ascending
	stmts  []Statement
	rowPtr []int   // row i is cols[rowPtr[i]:rowPtr[i+1]]
	cols   []int32 // statement index, ascending within a row
	vals   []int8
}

// buildVotes checks the input and builds the vote matrix.
func buildVotes(in *Input) (*votes, error) {
	m := &votes{stmts: slices.Clone(in.Statements)}
	slices.SortFunc(m.stmts, func(a, b Statement) int { return cmpInt64(a.ID, b.ID) })
	for i := 1; i < len(m.stmts); i++ {
		if m.stmts[i].ID == m.stmts[i-1].ID {
			return nil, fmt.Errorf("statement %d listed twice", m.stmts[i].ID)
		}
	}
	stmtIndex := indexer(len(m.stmts), func(i int) int64 { return m.stmts[i].ID })

	// participants in order of first vote, then renumbered by id
	first := map[int64]int32{}
	var firstIDs []int64
	var runStart []int // first vote of each participant
	grouped := true    // each participant's votes come in one run
	ascending := true  // and within it by ascending statement id, once each
	vcol := make([]int32, len(in.Votes))
	lastID, lastRow := int64(0), int32(-1)
	for i, v := range in.Votes {
		if v.Value < -1 || v.Value > 1 {
			return nil, fmt.Errorf("vote of participant %d on statement %d is %d, not 1, -1 or 0", v.Participant, v.Statement, v.Value)
		}
		c, ok := stmtIndex(v.Statement)
		if !ok {
			return nil, fmt.Errorf("vote of participant %d on statement %d, which is not listed", v.Participant, v.Statement)
		}
		vcol[i] = c
		if lastRow >= 0 && v.Participant == lastID {
			ascending = ascending && c > vcol[i-1]
			continue
		}
		r, seen := first[v.Participant]
		if !seen {
			r = int32(len(firstIDs)) // #nosec G115 -- fewer participants than votes, and votes fit in memory
			first[v.Participant] = r
			firstIDs = append(firstIDs, v.Participant)
			runStart = append(runStart, i)
		}
		grouped = grouped && !seen
		lastID, lastRow = v.Participant, r
	}
	runStart = append(runStart, len(in.Votes))
	order := make([]int32, len(firstIDs))
	for i := range order {
		order[i] = int32(i) // #nosec G115 -- as above
	}
	slices.SortFunc(order, func(a, b int32) int { return cmpInt64(firstIDs[a], firstIDs[b]) })
	m.pids = make([]int64, len(firstIDs))
	for r, o := range order {
		m.pids[r] = firstIDs[o]
	}
	m.rowPtr = make([]int, len(m.pids)+1)
	m.cols = make([]int32, 0, len(in.Votes))
	m.vals = make([]int8, 0, len(in.Votes))

	// the usual input, ordered by participant and statement, is copied
	if grouped && ascending {
		for r, o := range order {
			lo, hi := runStart[o], runStart[o+1]
			m.cols = append(m.cols, vcol[lo:hi]...)
			for _, v := range in.Votes[lo:hi] {
				m.vals = append(m.vals, v.Value)
			}
			m.rowPtr[r+1] = len(m.cols)
		}
		return m, nil
	}

	// else each participant's votes are gathered, the last vote of a pair kept
	rowVotes := func(o int32, yield func(col int32, val int8)) {
		for i := runStart[o]; i < runStart[o+1]; i++ {
			yield(vcol[i], in.Votes[i].Value)
		}
	}
	if !grouped {
		rank := make([]int32, len(firstIDs))
		for r, o := range order {
			rank[o] = int32(r) // #nosec G115 -- as above
		}
		start := make([]int, len(m.pids)+1)
		vrow := make([]int32, len(in.Votes))
		for i, v := range in.Votes {
			vrow[i] = first[v.Participant]
			start[rank[vrow[i]]+1]++
		}
		for i := 1; i < len(start); i++ {
			start[i] += start[i-1]
		}
		bcol := make([]int32, len(in.Votes))
		bval := make([]int8, len(in.Votes))
		next := slices.Clone(start[:len(m.pids)])
		for i, o := range vrow {
			r := rank[o]
			bcol[next[r]] = vcol[i]
			bval[next[r]] = in.Votes[i].Value
			next[r]++
		}
		rowVotes = func(o int32, yield func(col int32, val int8)) {
			r := rank[o]
			for k := start[r]; k < start[r+1]; k++ {
				yield(bcol[k], bval[k])
			}
		}
	}
	seen := make([]uint64, (len(m.stmts)+63)/64)
	value := make([]int8, len(m.stmts))
	for r, o := range order {
		rowVotes(o, func(c int32, v int8) {
			seen[c/64] |= 1 << (c % 64)
			value[c] = v
		})
		for w, bitsLeft := range seen {
			for bitsLeft != 0 {
				c := int32(w*64 + bits.TrailingZeros64(bitsLeft)) // #nosec G115 -- statement count fits in memory
				m.cols = append(m.cols, c)
				m.vals = append(m.vals, value[c])
				bitsLeft &= bitsLeft - 1
			}
			seen[w] = 0
		}
		m.rowPtr[r+1] = len(m.cols)
	}
	return m, nil
}

// indexer returns a lookup from id to position for n ids ascending by pos:
// a table when the ids are dense, else a map.
func indexer(n int, id func(int) int64) func(int64) (int32, bool) {
	if n == 0 {
		return func(int64) (int32, bool) { return 0, false }
	}
	lo, hi := id(0), id(n-1)
	if span := hi - lo; span >= 0 && span < int64(4*n+64) {
		table := make([]int32, span+1)
		for i := range table {
			table[i] = -1
		}
		for i := range n {
			table[id(i)-lo] = int32(i) // #nosec G115 -- n fits in memory
		}
		return func(v int64) (int32, bool) {
			if v < lo || v > hi || table[v-lo] < 0 {
				return 0, false
			}
			return table[v-lo], true
		}
	}
	m := make(map[int64]int32, n)
	for i := range n {
		m[id(i)] = int32(i) // #nosec G115 -- n fits in memory
	}
	return func(v int64) (int32, bool) {
		i, ok := m[v]
		return i, ok
	}
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
