package metrics

import (
	"math"
	"math/rand"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Data stretched 3:1 along a known rotated axis: the first component is
// that axis (up to sign) and the variances are the sample ones.
func TestPCA(t *testing.T) {
	// Four points at (±3, 0) and (0, ±1), rotated by 30° and shifted.
	c, s := math.Cos(math.Pi/6), math.Sin(math.Pi/6)
	pts := [][2]float64{{3, 0}, {-3, 0}, {0, 1}, {0, -1}}
	x := mat.NewDense(4, 2, nil)
	for i, p := range pts {
		x.Set(i, 0, c*p[0]-s*p[1]+10)
		x.Set(i, 1, s*p[0]+c*p[1]-4)
	}
	r := PCA(x, 2)
	if dot := math.Abs(r.Components.At(0, 0)*c + r.Components.At(0, 1)*s); !near(dot, 1, 1e-12) {
		t.Errorf("first component %v, want ±(cos 30°, sin 30°)", mat.Row(nil, 0, r.Components))
	}
	// Variances 18/3 = 6 and 2/3; ratios 0.9 and 0.1.
	if !near(r.Variance[0], 6, 1e-12) || !near(r.Variance[1], 2.0/3, 1e-12) || !near(r.ExplainedRatio[0], 0.9, 1e-12) {
		t.Errorf("variances %v, ratios %v; want [6 0.667], [0.9 0.1]", r.Variance, r.ExplainedRatio)
	}
	proj := r.Project(x)
	if !near(math.Abs(proj.At(0, 0)), 3, 1e-12) || !near(proj.At(0, 1), 0, 1e-12) {
		t.Errorf("projection of the first point = %v, want (±3, 0)", mat.Row(nil, 0, proj))
	}
	mustPanic(t, "k", "k = 3", func() { PCA(x, 3) })
}

func TestPrincipalAngles(t *testing.T) {
	// span{e1, e2} and span{e1, cos θ e2 + sin θ e3}: angles 0 and θ.
	const theta = 0.4
	a := mat.NewDense(3, 2, []float64{1, 0, 0, 1, 0, 0})
	b := mat.NewDense(3, 2, []float64{2, 0, 0, math.Cos(theta), 0, math.Sin(theta)})
	got := PrincipalAngles(a, b)
	if !near(got[0], 0, 1e-7) || !near(got[1], theta, 1e-12) {
		t.Errorf("PrincipalAngles = %v, want [0 %v]", got, theta)
	}
	// Invariant to a change of basis within each subspace.
	rng := rand.New(rand.NewSource(14))
	var b2 mat.Dense
	b2.Mul(b, randomMatrix(rng, 2, 2))
	if again := PrincipalAngles(a, &b2); !near(again[1], theta, 1e-10) {
		t.Errorf("after a change of basis: %v", again)
	}
	mustPanic(t, "rank", "dependent columns", func() { PrincipalAngles(a, mat.NewDense(3, 2, []float64{1, 2, 1, 2, 1, 2})) })
}
