package metrics

import (
	"math/rand"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// planeIn10D samples n points uniformly on a unit square, embedded in R¹⁰ by
// a random orthonormal 2-frame: a 2-dimensional manifold.
func planeIn10D(rng *rand.Rand, n int) *mat.Dense {
	square := mat.NewDense(n, 2, nil)
	for i := range n {
		square.Set(i, 0, rng.Float64())
		square.Set(i, 1, rng.Float64())
	}
	frame := randomOrthogonal(rng, 10).Slice(0, 2, 0, 10)
	var x mat.Dense
	x.Mul(square, frame)
	return &x
}

// Points on a 2-D plane in R¹⁰ and a 5-D standard Gaussian: both estimators
// must find the manifold's dimension, not the ambient one. Tolerances allow
// the estimators' known spread at N = 1000 (about d/√N for TwoNN) and the
// MLE's downward bias on a Gaussian, whose density falls off within the
// k-neighbourhoods.
func TestIntrinsicDimensionOnKnownManifolds(t *testing.T) {
	rng := rand.New(rand.NewSource(12))
	gauss := randomMatrix(rng, 1000, 5)
	for _, c := range []struct {
		name   string
		points *mat.Dense
		want   float64
		tol    float64
	}{
		{"plane in R¹⁰", planeIn10D(rng, 1000), 2, 0.2},
		{"5-D Gaussian", gauss, 5, 0.5},
	} {
		twoNN, err := TwoNN(c.points, 0.1)
		if err != nil {
			t.Fatal(err)
		}
		mle, err := IntrinsicDimMLE(c.points, 10)
		if err != nil {
			t.Fatal(err)
		}
		if !near(twoNN, c.want, c.tol) {
			t.Errorf("%s: TwoNN = %.3f, want %v ± %v", c.name, twoNN, c.want, c.tol)
		}
		if !near(mle, c.want, c.tol) {
			t.Errorf("%s: MLE = %.3f, want %v ± %v", c.name, mle, c.want, c.tol)
		}
		t.Logf("%s: TwoNN %.3f, MLE(k=10) %.3f", c.name, twoNN, mle)
	}
}

// The MLE's pooling by hand on three points of a line.
func TestIntrinsicDimMLEHandComputed(t *testing.T) {
	// Three points 0, 1, 3 with k = 2: distances (1, 3), (1, 2), (2, 3), so
	// 1/m̂ = ln 3, ln 2, ln 1.5 and the estimate is 3/(ln 3 + ln 2 + ln 1.5) = 3/ln 9.
	x := mat.NewDense(3, 1, []float64{0, 1, 3})
	got, err := IntrinsicDimMLE(x, 2)
	if err != nil {
		t.Fatal(err)
	}
	if want := 3 / (2 * 1.0986122886681098); !near(got, want, 1e-14) {
		t.Errorf("IntrinsicDimMLE = %v, want 3/ln 9 = %v", got, want)
	}
}

func TestIntrinsicDimensionRejectsBadInput(t *testing.T) {
	dup := mat.NewDense(4, 1, []float64{0, 1, 1, 3})
	if _, err := TwoNN(dup, 0.1); err == nil {
		t.Error("TwoNN with duplicate points: no error")
	}
	if _, err := TwoNN(mat.NewDense(4, 1, []float64{0, 1, 2, 4}), 1); err == nil {
		t.Error("TwoNN with discard = 1: no error")
	}
	if _, err := IntrinsicDimMLE(dup, 4); err == nil {
		t.Error("IntrinsicDimMLE with k = N: no error")
	}
}
