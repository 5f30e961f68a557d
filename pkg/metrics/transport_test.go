package metrics

import (
	"math"
	"math/rand"
	"sort"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// In 1-D, W1 between two equal-size uniform clouds is the mean absolute
// difference of their sorted values; the entropic estimate at ε = 0.01 of
// the mean distance lies within about a percent above it, and its plan has
// the right marginals.
func TestWasserstein1OneDimensional(t *testing.T) {
	rng := rand.New(rand.NewSource(19))
	const n = 40
	xs, ys := make([]float64, n), make([]float64, n)
	for i := range xs {
		xs[i] = rng.NormFloat64()
		ys[i] = 2 + 0.5*rng.NormFloat64()
	}
	x, y := mat.NewDense(n, 1, append([]float64(nil), xs...)), mat.NewDense(n, 1, append([]float64(nil), ys...))
	sort.Float64s(xs)
	sort.Float64s(ys)
	var want float64
	for i := range xs {
		want += math.Abs(xs[i]-ys[i]) / n
	}
	got, err := Wasserstein1(x, y, 0.01)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Converged || got.Cost < want-1e-6 || got.Cost > want*1.02 {
		t.Errorf("W1 = %+v, want %v (exact) to within 2%% above", got.Cost, want)
	}
	for i := range n {
		if r := mat.Sum(got.Plan.RowView(i)); !near(r, 1.0/n, 1e-8) {
			t.Fatalf("row %d of the plan sums to %v, want 1/%d", i, r, n)
		}
		if c := mat.Sum(got.Plan.ColView(i)); !near(c, 1.0/n, 1e-8) {
			t.Fatalf("column %d of the plan sums to %v, want 1/%d", i, c, n)
		}
	}
}

// Two points each, by hand: moving mass ½ from 0 to 1 and ½ from 3 to 3
// costs ½ with the cost matrix below; large ε spreads the plan towards
// a⊗b, whose cost is the mean cost.
func TestSinkhornLimits(t *testing.T) {
	cost := mat.NewDense(2, 2, []float64{1, 3, 2, 0})
	half := []float64{0.5, 0.5}
	sharp, err := Sinkhorn(cost, half, half, 1e-3, 10000, 1e-12)
	if err != nil || !near(sharp.Cost, 0.5, 1e-6) {
		t.Errorf("ε → 0: cost %v (%v), want 0.5 (diagonal plan)", sharp.Cost, err)
	}
	flat, _ := Sinkhorn(cost, half, half, 1e6, 10000, 1e-12)
	if !near(flat.Cost, 1.5, 1e-5) {
		t.Errorf("ε → ∞: cost %v, want the mean cost 1.5", flat.Cost)
	}
	if _, err := Sinkhorn(cost, []float64{0.7, 0.7}, half, 1, 10, 1e-6); err == nil {
		t.Error("weights summing to 1.4: no error")
	}
}
