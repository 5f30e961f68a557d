package metrics

import (
	"math/rand"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// One feature by hand: x = 0, 1, 2 and y = 1, 3, 5 centre to (−1, 0, 1) and
// (−2, 0, 2), so w = Σxy/(Σx² + ridge) = 4/(2 + 2) = 1 and b = ȳ − w·x̄ = 2.
func TestFitRidgeHandComputed(t *testing.T) {
	r, err := FitRidge(mat.NewDense(3, 1, []float64{0, 1, 2}), mat.NewDense(3, 1, []float64{1, 3, 5}), 2)
	if err != nil {
		t.Fatal(err)
	}
	if w := r.Weights.At(0, 0); !near(w, 1, 1e-14) || !near(r.Bias[0], 2, 1e-14) {
		t.Errorf("FitRidge = w %v, b %v; want 1, 2", w, r.Bias[0])
	}
	if got := r.Predict(mat.NewDense(1, 1, []float64{10})).At(0, 0); !near(got, 12, 1e-13) {
		t.Errorf("Predict(10) = %v, want 12", got)
	}
}

// The primal (p ≤ n) and dual (p > n) solves must both equal the textbook
// (X_cᵀX_c + λI)⁻¹X_cᵀY_c, solved here directly by LU.
func TestFitRidgeMatchesDirectSolve(t *testing.T) {
	rng := rand.New(rand.NewSource(8))
	for _, dims := range [][2]int{{20, 4}, {5, 9}} {
		n, p := dims[0], dims[1]
		x, y := randomMatrix(rng, n, p), randomMatrix(rng, n, 3)
		const ridge = 0.7
		r, err := FitRidge(x, y, ridge)
		if err != nil {
			t.Fatal(err)
		}
		xc, yc := centreColumns(x), centreColumns(y)
		var a, rhs, want mat.Dense
		a.Mul(xc.T(), xc)
		for i := range p {
			a.Set(i, i, a.At(i, i)+ridge)
		}
		rhs.Mul(xc.T(), yc)
		if err := want.Solve(&a, &rhs); err != nil {
			t.Fatal(err)
		}
		if !mat.EqualApprox(r.Weights, &want, 1e-10) {
			t.Errorf("n=%d p=%d: weights\n%v\nwant\n%v", n, p, mat.Formatted(r.Weights), mat.Formatted(&want))
		}
	}
}

// Noise-free linear targets are recovered exactly with ridge 0, so held-out
// R² is 1; separable classes are decoded perfectly.
func TestProbes(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	w := randomMatrix(rng, 4, 2)
	targets := func(x *mat.Dense) *mat.Dense {
		var y mat.Dense
		y.Mul(x, w)
		n, _ := y.Dims()
		for i := range n {
			y.Set(i, 1, y.At(i, 1)-5) // a bias on one output
		}
		return &y
	}
	trainX, testX := randomMatrix(rng, 30, 4), randomMatrix(rng, 10, 4)
	if got, err := ProbeR2(trainX, targets(trainX), testX, targets(testX), 0); err != nil || !near(got, 1, 1e-12) {
		t.Errorf("ProbeR2 on a noise-free linear map = %v, %v; want 1", got, err)
	}
	blobs := func(n int) (*mat.Dense, []int) {
		x := randomMatrix(rng, n, 3)
		labels := make([]int, n)
		for i := range n {
			labels[i] = i % 3
			x.Set(i, labels[i], x.At(i, labels[i])+10)
		}
		return x, labels
	}
	ax, al := blobs(60)
	bx, bl := blobs(30)
	if acc, err := ProbeAccuracy(ax, al, bx, bl, 3, 1e-3); err != nil || acc != 1 {
		t.Errorf("ProbeAccuracy on well-separated blobs = %v, %v; want 1", acc, err)
	}
	if _, err := ProbeAccuracy(ax, al, bx, bl, 2, 1e-3); err == nil {
		t.Error("ProbeAccuracy accepted label 2 with classes = 2")
	}
}

func TestR2HandComputed(t *testing.T) {
	// ȳ = 7/3: SS_tot = 42/9, SS_res = 1.
	got := R2(mat.NewDense(3, 1, []float64{1, 2, 3}), mat.NewDense(3, 1, []float64{1, 2, 4}))
	if !near(got, 1-9.0/42, 1e-15) {
		t.Errorf("R2 = %v, want %v", got, 1-9.0/42)
	}
}

func TestFitRidgeRejectsBadInput(t *testing.T) {
	collinear := mat.NewDense(3, 2, []float64{1, 2, 2, 4, 3, 6})
	y := mat.NewDense(3, 1, []float64{1, 2, 3})
	if _, err := FitRidge(collinear, y, 0); err == nil {
		t.Error("ridge 0 on collinear features: no error")
	}
	if _, err := FitRidge(collinear, y, 1e-6); err != nil {
		t.Errorf("ridge > 0 on collinear features: %v", err)
	}
	if _, err := FitRidge(collinear, y, -1); err == nil {
		t.Error("negative ridge: no error")
	}
	if _, err := FitRidge(collinear, mat.NewDense(2, 1, nil), 1); err == nil {
		t.Error("row mismatch: no error")
	}
}
