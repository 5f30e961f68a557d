package ntk

import (
	"math/rand"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// RidgeSolve must match a direct LU solve of (K + λI)X = B for a valid
// kernel (here the ReLU NTK of random points) and three right-hand sides.
func TestRidgeSolveMatchesDirectSolve(t *testing.T) {
	rng := rand.New(rand.NewSource(40))
	x := mat.NewDense(12, 4, nil)
	x.Apply(func(_, _ int, _ float64) float64 { return rng.NormFloat64() }, x)
	k := ReLU{Depth: 2, WeightVar: 2, BiasVar: 0.1}.NTK(x, x)
	b := mat.NewDense(12, 3, nil)
	b.Apply(func(_, _ int, _ float64) float64 { return rng.NormFloat64() }, b)
	for _, ridge := range []float64{0, 0.01, 3} {
		got, jitter, err := RidgeSolve(k, b, ridge)
		if err != nil {
			t.Fatal(err)
		}
		if jitter != 0 {
			t.Errorf("ridge %v: jitter %v on a positive definite kernel", ridge, jitter)
		}
		a := mat.DenseCopyOf(k)
		for i := range 12 {
			a.Set(i, i, a.At(i, i)+ridge)
		}
		var want mat.Dense
		if err := want.Solve(a, b); err != nil {
			t.Fatal(err)
		}
		if !mat.EqualApprox(got, &want, 1e-8) {
			t.Errorf("ridge %v: RidgeSolve differs from the direct solve", ridge)
		}
	}
}

// A linear kernel of 6 points in 2 dimensions has rank 2: at ridge 0 the
// solve needs a jitter, which is reported, and the fit still interpolates
// targets in the kernel's span.
func TestRidgeSolveJitterOnSingularKernel(t *testing.T) {
	rng := rand.New(rand.NewSource(41))
	x := mat.NewDense(6, 2, nil)
	x.Apply(func(_, _ int, _ float64) float64 { return rng.NormFloat64() }, x)
	var k mat.Dense
	k.Mul(x, x.T())
	y := mat.NewDense(6, 1, nil)
	y.Mul(x, mat.NewDense(2, 1, []float64{1, -2})) // y = x·w lies in the span
	fit, err := FitKernelRegression(&k, y, 0)
	if err != nil {
		t.Fatal(err)
	}
	if fit.Jitter <= 0 {
		t.Errorf("jitter = %v on a rank-2 6×6 kernel, want > 0", fit.Jitter)
	}
	if pred := fit.Predict(&k); !mat.EqualApprox(pred, y, 1e-4) {
		t.Errorf("predictions on the training points\n%v\nwant\n%v", mat.Formatted(pred), mat.Formatted(y))
	}
}

func TestRidgeSolveRejectsBadInput(t *testing.T) {
	b := mat.NewDense(2, 1, []float64{1, 1})
	for name, c := range map[string]struct {
		k     mat.Matrix
		ridge float64
		want  string
	}{
		"indefinite":     {mat.NewDense(2, 2, []float64{1, 2, 2, 1}), 0, "negative eigenvalue"},
		"asymmetric":     {mat.NewDense(2, 2, []float64{1, 0.5, 0, 1}), 0, "symmetric"},
		"negative ridge": {mat.NewDense(2, 2, []float64{1, 0, 0, 1}), -1, "ridge = -1"},
		"not square":     {mat.NewDense(2, 3, nil), 0, "square"},
	} {
		if _, _, err := RidgeSolve(c.k, b, c.ridge); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one mentioning %q", name, err, c.want)
		}
	}
}
