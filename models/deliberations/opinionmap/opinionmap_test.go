package opinionmap

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

func TestPolisTests(t *testing.T) {
	// prop-test: 2·√(n+1)·((s+1)/(n+1) − ½)
	if got, want := propTest(8, 10), 2*math.Sqrt(11)*(9.0/11-0.5); math.Abs(got-want) > 1e-12 {
		t.Errorf("propTest(8, 10) = %v, want %v", got, want)
	}
	// two-prop-test of 8/10 against 2/10: p̂ = 12/22
	pi := 12.0 / 22
	want := (9.0/11 - 3.0/11) / math.Sqrt(pi*(1-pi)*(2.0/11))
	if got := twoPropTest(8, 2, 10, 10); math.Abs(got-want) > 1e-12 {
		t.Errorf("twoPropTest(8, 2, 10, 10) = %v, want %v", got, want)
	}
	if got := twoPropTest(5, 3, 5, 3); got != 0 {
		t.Errorf("twoPropTest with every trial a success = %v, want 0", got)
	}
	if got := pseudo(3, 4); got != 4.0/6 {
		t.Errorf("pseudo(3, 4) = %v", got)
	}
}

// randomInput votes on a share of the statements at random.
func randomInput(seed uint64, participants, statements int, voted float64) Input {
	rng := rand.New(rand.NewPCG(seed, 1))
	var in Input
	for s := range statements {
		in.Statements = append(in.Statements, Statement{ID: int64(s)})
	}
	for p := range participants {
		for s := range statements {
			if rng.Float64() < voted {
				in.Votes = append(in.Votes, Vote{Participant: int64(p), Statement: int64(s), Value: int8(rng.IntN(3) - 1)})
			}
		}
	}
	return in
}

// TestComponentsAreThoseOfTheFilledMatrix checks the power iteration on the
// sparse votes against gonum's SVD of the dense matrix Polis builds: missing
// votes filled with the statement's mean, centred on the means.
func TestComponentsAreThoseOfTheFilledMatrix(t *testing.T) {
	in := randomInput(3, 60, 14, 0.6)
	m, err := buildVotes(&in)
	if err != nil {
		t.Fatal(err)
	}
	c := centre(m)
	pc := c.components([2][]float64{}, 1000, rand.New(rand.NewPCG(1, 1)))

	dense := mat.NewDense(len(m.pids), len(c.stmt), nil)
	for r := range m.pids {
		for k := m.rowPtr[r]; k < m.rowPtr[r+1]; k++ {
			dense.Set(r, int(m.cols[k]), float64(m.vals[k]))
		}
		for j := range c.stmt {
			voted := slices.Contains(m.cols[m.rowPtr[r]:m.rowPtr[r+1]], int32(j))
			if !voted {
				dense.Set(r, j, c.mean[j]) // filled with the mean
			}
			dense.Set(r, j, dense.At(r, j)-c.mean[j]) // centred
		}
	}
	var svd mat.SVD
	if !svd.Factorize(dense, mat.SVDThin) {
		t.Fatal("SVD failed")
	}
	var v mat.Dense
	svd.VTo(&v)
	for i := range 2 {
		want := mat.Col(nil, i, &v)
		if d := math.Abs(floats.Dot(want, pc[i])); math.Abs(d-1) > 1e-8 {
			t.Errorf("component %d: |cos| with the SVD's = %v, want 1", i+1, d)
		}
	}
}

func TestProjectionScalesByVotes(t *testing.T) {
	in := randomInput(4, 30, 9, 0.5)
	in.Votes = append(in.Votes, Vote{Participant: 99, Statement: 4, Value: Agree})
	m, _ := buildVotes(&in)
	c := centre(m)
	pc := c.components([2][]float64{}, 200, rand.New(rand.NewPCG(1, 1)))
	xy := c.project(pc)
	r := len(m.pids) - 1 // participant 99, one vote
	j := slices.Index(c.stmt, 4)
	want := [2]float64{(1 - c.mean[j]) * pc[0][j] * 3, (1 - c.mean[j]) * pc[1][j] * 3} // √(9/1)
	if math.Abs(xy[r][0]-want[0]) > 1e-12 || math.Abs(xy[r][1]-want[1]) > 1e-12 {
		t.Fatalf("one vote of nine placed at %v, want %v", xy[r], want)
	}
}

func TestNearestIsNearestOfAll(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	var cl []cluster
	for i := range 40 {
		// coarse coordinates make ties
		cl = append(cl, cluster{id: i, x: float64(rng.IntN(8)), y: float64(rng.IntN(8))})
	}
	near := newNearest(cl)
	for range 2000 {
		x, y := float64(rng.IntN(18))/2-0.5, float64(rng.IntN(18))/2-0.5
		best, bestD := 0, math.Inf(1)
		for j, c := range cl {
			if d := (c.x-x)*(c.x-x) + (c.y-y)*(c.y-y); d < bestD {
				best, bestD = j, d
			}
		}
		if got, d := near.find(x, y); got != best || d != bestD {
			t.Fatalf("nearest to (%v, %v): %d at %v, want %d at %v", x, y, got, d, best, bestD)
		}
	}
}

