package metrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// BinPatterns discretises activations the way the information-bottleneck
// experiments do (Shwartz-Ziv & Tishby 2017): each value is put in one of
// bins equal-width bins of [lo, hi] (values outside are clipped to the end
// bins), and each row's tuple of bin indices becomes one discrete symbol.
// It returns one symbol per row, numbered 0, 1, … in order of first
// appearance, so equal rows of bins get equal symbols. Use lo and hi fixed
// by the activation (−1, 1 for tanh) or by the layer's range over the whole
// run, so that symbols are comparable across epochs.
func BinPatterns(activations mat.Matrix, bins int, lo, hi float64) []int {
	if bins < 1 || bins > 1<<16 {
		panic(fmt.Errorf("metrics.BinPatterns: bins = %d; want 1 … 65536", bins))
	}
	if !(lo < hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		panic(fmt.Errorf("metrics.BinPatterns: range [%v, %v]; want finite lo < hi", lo, hi))
	}
	checkFinite("BinPatterns", "activations", activations)
	n, d := activations.Dims()
	width := (hi - lo) / float64(bins)
	ids := make(map[string]int)
	symbols := make([]int, n)
	key := make([]byte, 0, 2*d)
	for i := range n {
		key = key[:0]
		for j := range d {
			b := min(max(int((activations.At(i, j)-lo)/width), 0), bins-1)
			key = append(key, byte(b), byte(b>>8))
		}
		id, seen := ids[string(key)]
		if !seen {
			id = len(ids)
			ids[string(key)] = id
		}
		symbols[i] = id
	}
	return symbols
}

// EntropyBits returns the plug-in (maximum-likelihood) Shannon entropy, in
// bits, of the empirical distribution of symbols. It is biased low by about
// (S − 1)/(2N ln 2) bits for S occupied symbols and N samples, so it
// saturates at log₂ N when every sample is distinct.
func EntropyBits(symbols []int) float64 {
	if len(symbols) == 0 {
		panic(fmt.Errorf("metrics.EntropyBits: no symbols; need at least one"))
	}
	counts := make(map[int]float64)
	for _, s := range symbols {
		counts[s]++
	}
	return entropyOfCounts(counts, float64(len(symbols)))
}

// MutualInformationBits returns the plug-in estimate, in bits, of the mutual
// information between two paired discrete variables,
// I(A; B) = H(A) + H(B) − H(A, B). For the information plane of a layer T,
// with inputs X drawn uniformly from distinct examples and T a deterministic
// function of X, I(X; T) = H(T) (EntropyBits of the layer's patterns) and
// I(T; Y) = MutualInformationBits(patterns, labels).
func MutualInformationBits(a, b []int) float64 {
	checkSameLength("MutualInformationBits", "a", "b", len(a), len(b))
	joint := make(map[[2]int]float64)
	for i := range a {
		joint[[2]int{a[i], b[i]}]++
	}
	n := float64(len(a))
	var hJoint float64
	for _, c := range joint {
		p := c / n
		hJoint -= p * math.Log2(p)
	}
	return max(EntropyBits(a)+EntropyBits(b)-hJoint, 0)
}

func entropyOfCounts(counts map[int]float64, n float64) float64 {
	var h float64
	for _, c := range counts {
		p := c / n
		h -= p * math.Log2(p)
	}
	return h
}

// NormalizedMutualInformation returns 2·I(A; B) / (H(A) + H(B)) of two
// labelings of the same items (the arithmetic normalisation, scikit-learn's
// default): 1 when one labeling is a relabeling of the other, 0 for
// independent ones, whatever the label values. It is 1 when both labelings
// are constant (they agree trivially).
func NormalizedMutualInformation(a, b []int) float64 {
	mi := MutualInformationBits(a, b)
	h := EntropyBits(a) + EntropyBits(b)
	if h == 0 {
		return 1
	}
	return math.Min(2*mi/h, 1)
}
