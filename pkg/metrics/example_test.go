package metrics_test

import (
	"fmt"
	"math"
	"math/rand"

	"github.com/papernb/papernb/pkg/metrics"
)

// A decay that halves every time x doubles is a power law with exponent −1.
func ExampleFitPowerLaw() {
	x := []float64{1, 2, 4, 8, 16}
	y := []float64{10, 5.1, 2.4, 1.26, 0.62}
	p, err := metrics.FitPowerLaw(x, y)
	if err != nil {
		panic(err)
	}
	fmt.Printf("y ≈ %.2f·x^%.3f, 95%% CI of the exponent [%.3f, %.3f], R² = %.4f\n",
		p.Coefficient, p.Exponent, p.ExponentLo, p.ExponentHi, p.R2)
	// Output: y ≈ 10.01·x^-1.004, 95% CI of the exponent [-1.042, -0.966], R² = 0.9996
}

// The outputs of one random network are dependent, so the error bar of a
// pooled statistic resamples networks, not outputs.
func ExampleBootstrapGroups() {
	rng := rand.New(rand.NewSource(1))
	var networks []metrics.Moments
	for range 20000 {
		scale := 1 + 0.5*rng.NormFloat64() // shared by the network's outputs
		outputs := make([]float64, 8)
		for i := range outputs {
			outputs[i] = scale * rng.NormFloat64()
		}
		networks = append(networks, metrics.MomentsOf(outputs))
	}
	k, err := metrics.BootstrapGroups(networks, metrics.Moments.ExcessKurtosis, 200, rand.New(rand.NewSource(2)))
	if err != nil {
		panic(err)
	}
	// A Gaussian scale mixture has excess kurtosis 3(E[s⁴]/E[s²]² − 1) = 3(2.6875/1.25² − 1) ≈ 2.2 here.
	fmt.Printf("excess kurtosis %.1f ± %.1f\n", k.Value, k.SD)
	// Output: excess kurtosis 2.1 ± 0.1
}

// Calibration of a classifier from its logits: the confidence of each
// prediction against whether it was right.
func ExampleReliability() {
	logits := metrics.Matrix([][]float32{{2, 0}, {0, 3}, {1, 1.2}, {4, 0}})
	labels := []int{0, 0, 1, 0}
	conf, pred := metrics.SoftmaxConfidence(logits)
	correct := make([]bool, len(pred))
	for i := range pred {
		correct[i] = pred[i] == labels[i]
	}
	cal := metrics.Reliability(conf, correct, 5)
	fmt.Printf("accuracy %.2f, cross-entropy %.3f, ECE %.3f\n",
		metrics.Accuracy(pred, labels), metrics.CrossEntropy(logits, labels), cal.ECE)
	for _, b := range cal.Bins {
		if b.Count > 0 {
			fmt.Printf("(%.1f, %.1f]: %d examples, confidence %.3f, accuracy %.2f\n", b.Lo, b.Hi, b.Count, b.Confidence, b.Accuracy)
		}
	}
	// Output:
	// accuracy 0.75, cross-entropy 0.948, ECE 0.316
	// (0.4, 0.6]: 1 examples, confidence 0.550, accuracy 1.00
	// (0.8, 1.0]: 3 examples, confidence 0.938, accuracy 0.67
}

// Comparing two layers' representations of the same examples: CKA ignores a
// rotation and a rescaling, and a ridge probe reads a target off a layer.
func ExampleLinearCKA() {
	layer1 := metrics.Matrix([][]float64{{1, 0}, {0, 1}, {1, 1}, {2, 0}})
	// layer2 is layer1 rotated by 90° and doubled, plus a constant unit.
	layer2 := metrics.Matrix([][]float64{{0, 2, 5}, {-2, 0, 5}, {-2, 2, 5}, {0, 4, 5}})
	fmt.Printf("CKA = %.3f\n", metrics.LinearCKA(layer1, layer2))

	target := metrics.Matrix([][]float64{{3}, {-1}, {2}, {6}}) // 3·x₀ − x₁
	r2, err := metrics.ProbeR2(layer1, target, layer1, target, 0)
	if err != nil {
		panic(err)
	}
	fmt.Printf("probe R² = %.3f, effective rank = %.3f\n", r2, metrics.EffectiveRank(layer1))
	// Output:
	// CKA = 1.000
	// probe R² = 1.000, effective rank = 1.907
}

// Points on a curve in R³ have intrinsic dimension 1, whatever the ambient
// dimension.
func ExampleTwoNN() {
	rng := rand.New(rand.NewSource(1))
	rows := make([][]float64, 500)
	for i := range rows {
		t := 6 * rng.Float64()
		rows[i] = []float64{math.Cos(t), math.Sin(t), 0.3 * t} // a helix
	}
	points := metrics.Matrix(rows)
	d, err := metrics.TwoNN(points, 0.1)
	if err != nil {
		panic(err)
	}
	mle, err := metrics.IntrinsicDimMLE(points, 10)
	if err != nil {
		panic(err)
	}
	fmt.Printf("TwoNN %.1f, MLE %.1f\n", d, mle)
	// Output: TwoNN 1.0, MLE 1.0
}
