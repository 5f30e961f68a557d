package metrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// ArgMax returns, for each row of logits (or probabilities), the index of its
// largest value: the predicted class. Ties go to the lowest index.
func ArgMax(logits mat.Matrix) []int {
	n, k := logits.Dims()
	pred := make([]int, n)
	for i := range n {
		best := logits.At(i, 0)
		for j := 1; j < k; j++ {
			if v := logits.At(i, j); v > best {
				best, pred[i] = v, j
			}
		}
	}
	return pred
}

// Accuracy returns the fraction of predicted labels that equal labels. The
// two must have the same, non-zero length.
func Accuracy(predicted, labels []int) float64 {
	checkSameLength("Accuracy", "predicted", "labels", len(predicted), len(labels))
	right := 0
	for i, p := range predicted {
		if p == labels[i] {
			right++
		}
	}
	return float64(right) / float64(len(labels))
}

// CrossEntropy returns the mean negative log-likelihood of labels under the
// softmax of logits (one row per example), in nats. It is computed as
// logsumexp(row) − row[label], which stays exact for logits far from zero
// where softmax-then-log would overflow or round to log 0.
func CrossEntropy(logits mat.Matrix, labels []int) float64 {
	n, k := logits.Dims()
	checkSameLength("CrossEntropy", "logits rows", "labels", n, len(labels))
	checkFinite("CrossEntropy", "logits", logits)
	var sum float64
	for i, y := range labels {
		checkLabel("CrossEntropy", i, y, k)
		sum += logSumExp(logits, i, k) - logits.At(i, y)
	}
	return sum / float64(n)
}

// logSumExp returns log Σ_j exp(m[i][j]) without overflow.
func logSumExp(m mat.Matrix, i, k int) float64 {
	row := make([]float64, k)
	for j := range k {
		row[j] = m.At(i, j)
	}
	return logSumExpOf(row)
}

// logSumExpOf returns log Σ exp(x) without overflow.
func logSumExpOf(x []float64) float64 {
	hi := math.Inf(-1)
	for _, v := range x {
		hi = math.Max(hi, v)
	}
	var s float64
	for _, v := range x {
		s += math.Exp(v - hi)
	}
	return hi + math.Log(s)
}

// checkSameLength panics unless two paired inputs have the same, non-zero length.
func checkSameLength(fn, a, b string, na, nb int) {
	if na != nb {
		panic(fmt.Errorf("metrics.%s: len(%s) = %d but len(%s) = %d; they must match", fn, a, na, b, nb))
	}
	if na == 0 {
		panic(fmt.Errorf("metrics.%s: %s is empty; need at least one example", fn, a))
	}
}

// checkLabel panics unless labels[i] = y is a class in [0, classes).
func checkLabel(fn string, i, y, classes int) {
	if y < 0 || y >= classes {
		panic(fmt.Errorf("metrics.%s: labels[%d] = %d; want a class in [0, %d)", fn, i, y, classes))
	}
}

// KLDivergence returns the mean over rows of KL(softmax(p) ‖ softmax(q)),
// in nats, for two models' logits on the same examples (p the reference,
// e.g. a full-precision teacher, q the approximation). It is computed from
// log-softmaxes, so it stays finite and ≥ 0 for logits of any size.
func KLDivergence(p, q mat.Matrix) float64 {
	n, k := p.Dims()
	if qn, qk := q.Dims(); qn != n || qk != k {
		panic(fmt.Errorf("metrics.KLDivergence: p is %d×%d but q is %d×%d; they must match", n, k, qn, qk))
	}
	checkFinite("KLDivergence", "p", p)
	checkFinite("KLDivergence", "q", q)
	var sum float64
	for i := range n {
		lp, lq := logSumExp(p, i, k), logSumExp(q, i, k)
		for j := range k {
			logP := p.At(i, j) - lp
			sum += math.Exp(logP) * (logP - (q.At(i, j) - lq))
		}
	}
	return math.Max(sum/float64(n), 0)
}
