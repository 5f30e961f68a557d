package metrics

import (
	"math/rand"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func randomMatrix(rng *rand.Rand, r, c int) *mat.Dense {
	m := mat.NewDense(r, c, nil)
	for i := range r {
		for j := range c {
			m.Set(i, j, rng.NormFloat64())
		}
	}
	return m
}

// randomOrthogonal returns the Q factor of a Gaussian matrix.
func randomOrthogonal(rng *rand.Rand, d int) *mat.Dense {
	var qr mat.QR
	qr.Factorize(randomMatrix(rng, d, d))
	var q mat.Dense
	qr.QTo(&q)
	return &q
}

// For one feature on each side linear CKA is the squared Pearson
// correlation: x = 1,2,3,4 and y = 1,3,2,4 have r = 4/5.
func TestLinearCKAKnownExample(t *testing.T) {
	x := mat.NewDense(4, 1, []float64{1, 2, 3, 4})
	y := mat.NewDense(4, 1, []float64{1, 3, 2, 4})
	for _, exampleSpace := range []bool{false, true} {
		if got := linearCKA(x, y, exampleSpace); !near(got, 0.64, 1e-14) {
			t.Errorf("CKA (example space %v) = %v, want 0.64", exampleSpace, got)
		}
	}
	if got := LinearCKA(x, x); !near(got, 1, 1e-15) {
		t.Errorf("CKA(x, x) = %v, want 1", got)
	}
}

// CKA is invariant to orthogonal transforms and isotropic scaling of either
// representation, in both the wide (n² ≤ p1·p2) and the tall regime, and the
// two ways of computing it agree.
func TestLinearCKAInvariances(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	for _, dims := range [][3]int{{6, 8, 10}, {200, 5, 7}} {
		n, p1, p2 := dims[0], dims[1], dims[2]
		x := randomMatrix(rng, n, p1)
		y := randomMatrix(rng, n, p2)
		// y shares a direction with x so CKA is far from 0 and 1.
		for i := range n {
			y.Set(i, 0, y.At(i, 0)+2*x.At(i, 1))
		}
		base := LinearCKA(x, y)
		if base < 0.05 || base > 0.95 {
			t.Fatalf("n=%d: base CKA %v is not a useful test value", n, base)
		}
		if other := linearCKA(x, y, n*n > p1*p2); !near(other, base, 1e-12) {
			t.Errorf("n=%d: example- and feature-space CKA differ: %v vs %v", n, base, other)
		}
		var xq, ys mat.Dense
		xq.Mul(x, randomOrthogonal(rng, p1))
		ys.Scale(-3.7, y)
		if got := LinearCKA(&xq, &ys); !near(got, base, 1e-12) {
			t.Errorf("n=%d: CKA(XQ, −3.7Y) = %v, want CKA(X, Y) = %v", n, got, base)
		}
		if got := LinearCKA(x, x); !near(got, 1, 1e-12) {
			t.Errorf("n=%d: CKA(X, X) = %v, want 1", n, got)
		}
	}
}

func TestLinearCKARejectsBadInput(t *testing.T) {
	mustPanic(t, "rows", "x has 3 rows but y has 2", func() { LinearCKA(mat.NewDense(3, 1, nil), mat.NewDense(2, 1, nil)) })
	mustPanic(t, "constant", "constant", func() {
		LinearCKA(mat.NewDense(3, 1, []float64{1, 1, 1}), mat.NewDense(3, 1, []float64{1, 2, 3}))
	})
}
