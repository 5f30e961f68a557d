package metrics

import (
	"math"
	"math/rand"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Features sitting exactly on a simplex ETF (rotated, scaled, shifted), with
// no within-class spread and a classifier proportional to the means, are
// fully collapsed: every measure is 0.
func TestNeuralCollapseExactETF(t *testing.T) {
	const k, p, perClass = 4, 6, 5
	rng := rand.New(rand.NewSource(10))
	etf := mat.NewDense(k, p, nil)
	for c := range k {
		for j := range k {
			v := -1.0 / k
			if c == j {
				v++
			}
			etf.Set(c, j, 3*v)
		}
	}
	var means mat.Dense
	means.Mul(etf, randomOrthogonal(rng, p))
	shift := []float64{5, -2, 0, 1, 7, 3}
	features := mat.NewDense(k*perClass, p, nil)
	labels := make([]int, k*perClass)
	for i := range labels {
		labels[i] = i % k
		for j := range p {
			features.Set(i, j, means.At(labels[i], j)+shift[j])
		}
	}
	var w mat.Dense
	w.Scale(0.7, &means)
	got := NeuralCollapse(features, labels, k, &w)
	for name, v := range map[string]float64{
		"NC1": got.NC1, "NC2": got.NC2, "NC3": got.NC3, "MeanNormCV": got.MeanNormCV,
		"Equiangularity": got.Equiangularity, "CosineSD": got.CosineSD, "ClassifierNormCV": got.ClassifierNormCV,
	} {
		if !near(v, 0, 1e-10) {
			t.Errorf("%s = %v on an exact simplex ETF, want 0", name, v)
		}
	}
	if c := got.MeanCosines.At(0, 1); !near(c, -1.0/3, 1e-12) {
		t.Errorf("cos between class means = %v, want −1/(K−1) = −1/3", c)
	}
}

// Two classes on a line at ±1 with spread ±σ: Σ_W = σ², Σ_B = 1, NC1 = σ²/2.
func TestNeuralCollapseNC1HandComputed(t *testing.T) {
	const sigma = 0.3
	features := mat.NewDense(4, 1, []float64{-1 - sigma, -1 + sigma, 1 - sigma, 1 + sigma})
	got := NeuralCollapse(features, []int{0, 0, 1, 1}, 2, nil)
	if !near(got.NC1, sigma*sigma/2, 1e-14) {
		t.Errorf("NC1 = %v, want σ²/2 = %v", got.NC1, sigma*sigma/2)
	}
	if !math.IsNaN(got.NC3) {
		t.Errorf("NC3 without a classifier = %v, want NaN", got.NC3)
	}
}

// Three class means (2, 0), (−1, 1), (−1, −1) already sum to 0: norms 2, √2,
// √2 and cosines −1/√2, −1/√2, 0, measured by hand.
func TestNeuralCollapseNC2HandComputed(t *testing.T) {
	features := mat.NewDense(3, 2, []float64{2, 0, -1, 1, -1, -1})
	got := NeuralCollapse(features, []int{0, 1, 2}, 3, nil)
	norms := []float64{2, math.Sqrt2, math.Sqrt2}
	mean := (2 + 2*math.Sqrt2) / 3
	var ss float64
	for _, v := range norms {
		ss += (v - mean) * (v - mean)
	}
	if want := math.Sqrt(ss/3) / mean; !near(got.MeanNormCV, want, 1e-14) {
		t.Errorf("MeanNormCV = %v, want %v", got.MeanNormCV, want)
	}
	c := -1 / math.Sqrt2
	if want := (2*math.Abs(c+0.5) + 0.5) / 3; !near(got.Equiangularity, want, 1e-14) {
		t.Errorf("Equiangularity = %v, want %v", got.Equiangularity, want)
	}
	if got.NC2 < 0.1 {
		t.Errorf("NC2 = %v for a visibly non-ETF configuration", got.NC2)
	}
	// Orthonormal class means are a simplex ETF once centred.
	ortho := NeuralCollapse(mat.NewDense(3, 3, []float64{1, 0, 0, 0, 1, 0, 0, 0, 1}), []int{0, 1, 2}, 3, nil)
	if !near(ortho.NC2, 0, 1e-12) {
		t.Errorf("NC2 of centred orthonormal means = %v, want 0", ortho.NC2)
	}
}

func TestNeuralCollapseRejectsBadInput(t *testing.T) {
	f := mat.NewDense(2, 1, []float64{0, 1})
	mustPanic(t, "missing class", "class 2 has no examples", func() { NeuralCollapse(f, []int{0, 1}, 3, nil) })
	mustPanic(t, "label", "labels[1] = 5", func() { NeuralCollapse(f, []int{0, 5}, 2, nil) })
	mustPanic(t, "classifier", "classifier is 1×1", func() { NeuralCollapse(f, []int{0, 1}, 2, mat.NewDense(1, 1, nil)) })
}
