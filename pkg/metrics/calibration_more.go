package metrics

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// ReliabilityEqualMass is Reliability with bins holding equal numbers of
// examples (the first len%bins bins take one more) instead of equal widths
// of confidence, which keeps every bin's accuracy estimate equally precise
// when confidences crowd near 1 (Nixon et al. 2019's adaptive ECE). Each
// bin's Lo and Hi are the smallest and largest confidence it holds. It
// needs at least as many examples as bins.
func ReliabilityEqualMass(confidence []float64, correct []bool, bins int) Calibration {
	checkSameLength("ReliabilityEqualMass", "confidence", "correct", len(confidence), len(correct))
	if bins < 1 || bins > len(confidence) {
		panic(fmt.Errorf("metrics.ReliabilityEqualMass: bins = %d with %d examples; want 1 ≤ bins ≤ examples", bins, len(confidence)))
	}
	checkProbabilities("ReliabilityEqualMass", confidence)
	order := make([]int, len(confidence))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return confidence[order[a]] < confidence[order[b]] })
	n := len(confidence)
	cal := Calibration{Bins: make([]ReliabilityBin, bins)}
	start := 0
	for b := range bins {
		size := n / bins
		if b < n%bins {
			size++
		}
		members := order[start : start+size]
		start += size
		var sumConf, right float64
		for _, i := range members {
			sumConf += confidence[i]
			if correct[i] {
				right++
			}
		}
		bin := ReliabilityBin{
			Lo:         confidence[members[0]],
			Hi:         confidence[members[len(members)-1]],
			Count:      size,
			Confidence: sumConf / float64(size),
			Accuracy:   right / float64(size),
		}
		gap := math.Abs(bin.Accuracy - bin.Confidence)
		cal.ECE += float64(size) / float64(n) * gap
		cal.MCE = math.Max(cal.MCE, gap)
		cal.Bins[b] = bin
	}
	return cal
}

// Softmax returns the row-wise softmax of logits, computed stably.
func Softmax(logits mat.Matrix) *mat.Dense {
	checkFinite("Softmax", "logits", logits)
	n, k := logits.Dims()
	p := mat.NewDense(n, k, nil)
	for i := range n {
		lse := logSumExp(logits, i, k)
		for j := range k {
			p.Set(i, j, math.Exp(logits.At(i, j)-lse))
		}
	}
	return p
}

// Brier returns the multi-class Brier score, the mean over examples of
// Σ_k (p_k − 1{k = label})², of class probabilities probs (one row per
// example): 0 for certain right answers, 2 for certain wrong ones. Unlike
// the ECE it is a proper scoring rule, so it cannot be gamed by binning.
func Brier(probs mat.Matrix, labels []int) float64 {
	n, k := probs.Dims()
	checkSameLength("Brier", "probs rows", "labels", n, len(labels))
	checkFinite("Brier", "probs", probs)
	var sum float64
	for i, y := range labels {
		checkLabel("Brier", i, y, k)
		for j := range k {
			d := probs.At(i, j)
			if j == y {
				d--
			}
			sum += d * d
		}
	}
	return sum / float64(n)
}

// FitTemperature returns the temperature T > 0 that minimises the
// cross-entropy of softmax(logits/T) on held-out labels: temperature
// scaling (Guo et al. 2017), the one-parameter recalibration that changes
// confidences but never predictions. The cross-entropy is convex in 1/T,
// so a golden-section search over ln T in [ln 0.01, ln 100] finds the
// minimum (to a relative 1e-6); an error says so if it lies on the edge of
// that range (e.g. perfectly separable logits, where T → 0 keeps helping).
func FitTemperature(logits mat.Matrix, labels []int) (float64, error) {
	n, _ := logits.Dims()
	checkSameLength("FitTemperature", "logits rows", "labels", n, len(labels))
	scaled := mat.DenseCopyOf(logits)
	nll := func(logT float64) float64 {
		scaled.Scale(math.Exp(-logT), logits)
		return CrossEntropy(scaled, labels)
	}
	lo, hi := math.Log(0.01), math.Log(100)
	invPhi := (math.Sqrt(5) - 1) / 2
	a, b := hi-invPhi*(hi-lo), lo+invPhi*(hi-lo)
	fa, fb := nll(a), nll(b)
	for hi-lo > 1e-6 {
		if fa <= fb {
			hi, b, fb = b, a, fa
			a = hi - invPhi*(hi-lo)
			fa = nll(a)
		} else {
			lo, a, fa = a, b, fb
			b = lo + invPhi*(hi-lo)
			fb = nll(b)
		}
	}
	logT := (lo + hi) / 2
	if logT < math.Log(0.01)+1e-3 || logT > math.Log(100)-1e-3 {
		return math.Exp(logT), fmt.Errorf("metrics.FitTemperature: the best temperature lies at the edge of [0.01, 100] (T = %.3g); the logits are degenerate (separable or constant)", math.Exp(logT))
	}
	return math.Exp(logT), nil
}
