package metrics

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestCosineSimilarities(t *testing.T) {
	a := mat.NewDense(2, 2, []float64{3, 0, 1, 1})
	b := mat.NewDense(1, 2, []float64{0, -2})
	got := CosineSimilarities(a, b)
	if !near(got.At(0, 0), 0, 1e-15) || !near(got.At(1, 0), -1/math.Sqrt2, 1e-15) {
		t.Errorf("cosines = %v, want [0 −1/√2]", mat.Formatted(got))
	}
	mustPanic(t, "zero row", "row 0 of b is zero", func() { CosineSimilarities(a, mat.NewDense(1, 2, nil)) })
}

// Query 0 ranks its match first and query 1 second; query 2 ties with both
// other candidates, and ties count against it, so it needs k = 3:
// R@1 = 1/3, R@2 = 2/3, R@3 = 1.
func TestRecallAtK(t *testing.T) {
	scores := mat.NewDense(3, 3, []float64{
		0.9, 0.1, 0.2,
		0.8, 0.5, 0.1,
		0.4, 0.4, 0.4,
	})
	for k, want := range map[int]float64{1: 1.0 / 3, 2: 2.0 / 3, 3: 1} {
		if got := RecallAtK(scores, k); !near(got, want, 1e-15) {
			t.Errorf("R@%d = %v, want %v", k, got, want)
		}
	}
	mustPanic(t, "k", "k = 4", func() { RecallAtK(scores, 4) })
}