func TestKMeansStartsAsPolis(t *testing.T) {
	pts := []point{{1, 0, 0, 1}, {2, 0, 0, 1}, {3, 5, 0, 1}, {4, 5, 1, 1}, {5, 9, 9, 1}}
	// cold: the first k distinct points
	got := initClusters(pts, 3)
	if len(got) != 3 || got[1].x != 5 || got[1].y != 0 || got[2].y != 1 {
		t.Fatalf("initial centres %+v", got)
	}
	// warm: recentred on the members' new places; a cluster whose members
	// left is dropped, and the farthest point becomes a cluster of its own
	last := []Cluster{{ID: 4, Members: []int64{1, 2, 3, 4}}, {ID: 7, Members: []int64{77}}}
	cl := cleanStart(pts, last, 2)
	if len(cl) != 2 || cl[0].id != 4 || cl[1].id != 5 || len(cl[1].members) != 1 || pts[cl[1].members[0]].id != 5 {
		t.Fatalf("clean start %+v", cl)
	}
	out := kmeans(pts, 2, last, 20)
	if len(out) != 2 || len(out[0].members) != 4 {
		t.Fatalf("k-means from the last clusters: %+v", out)
	}
}

// TestSameVotesSameMap: the order of the votes does not matter, a later
// vote replaces an earlier one, and a state stored as JSON continues the
// same way.
func TestSameVotesSameMap(t *testing.T) {
	in, _, _ := planted(9, 400, 40, 3, 0.4)
	want, wantState, err := Compute(in, nil)
	if err != nil {
		t.Fatal(err)
	}
	shuffled := in
	shuffled.Votes = slices.Clone(in.Votes)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled.Votes), func(i, j int) {
		shuffled.Votes[i], shuffled.Votes[j] = shuffled.Votes[j], shuffled.Votes[i]
	})
	first := in.Votes[0] // voted otherwise first, then changed
	first.Value = Pass
	if in.Votes[0].Value == Pass {
		first.Value = Agree
	}
	shuffled.Votes = append([]Vote{first}, shuffled.Votes...)
	shuffled.Votes = append(shuffled.Votes, in.Votes[0])
	got, gotState, err := Compute(shuffled, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotState, wantState) {
		t.Fatal("shuffled votes gave another map")
	}

	next, _, _ := Compute(in, wantState)
	stored, err := json.Marshal(wantState)
	if err != nil {
		t.Fatal(err)
	}
	var loaded State
	if err := json.Unmarshal(stored, &loaded); err != nil {
		t.Fatal(err)
	}
	again, _, _ := Compute(in, &loaded)
	if !reflect.DeepEqual(again, next) {
		t.Fatal("a state read back from JSON continues differently")
	}
}

// TestGroupCountChangesAfterFourRuns: a new best k is taken only once it
// has won four runs in a row.
func TestGroupCountChangesAfterFourRuns(t *testing.T) {
	in, _, _ := planted(11, 900, 50, 3, 0.4)
	_, st, err := Compute(in, nil)
	if err != nil || st.K.Chosen != 3 {
		t.Fatalf("three planted groups: k %+v, %v", st.K, err)
	}
	st.K = KChoice{Best: 2, Runs: 9, Chosen: 2}
	for run := 1; run <= 4; run++ {
		m, next, err := Compute(in, st)
		if err != nil {
			t.Fatal(err)
		}
		want := 2
		if run == 4 {
			want = 3
		}
		if len(m.Groups) != want || next.K.Runs != run {
			t.Fatalf("run %d: %d groups, k %+v; want %d groups", run, len(m.Groups), next.K, want)
		}
		st = next
	}
}

