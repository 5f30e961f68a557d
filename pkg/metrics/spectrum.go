package metrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// SingularValues returns the singular values of m in decreasing order. For
// the spectrum of a representation's covariance, centre the columns first
// and square the values (divided by n − 1).
func SingularValues(m mat.Matrix) []float64 {
	checkFinite("SingularValues", "m", m)
	var svd mat.SVD
	if !svd.Factorize(m, mat.SVDNone) {
		panic(fmt.Errorf("metrics.SingularValues: the SVD did not converge"))
	}
	return svd.Values(nil)
}

// EffectiveRank returns the effective rank of m (Roy & Vetterli 2007): the
// exponential of the Shannon entropy of its normalised singular values
// p_k = σ_k / Σσ. It lies between 1 (one dominant direction) and the rank,
// which it equals exactly when the non-zero singular values are equal; unlike
// the rank it does not jump when a tiny singular value appears.
func EffectiveRank(m mat.Matrix) float64 {
	return EffectiveRankOf(SingularValues(m))
}

// EffectiveRankOf returns exp(−Σ p_k ln p_k) with p_k = σ_k / Σσ for given
// singular values (all ≥ 0, not all 0), so a spectrum computed once can
// serve both a plot and this number.
func EffectiveRankOf(singular []float64) float64 {
	var sum float64
	for i, s := range singular {
		if !(s >= 0) || math.IsInf(s, 0) {
			panic(fmt.Errorf("metrics.EffectiveRankOf: singular[%d] = %v; singular values are finite and ≥ 0", i, s))
		}
		sum += s
	}
	if sum == 0 {
		panic(fmt.Errorf("metrics.EffectiveRankOf: all %d singular values are 0; the zero matrix has no effective rank", len(singular)))
	}
	var h float64
	for _, s := range singular {
		if p := s / sum; p > 0 {
			h -= p * math.Log(p)
		}
	}
	return math.Exp(h)
}
