package opinionmap

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// centred is the part of the vote matrix the math uses, centred on each
// statement's mean vote: a vote v becomes v − mean, a missing vote (filled
// with the mean) becomes 0 and is not stored.
type centred struct {
	stmt   []int     // column → statement index
	mean   []float64 // column → mean vote
	rowPtr []int
	cols   []int32
	vals   []float64
	nVotes []int // participant → votes on statements in the math
}

// centre keeps the statements in the math: not removed, not meta, voted on.
func centre(m *votes) *centred {
	n := len(m.stmts)
	count := make([]int, n)
	sum := make([]float64, n)
	for k, c := range m.cols {
		count[c]++
		sum[c] += float64(m.vals[k])
	}
	colOf := make([]int32, n)
	c := &centred{}
	for s, st := range m.stmts {
		colOf[s] = -1
		if st.Removed || st.Meta || count[s] == 0 {
			continue
		}
		colOf[s] = int32(len(c.stmt)) // #nosec G115 -- statement count fits in memory
		c.stmt = append(c.stmt, s)
		c.mean = append(c.mean, sum[s]/float64(count[s]))
	}
	c.rowPtr = make([]int, len(m.pids)+1)
	c.nVotes = make([]int, len(m.pids))
	c.cols = make([]int32, 0, len(m.cols))
	c.vals = make([]float64, 0, len(m.cols))
	for r := range m.pids {
		for k := m.rowPtr[r]; k < m.rowPtr[r+1]; k++ {
			j := colOf[m.cols[k]]
			if j < 0 {
				continue
			}
			c.cols = append(c.cols, j)
			c.vals = append(c.vals, float64(m.vals[k])-c.mean[j])
		}
		c.rowPtr[r+1] = len(c.cols)
		c.nVotes[r] = c.rowPtr[r+1] - c.rowPtr[r]
	}
	return c
}

// pcaTolerance ends the power iteration once no entry of either component
// moves by this much.
const pcaTolerance = 1e-9

// components returns the first two principal components of c (the top two
// eigenvectors of CᵀC) by power iteration from start; a start vector that is
// missing or zero is replaced by a random one from rng. Both vectors are
// iterated together and the second is kept orthogonal to the first, which is
// Polis' deflation done at every step. A component is all zeros when the data
// has no variance left for it.
func (c *centred) components(start [2][]float64, iters int, rng *rand.Rand) [2][]float64 {
	nc := len(c.stmt)
	var v [2][]float64
	for i := range v {
		v[i] = make([]float64, nc)
		copy(v[i], start[i])
		if floats.Norm(v[i], 2) == 0 {
			for j := range v[i] {
				v[i][j] = rng.Float64()
			}
		}
	}
	if nc == 0 {
		return v
	}
	orthonormalise(v)
	w := [2][]float64{make([]float64, nc), make([]float64, nc)}
	for range iters {
		c.gram(v, w)
		ritz(v, w)
		orthonormalise(w)
		done := maxDiff(v[0], w[0]) < pcaTolerance && maxDiff(v[1], w[1]) < pcaTolerance
		v, w = w, v
		if done {
			break
		}
	}
	return v
}

// ritz turns w = CᵀC v into the images of the best approximations to the
// eigenvectors within span(v) (Rayleigh–Ritz): without it the two vectors
// find their plane quickly but turn within it only as fast as the ratio of
// the two largest eigenvalues allows, which is slow when two opinion axes
// are about as strong.
func ritz(v, w [2][]float64) {
	h := mat.NewSymDense(2, []float64{
		floats.Dot(v[0], w[0]), floats.Dot(v[0], w[1]),
		floats.Dot(v[0], w[1]), floats.Dot(v[1], w[1]),
	})
	var eig mat.EigenSym
	if !eig.Factorize(h, true) {
		return
	}
	var q mat.Dense
	eig.VectorsTo(&q)
	// eigenvalues come ascending: the first component is the last vector
	q0 := [2]float64{q.At(0, 1), q.At(1, 1)}
	q1 := [2]float64{q.At(0, 0), q.At(1, 0)}
	// keep each vector's orientation, so that the iteration settles
	if q0[0] < 0 {
		q0 = [2]float64{-q0[0], -q0[1]}
	}
	if q1[1] < 0 {
		q1 = [2]float64{-q1[0], -q1[1]}
	}
	for j := range w[0] {
		a, b := w[0][j], w[1][j]
		w[0][j] = q0[0]*a + q0[1]*b
		w[1][j] = q1[0]*a + q1[1]*b
	}
}

// gram sets w = CᵀC v for both vectors in one pass over the votes.
func (c *centred) gram(v, w [2][]float64) {
	v0, v1 := v[0], v[1]
	w0, w1 := w[0], w[1]
	clear(w0)
	clear(w1)
	for r := range len(c.rowPtr) - 1 {
		lo, hi := c.rowPtr[r], c.rowPtr[r+1]
		cols, vals := c.cols[lo:hi], c.vals[lo:hi]
		var u0, u1 float64
		for k, j := range cols {
			u0 += vals[k] * v0[j]
			u1 += vals[k] * v1[j]
		}
		for k, j := range cols {
			w0[j] += vals[k] * u0
			w1[j] += vals[k] * u1
		}
	}
}

// orthonormalise makes v[0] a unit vector and v[1] a unit vector orthogonal
// to it (Gram–Schmidt); a vector with nothing left becomes zeros.
func orthonormalise(v [2][]float64) {
	normalise(v[0])
	floats.AddScaled(v[1], -floats.Dot(v[0], v[1]), v[0])
	normalise(v[1])
}

// normalise scales v to unit length, or zeros it when it is (numerically) 0.
func normalise(v []float64) {
	n := floats.Norm(v, 2)
	if n < 1e-12 {
		clear(v)
		return
	}
	floats.Scale(1/n, v)
}

func maxDiff(a, b []float64) float64 {
	d := 0.0
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-b[i]))
	}
	return d
}

// project places every participant: their centred votes times the
// components, scaled by √(statements / their votes) as Polis'
// sparsity-aware projection does.
func (c *centred) project(pc [2][]float64) [][2]float64 {
	n := float64(len(c.stmt))
	xy := make([][2]float64, len(c.nVotes))
	for r := range xy {
		lo, hi := c.rowPtr[r], c.rowPtr[r+1]
		var x, y float64
		for k := lo; k < hi; k++ {
			j := c.cols[k]
			x += c.vals[k] * pc[0][j]
			y += c.vals[k] * pc[1][j]
		}
		scale := math.Sqrt(n / float64(max(hi-lo, 1)))
		xy[r] = [2]float64{x * scale, y * scale}
	}
	return xy
}

// extremity is how far a participant who agreed with statement column j
// alone would be placed from the centre: Polis' comment extremity, which its
// vote order uses.
func (c *centred) extremity(pc [2][]float64, j int) float64 {
	scale := math.Sqrt(float64(len(c.stmt))) * math.Abs(1-c.mean[j])
	return scale * math.Hypot(pc[0][j], pc[1][j])
}
