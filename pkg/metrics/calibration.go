package metrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// SoftmaxConfidence returns, for each row of logits, the predicted class and
// its softmax probability: the confidence a calibration measure compares with
// the accuracy.
func SoftmaxConfidence(logits mat.Matrix) (confidence []float64, predicted []int) {
	n, k := logits.Dims()
	checkFinite("SoftmaxConfidence", "logits", logits)
	predicted = ArgMax(logits)
	confidence = make([]float64, n)
	for i := range n {
		confidence[i] = math.Exp(logits.At(i, predicted[i]) - logSumExp(logits, i, k))
	}
	return confidence, predicted
}

// ReliabilityBin is one bar of a reliability diagram: the examples whose
// confidence fell in (Lo, Hi] (the first bin also takes confidence 0).
type ReliabilityBin struct {
	Lo, Hi     float64
	Count      int
	Confidence float64 // mean confidence in the bin; NaN when Count is 0
	Accuracy   float64 // fraction correct in the bin; NaN when Count is 0
}

// Calibration summarises how well confidences match accuracies.
type Calibration struct {
	// ECE is the expected calibration error Σ_b (n_b/n)·|acc_b − conf_b|
	// (Naeini et al. 2015; Guo et al. 2017), in [0, 1].
	ECE float64
	// MCE is the maximum calibration error max_b |acc_b − conf_b| over
	// non-empty bins.
	MCE  float64
	Bins []ReliabilityBin
}

// Reliability bins examples by confidence into bins equal-width intervals of
// [0, 1] and returns the expected calibration error with the per-bin
// numbers of a reliability diagram. confidence[i] is the probability the
// model gave its prediction for example i, and correct[i] says whether that
// prediction was right. Confidences must lie in [0, 1]; bins must be ≥ 1
// (15 is the usual choice since Guo et al. 2017).
//
// With few examples per bin the ECE is biased upward (noise in acc_b never
// cancels inside |·|); compare models on equal sample sizes.
func Reliability(confidence []float64, correct []bool, bins int) Calibration {
	checkSameLength("Reliability", "confidence", "correct", len(confidence), len(correct))
	if bins < 1 {
		panic(fmt.Errorf("metrics.Reliability: bins = %d; need at least 1", bins))
	}
	sumConf := make([]float64, bins)
	sumRight := make([]float64, bins)
	count := make([]int, bins)
	checkProbabilities("Reliability", confidence)
	for i, c := range confidence {
		b := binOf(c, bins)
		sumConf[b] += c
		if correct[i] {
			sumRight[b]++
		}
		count[b]++
	}
	cal := Calibration{Bins: make([]ReliabilityBin, bins)}
	n := float64(len(confidence))
	for b := range bins {
		bin := ReliabilityBin{
			Lo:         float64(b) / float64(bins),
			Hi:         float64(b+1) / float64(bins),
			Count:      count[b],
			Confidence: math.NaN(),
			Accuracy:   math.NaN(),
		}
		if count[b] > 0 {
			bin.Confidence = sumConf[b] / float64(count[b])
			bin.Accuracy = sumRight[b] / float64(count[b])
			gap := math.Abs(bin.Accuracy - bin.Confidence)
			cal.ECE += float64(count[b]) / n * gap
			cal.MCE = math.Max(cal.MCE, gap)
		}
		cal.Bins[b] = bin
	}
	return cal
}

// binOf returns the bin b with b/bins < c ≤ (b+1)/bins (bin 0 also takes
// c = 0), comparing against the same edges Reliability reports, so that a
// confidence of exactly 0.3 lands in (0.2, 0.3] although 0.3·10 rounds to
// 3.0000000000000004.
func binOf(c float64, bins int) int {
	b := min(max(int(math.Ceil(c*float64(bins)))-1, 0), bins-1)
	for b > 0 && c <= float64(b)/float64(bins) {
		b--
	}
	for b < bins-1 && c > float64(b+1)/float64(bins) {
		b++
	}
	return b
}

// checkProbabilities panics unless every confidence lies in [0, 1].
func checkProbabilities(fn string, confidence []float64) {
	for i, c := range confidence {
		if !(c >= 0 && c <= 1) {
			panic(fmt.Errorf("metrics.%s: confidence[%d] = %v; want a probability in [0, 1]", fn, i, c))
		}
	}
}