func TestWhoIsPlaced(t *testing.T) {
	var in Input
	for s := range 10 {
		in.Statements = append(in.Statements, Statement{ID: int64(s)})
	}
	vote := func(p int64, n int) {
		for s := range n {
			in.Votes = append(in.Votes, Vote{Participant: p, Statement: int64(s), Value: int8((int(p)+s)%3 - 1)})
		}
	}
	for p := range 20 {
		vote(int64(p), 7)
	}
	vote(100, 6)
	placed := func(m *Map, id int64) bool {
		i, _ := slices.BinarySearchFunc(m.Participants, id, func(p Participant, id int64) int { return cmpInt64(p.ID, id) })
		return m.Participants[i].Placed
	}
	m, st, err := Compute(in, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !placed(m, 0) || placed(m, 100) {
		t.Fatal("seven votes of ten should place, six should not")
	}
	// with few placed, the most active others are placed too
	small := Input{Statements: in.Statements, Votes: in.Votes[:7*3]}
	small.Votes = append(small.Votes, in.Votes[len(in.Votes)-6:]...)
	m2, _, _ := Compute(small, nil)
	if !placed(m2, 100) {
		t.Fatal("with three placed, the participant with six votes should be placed")
	}
	// a placed participant stays placed when statements are added
	st.Placed = append(st.Placed, 100)
	slices.Sort(st.Placed)
	for s := 10; s < 30; s++ {
		in.Statements = append(in.Statements, Statement{ID: int64(s)})
	}
	in.Votes = append(in.Votes, Vote{Participant: 0, Statement: 29, Value: Agree})
	m3, _, _ := Compute(in, st)
	if !placed(m3, 100) {
		t.Fatal("a participant placed before was dropped")
	}
}

func TestRemovedAndMetaAreOutOfTheMath(t *testing.T) {
	in, _, _ := planted(12, 300, 30, 2, 0.5)
	without := Input{Statements: in.Statements}
	for _, v := range in.Votes {
		if v.Statement != 1003 && v.Statement != 1007 {
			without.Votes = append(without.Votes, v)
		}
	}
	in.Statements = slices.Clone(in.Statements)
	in.Statements[3].Removed = true
	in.Statements[7].Meta = true
	got, _, _ := Compute(in, nil)
	want, _, _ := Compute(without, nil)
	for i, p := range got.Participants {
		if q := want.Participants[i]; math.Abs(p.X-q.X) > 1e-9 || math.Abs(p.Y-q.Y) > 1e-9 || p.Group != q.Group {
			t.Fatalf("participant %d: %+v with the removed and meta votes, %+v without", p.ID, p, q)
		}
	}
	removed, meta := got.Statements[3], got.Statements[7]
	if removed.InMath || meta.InMath || removed.Overall.Votes() == 0 || meta.ByGroup[0].Votes() == 0 {
		t.Fatalf("removed %+v, meta %+v: out of the math, still tallied", removed, meta)
	}
	if removed.Priority != 0 || meta.Priority != 49 {
		t.Fatalf("priorities: removed %v, meta %v", removed.Priority, meta.Priority)
	}
	for _, g := range got.Groups {
		for _, r := range g.Representative {
			if r.Statement == 1003 || r.Statement == 1007 {
				t.Fatalf("group %d represented by a statement out of the math", g.ID)
			}
		}
	}
}

func TestConsensusAndUncertainty(t *testing.T) {
	in, _, _ := planted(13, 400, 20, 2, 0.6)
	in.Statements = append(in.Statements, Statement{ID: 1}, Statement{ID: 2})
	for p := range 400 {
		id := int64(5000 + p*3)
		v := Agree
		if p%10 == 0 {
			v = Disagree
		}
		in.Votes = append(in.Votes, Vote{Participant: id, Statement: 1, Value: v})
		u := []int8{Agree, Pass, Disagree, Pass}[p%4]
		in.Votes = append(in.Votes, Vote{Participant: id, Statement: 2, Value: u})
	}
	m, _, err := Compute(in, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Consensus.Agree) == 0 || m.Consensus.Agree[0].Statement != 1 {
		t.Fatalf("consensus %+v: statement 1, agreed by 90%% of every group, should lead", m.Consensus.Agree)
	}
	if len(m.Uncertain) == 0 || m.Uncertain[0].Statement != 2 || m.Uncertain[0].PassShare != 0.5 {
		t.Fatalf("uncertain %+v: statement 2, half passes, should lead", m.Uncertain)
	}
	for _, g := range m.Groups {
		if n := len(g.Representative); n == 0 || n > 5 {
			t.Fatalf("group %d: %d representative statements", g.ID, n)
		}
	}
}

func TestInputErrors(t *testing.T) {
	cases := []struct {
		in   Input
		want string
	}{
		{Input{Statements: []Statement{{ID: 1}}, Votes: []Vote{{1, 1, 2}}}, "is 2, not 1, -1 or 0"},
		{Input{Statements: []Statement{{ID: 1}}, Votes: []Vote{{1, 9, 1}}}, "statement 9, which is not listed"},
		{Input{Statements: []Statement{{ID: 1}, {ID: 1}}}, "statement 1 listed twice"},
	}
	for _, c := range cases {
		if _, _, err := Compute(c.in, nil); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want one containing %q", err, c.want)
		}
	}
}

func TestSmallAndEmpty(t *testing.T) {
	for _, in := range []Input{
		{},
		{Statements: []Statement{{ID: 1}}},
		{Statements: []Statement{{ID: 1}}, Votes: []Vote{{7, 1, Agree}}},
		{Statements: []Statement{{ID: 1, Removed: true}}, Votes: []Vote{{7, 1, Agree}}},
		{Statements: []Statement{{ID: 1}, {ID: 2}}, Votes: []Vote{{7, 1, Agree}, {8, 1, Agree}, {8, 2, Pass}}},
	} {
		m, st, err := Compute(in, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := Compute(in, st); err != nil {
			t.Fatal(err)
		}
		for _, p := range m.Participants {
			if math.IsNaN(p.X) || math.IsNaN(p.Y) {
				t.Fatalf("%+v: participant %d at NaN", in, p.ID)
			}
		}
	}
}
