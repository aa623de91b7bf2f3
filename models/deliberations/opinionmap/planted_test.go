package opinionmap

import (
	"math"
	"math/rand/v2"
	"testing"
)

// planted makes a conversation with planted opinion groups: each group
// leans to agree (90%) or to disagree (10%) with each statement, at random,
// and every participant votes on a random share of the statements, passing
// on 12% of them. It returns the input, the planted group of each
// participant id, and the best guess of each participant's group that
// knowing the groups' leanings allows (the most likely group given their
// votes), which no method can beat.
func planted(seed uint64, participants, statements, groups int, voted float64) (in Input, truth, likeliest map[int64]int) {
	rng := rand.New(rand.NewPCG(seed, 7))
	lean := make([][]float64, groups) // group × statement: chance of agreeing
	for g := range lean {
		lean[g] = make([]float64, statements)
		for s := range lean[g] {
			lean[g][s] = 0.1
			if rng.IntN(2) == 0 {
				lean[g][s] = 0.9
			}
		}
	}
	in = Input{Statements: make([]Statement, statements)}
	for s := range in.Statements {
		in.Statements[s] = Statement{ID: int64(1000 + s)}
	}
	truth, likeliest = map[int64]int{}, map[int64]int{}
	in.Votes = make([]Vote, 0, int(float64(participants*statements)*voted)+participants)
	for p := range participants {
		id := int64(5000 + p*3)
		g := p % groups
		truth[id] = g
		logLike := make([]float64, groups)
		for s := range statements {
			if rng.Float64() >= voted {
				continue
			}
			v := Disagree
			switch r := rng.Float64(); {
			case r < 0.12:
				v = Pass
			case r < 0.12+0.88*lean[g][s]:
				v = Agree
			}
			in.Votes = append(in.Votes, Vote{Participant: id, Statement: in.Statements[s].ID, Value: v})
			for h := range groups {
				switch v {
				case Agree:
					logLike[h] += math.Log(lean[h][s])
				case Disagree:
					logLike[h] += math.Log(1 - lean[h][s])
				}
			}
		}
		likeliest[id] = 0
		for h := range groups {
			if logLike[h] > logLike[likeliest[id]] {
				likeliest[id] = h
			}
		}
	}
	return in, truth, likeliest
}

// TestPlantedGroupsFound checks the map finds planted groups about as well
// as knowing the groups' leanings would: within 0.03 of that best guess's
// adjusted Rand index.
func TestPlantedGroupsFound(t *testing.T) {
	for _, groups := range []int{2, 3} {
		in, truth, likeliest := planted(uint64(groups), 1500, 60, groups, 0.3)
		var prev *State
		var m *Map
		var err error
		// the chosen k settles after KRuns runs in a row
		for range 4 {
			if m, prev, err = Compute(in, prev); err != nil {
				t.Fatal(err)
			}
		}
		if len(m.Groups) != groups {
			t.Fatalf("%d planted groups: found %d", groups, len(m.Groups))
		}
		var found, planted, best []int
		for _, p := range m.Participants {
			if p.Placed {
				found = append(found, p.Group)
				planted = append(planted, truth[p.ID])
				best = append(best, likeliest[p.ID])
			}
		}
		ari, bestARI := AdjustedRandIndex(found, planted), AdjustedRandIndex(best, planted)
		t.Logf("%d planted groups: ARI %.3f, best possible %.3f", groups, ari, bestARI)
		if ari < bestARI-0.03 {
			t.Errorf("%d planted groups: ARI %.3f, the best guess reaches %.3f", groups, ari, bestARI)
		}
	}
}

func BenchmarkCompute(b *testing.B) {
	in, _, _ := planted(42, 10000, 500, 3, 0.3)
	_, warm, err := Compute(in, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := Compute(in, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("warm", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := Compute(in, warm); err != nil {
				b.Fatal(err)
			}
		}
	})
}
