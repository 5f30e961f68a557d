package metrics

import (
	"math"
	"testing"

	"github.com/gomlx/gomlx/core/tensors"
	"gonum.org/v1/gonum/mat"
)

func TestMatrixConverts(t *testing.T) {
	m := Matrix([][]float32{{1, 2}, {3, 4.5}})
	if !mat.Equal(m, mat.NewDense(2, 2, []float64{1, 2, 3, 4.5})) {
		t.Errorf("Matrix([][]float32) = %v", mat.Formatted(m))
	}
	// A [2, 2, 2] tensor becomes 2 rows of 4 flattened values.
	x := tensors.FromFlatDataAndDimensions([]float32{1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2)
	if !mat.Equal(Matrix(x), mat.NewDense(2, 4, []float64{1, 2, 3, 4, 5, 6, 7, 8})) {
		t.Errorf("Matrix(tensor [2,2,2]) = %v", mat.Formatted(Matrix(x)))
	}
	mustPanic(t, "ragged", "row 1 has 1 values", func() { Matrix([][]float64{{1, 2}, {3}}) })
	mustPanic(t, "int tensor", "dtype", func() { Matrix(tensors.FromValue([][]int32{{1}})) })
	mustPanic(t, "string", "got string", func() { Matrix("x") })
}

func TestAccuracyAndArgMax(t *testing.T) {
	logits := mat.NewDense(4, 3, []float64{
		0, 5, 1,
		2, 2, 1, // tie: lowest index wins
		-1, -3, -2,
		0, 0, 9,
	})
	pred := ArgMax(logits)
	for i, want := range []int{1, 0, 0, 2} {
		if pred[i] != want {
			t.Errorf("ArgMax row %d = %d, want %d", i, pred[i], want)
		}
	}
	if got := Accuracy(pred, []int{1, 1, 0, 2}); got != 0.75 {
		t.Errorf("Accuracy = %v, want 0.75", got)
	}
	mustPanic(t, "length", "len(predicted) = 4 but len(labels) = 1", func() { Accuracy(pred, []int{1}) })
	mustPanic(t, "empty", "empty", func() { Accuracy(nil, nil) })
}

func TestCrossEntropy(t *testing.T) {
	for _, c := range []struct {
		logits []float64
		label  int
		want   float64
	}{
		{[]float64{0, 0}, 0, math.Ln2},
		{[]float64{1, 2, 3}, 2, math.Log(math.E+math.Exp(2)+math.Exp(3)) - 3}, // 0.4076
		{[]float64{1000, 0}, 1, 1000},                                         // naive softmax would overflow
		{[]float64{-1000, 0}, 1, 0},                                           // naive would take log(0/…)
	} {
		got := CrossEntropy(mat.NewDense(1, len(c.logits), c.logits), []int{c.label})
		if !near(got, c.want, 1e-12) {
			t.Errorf("CrossEntropy(%v, %d) = %v, want %v", c.logits, c.label, got, c.want)
		}
	}
	two := mat.NewDense(2, 2, []float64{0, 0, 1000, 0})
	if got := CrossEntropy(two, []int{0, 0}); !near(got, math.Ln2/2, 1e-12) {
		t.Errorf("mean over rows = %v, want ln2/2", got)
	}
	mustPanic(t, "label range", "labels[1] = 2", func() { CrossEntropy(two, []int{0, 2}) })
	mustPanic(t, "NaN", "only finite", func() { CrossEntropy(mat.NewDense(1, 2, []float64{math.NaN(), 0}), []int{0}) })
}

func TestKLDivergence(t *testing.T) {
	// p = (1/2, 1/2), q = (1/4, 3/4): KL = ½ln 2 + ½ln(2/3).
	p := mat.NewDense(1, 2, []float64{0, 0})
	q := mat.NewDense(1, 2, []float64{0, math.Log(3)})
	if got, want := KLDivergence(p, q), 0.5*math.Log(2)+0.5*math.Log(2.0/3); !near(got, want, 1e-15) {
		t.Errorf("KL = %v, want %v", got, want)
	}
	// Shifting a row's logits changes nothing.
	if got := KLDivergence(p, mat.NewDense(1, 2, []float64{500, 500})); !near(got, 0, 1e-12) { // logits of 500 carry ulps of 1e-13
		t.Errorf("KL of shifted equal logits = %v, want 0", got)
	}
	mustPanic(t, "shape", "p is 1×2 but q is 2×1", func() { KLDivergence(p, mat.NewDense(2, 1, nil)) })
}
