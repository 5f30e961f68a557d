package metrics

import (
	"math"
	"math/rand"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// For commuting (here diagonal) covariances the distance separates:
// ‖μ₁ − μ₂‖² + Σ (σ₁ᵢ − σ₂ᵢ)².
func TestFrechetGaussiansDiagonal(t *testing.T) {
	c1 := mat.NewSymDense(2, []float64{4, 0, 0, 1})
	c2 := mat.NewSymDense(2, []float64{1, 0, 0, 9})
	got := FrechetGaussians([]float64{0, 1}, c1, []float64{3, 1}, c2)
	if want := 9.0 + 1 + 4; !near(got, want, 1e-12) {
		t.Errorf("FrechetGaussians = %v, want 9 + (2−1)² + (1−3)² = %v", got, want)
	}
}

// Non-commuting covariances: the distance is symmetric, zero for equal
// Gaussians, and unchanged by a common rotation; and it equals the known
// closed form in 1-D from samples.
func TestFrechetGaussiansProperties(t *testing.T) {
	rng := rand.New(rand.NewSource(15))
	randomCov := func() *mat.SymDense {
		a := randomMatrix(rng, 3, 3)
		c := mat.NewSymDense(3, nil)
		c.SymOuterK(1, a)
		return c
	}
	c1, c2 := randomCov(), randomCov()
	m1, m2 := []float64{1, 0, -1}, []float64{0, 2, 0}
	d := FrechetGaussians(m1, c1, m2, c2)
	if back := FrechetGaussians(m2, c2, m1, c1); !near(d, back, 1e-9*d) {
		t.Errorf("not symmetric: %v vs %v", d, back)
	}
	if self := FrechetGaussians(m1, c1, m1, c1); !near(self, 0, 1e-9) {
		t.Errorf("distance to itself = %v", self)
	}
	q := randomOrthogonal(rng, 3)
	rotate := func(c *mat.SymDense) *mat.SymDense {
		var r mat.Dense
		r.Mul(q, c)
		r.Mul(&r, q.T())
		out := mat.NewSymDense(3, nil)
		for i := range 3 {
			for j := i; j < 3; j++ {
				out.SetSym(i, j, (r.At(i, j)+r.At(j, i))/2)
			}
		}
		return out
	}
	rotMean := func(m []float64) []float64 {
		var v mat.VecDense
		v.MulVec(q, mat.NewVecDense(3, append([]float64(nil), m...)))
		return v.RawVector().Data
	}
	if rot := FrechetGaussians(rotMean(m1), rotate(c1), rotMean(m2), rotate(c2)); !near(rot, d, 1e-9*d) {
		t.Errorf("after a common rotation %v, before %v", rot, d)
	}
	// Samples: x = 1, 3 (mean 2, sd √2), y = 0, 0, 6 (mean 2, sd √12).
	x := mat.NewDense(2, 1, []float64{1, 3})
	y := mat.NewDense(3, 1, []float64{0, 0, 6})
	if got, want := FrechetDistance(x, y), math.Pow(math.Sqrt(2)-math.Sqrt(12), 2); !near(got, want, 1e-12) {
		t.Errorf("FrechetDistance = %v, want (√2 − √12)² = %v", got, want)
	}
}
