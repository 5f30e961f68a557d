package metrics

import (
	"math"
	"math/rand"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Six examples in three bins of two, by hand: (.1 ✗, .2 ✓), (.6 ✓, .7 ✗),
// (.9 ✓, .95 ✓) → gaps |.5−.15|, |.5−.65|, |1−.925|.
func TestReliabilityEqualMass(t *testing.T) {
	conf := []float64{0.9, 0.1, 0.7, 0.2, 0.95, 0.6}
	right := []bool{true, false, false, true, true, true}
	c := ReliabilityEqualMass(conf, right, 3)
	want := []ReliabilityBin{
		{Lo: 0.1, Hi: 0.2, Count: 2, Confidence: 0.15, Accuracy: 0.5},
		{Lo: 0.6, Hi: 0.7, Count: 2, Confidence: 0.65, Accuracy: 0.5},
		{Lo: 0.9, Hi: 0.95, Count: 2, Confidence: 0.925, Accuracy: 1},
	}
	for b, w := range want {
		g := c.Bins[b]
		if g.Lo != w.Lo || g.Hi != w.Hi || g.Count != w.Count || !near(g.Confidence, w.Confidence, 1e-15) || g.Accuracy != w.Accuracy {
			t.Errorf("bin %d = %+v, want %+v", b, g, w)
		}
	}
	if want := (0.35 + 0.15 + 0.075) / 3; !near(c.ECE, want, 1e-15) || !near(c.MCE, 0.35, 1e-15) {
		t.Errorf("ECE, MCE = %v, %v; want %v, 0.35", c.ECE, c.MCE, want)
	}
	if got := ReliabilityEqualMass(conf, right, 4).Bins; got[0].Count != 2 || got[1].Count != 2 || got[2].Count != 1 {
		t.Errorf("6 examples in 4 bins: counts %d %d %d %d, want 2 2 1 1", got[0].Count, got[1].Count, got[2].Count, got[3].Count)
	}
	mustPanic(t, "bins", "bins = 7 with 6 examples", func() { ReliabilityEqualMass(conf, right, 7) })
}

func TestSoftmaxAndBrier(t *testing.T) {
	p := Softmax(mat.NewDense(2, 2, []float64{0, math.Log(3), 1000, 0}))
	if !mat.EqualApprox(p, mat.NewDense(2, 2, []float64{0.25, 0.75, 1, 0}), 1e-15) {
		t.Errorf("Softmax = %v", mat.Formatted(p))
	}
	// Row 1: (.25−0)² + (.75−1)² = .125; row 2: (1−0)² + (0−1)² = 2.
	if got := Brier(p, []int{1, 1}); !near(got, (0.125+2)/2, 1e-15) {
		t.Errorf("Brier = %v, want 1.0625", got)
	}
}

// Logits drawn from a calibrated model and then multiplied by 3 are
// overconfident by exactly a temperature of 3: the fit must recover it.
func TestFitTemperatureRecoversScale(t *testing.T) {
	rng := rand.New(rand.NewSource(13))
	const n, k = 20000, 4
	logits := mat.NewDense(n, k, nil)
	labels := make([]int, n)
	for i := range n {
		for j := range k {
			logits.Set(i, j, rng.NormFloat64())
		}
		// Draw the label from softmax(true logits), then sharpen the logits.
		u, acc := rng.Float64(), 0.0
		probs := Softmax(logits.Slice(i, i+1, 0, k))
		labels[i] = k - 1
		for j := range k {
			acc += probs.At(0, j)
			if u < acc {
				labels[i] = j
				break
			}
		}
		for j := range k {
			logits.Set(i, j, 3*logits.At(i, j))
		}
	}
	temp, err := FitTemperature(logits, labels)
	if err != nil {
		t.Fatal(err)
	}
	if !near(temp, 3, 0.15) {
		t.Errorf("FitTemperature = %v, want 3", temp)
	}
	// Perfectly separable logits: the best T is 0, at the edge.
	if _, err := FitTemperature(mat.NewDense(2, 2, []float64{1, 0, 0, 1}), []int{0, 1}); err == nil {
		t.Error("separable logits: no error")
	}
}
