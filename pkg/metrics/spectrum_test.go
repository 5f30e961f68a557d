package metrics

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestSingularValuesAndEffectiveRank(t *testing.T) {
	s := SingularValues(mat.NewDense(2, 2, []float64{3, 0, 0, -4}))
	if !near(s[0], 4, 1e-14) || !near(s[1], 3, 1e-14) {
		t.Errorf("SingularValues = %v, want [4 3]", s)
	}
	// p = (4/7, 3/7): exp of the entropy by hand.
	want := math.Exp(-(4.0/7*math.Log(4.0/7) + 3.0/7*math.Log(3.0/7)))
	if got := EffectiveRankOf(s); !near(got, want, 1e-14) {
		t.Errorf("EffectiveRank(diag(3, −4)) = %v, want %v", got, want)
	}
	// Equal non-zero singular values: the effective rank is the rank.
	flat := mat.NewDense(3, 4, []float64{2, 0, 0, 0, 0, 0, 2, 0, 0, 2, 0, 0})
	if got := EffectiveRank(flat); !near(got, 3, 1e-12) {
		t.Errorf("EffectiveRank of three equal directions = %v, want 3", got)
	}
	rankOne := mat.NewDense(3, 2, []float64{1, 2, 2, 4, -1, -2})
	if got := EffectiveRank(rankOne); !near(got, 1, 1e-12) {
		t.Errorf("EffectiveRank of a rank-1 matrix = %v, want 1", got)
	}
	mustPanic(t, "zero", "all 2 singular values are 0", func() { EffectiveRankOf([]float64{0, 0}) })
	mustPanic(t, "negative", "singular[1] = -1", func() { EffectiveRankOf([]float64{1, -1}) })
}
