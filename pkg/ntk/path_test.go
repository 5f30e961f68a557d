package ntk

import (
	"math"
	"math/rand"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func randomDense(rng *rand.Rand, r, c int) *mat.Dense {
	m := mat.NewDense(r, c, nil)
	m.Apply(func(_, _ int, _ float64) float64 { return rng.NormFloat64() }, m)
	return m
}

// Every ridge of the path must equal the Cholesky solve of RidgeSolve.
func TestRidgePathMatchesRidgeSolve(t *testing.T) {
	rng := rand.New(rand.NewSource(50))
	x := randomDense(rng, 10, 3)
	k := ReLU{Depth: 1, WeightVar: 2, BiasVar: 0.2}.NTK(x, x)
	y := randomDense(rng, 10, 2)
	path, err := NewRidgePath(k, y)
	if err != nil {
		t.Fatal(err)
	}
	for _, ridge := range []float64{1e-6, 0.1, 10} {
		want, _, err := RidgeSolve(k, y, ridge)
		if err != nil {
			t.Fatal(err)
		}
		if !mat.EqualApprox(path.Alpha(ridge), want, 1e-7) {
			t.Errorf("ridge %v: Alpha differs from RidgeSolve", ridge)
		}
		var fitted mat.Dense
		fitted.Mul(k, want)
		if !mat.EqualApprox(path.Fitted(ridge), &fitted, 1e-8) {
			t.Errorf("ridge %v: Fitted differs from K·α", ridge)
		}
	}
	if ev := path.Eigenvalues(); ev[0] < ev[len(ev)-1] {
		t.Errorf("eigenvalues not in decreasing order: %v", ev)
	}
}

// A linear kernel of rank 2: at ridge 0 the path is the pseudo-inverse, so
// targets in the kernel's span are fitted exactly and the coefficients stay
// finite.
func TestRidgePathPseudoInverse(t *testing.T) {
	rng := rand.New(rand.NewSource(51))
	x := randomDense(rng, 6, 2)
	var k mat.Dense
	k.Mul(x, x.T())
	var inSpan mat.Dense
	inSpan.Mul(x, mat.NewDense(2, 1, []float64{2, -1}))
	path, err := NewRidgePath(&k, &inSpan)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.EqualApprox(path.Fitted(0), &inSpan, 1e-9) {
		t.Errorf("Fitted(0) = %v, want the targets", mat.Formatted(path.Fitted(0)))
	}
	alpha := path.Alpha(0)
	if a := mat.Norm(alpha, 2); math.IsNaN(a) || math.IsInf(a, 0) || a > 1e6 {
		t.Errorf("‖α‖ = %v at ridge 0 on a singular kernel", a)
	}
	if _, err := NewRidgePath(mat.NewDense(2, 2, []float64{1, 2, 2, 1}), mat.NewDense(2, 1, nil)); err == nil {
		t.Error("indefinite kernel: no error")
	}
}
