package metrics

import (
	"math"
	"testing"
)

func TestMidranks(t *testing.T) {
	got := midranks([]float64{20, 10, 30, 20})
	for i, want := range []float64{2.5, 1, 4, 2.5} {
		if got[i] != want {
			t.Fatalf("midranks = %v, want [2.5 1 4 2.5]", got)
		}
	}
}

// Reference values are SciPy's documented examples (spearmanr, kendalltau),
// both with ties.
func TestRankCorrelationsWithTies(t *testing.T) {
	// ranks of y: 1, 2, 3.5, 5, 3.5 → ρ = 8/√(10·9.5).
	if got := Spearman([]float64{1, 2, 3, 4, 5}, []float64{5, 6, 7, 8, 7}); !near(got, 8/math.Sqrt(95), 1e-15) {
		t.Errorf("Spearman = %v, want 0.8207826816681233", got)
	}
	// C = 1, D = 5, T_x = 2, T_y = 1 of n₀ = 10 pairs: τ_b = −4/√(8·9).
	if got := KendallTau([]float64{12, 2, 1, 12, 2}, []float64{1, 4, 7, 1, 0}); !near(got, -4/math.Sqrt(72), 1e-15) {
		t.Errorf("KendallTau = %v, want −0.47140452079103173", got)
	}
}

// Rank correlations see only order: any increasing transform gives 1, a
// decreasing one −1.
func TestRankCorrelationsMonotone(t *testing.T) {
	x := []float64{0.1, 3, -2, 7, 5}
	up, down := make([]float64, len(x)), make([]float64, len(x))
	for i, v := range x {
		up[i] = math.Exp(v)
		down[i] = -v * v * v
	}
	for name, got := range map[string]float64{
		"Spearman up": Spearman(x, up), "Spearman down": -Spearman(x, down),
		"Kendall up": KendallTau(x, up), "Kendall down": -KendallTau(x, down),
	} {
		if !near(got, 1, 1e-15) {
			t.Errorf("%s = %v, want ±1", name, got)
		}
	}
	if got := KendallTau([]float64{1, 1}, []float64{1, 2}); !math.IsNaN(got) {
		t.Errorf("KendallTau of a constant = %v, want NaN", got)
	}
	mustPanic(t, "one pair", "at least 2", func() { Spearman([]float64{1}, []float64{1}) })
	mustPanic(t, "NaN", "NaN has no rank", func() { KendallTau([]float64{1, math.NaN()}, []float64{1, 2}) })
}
