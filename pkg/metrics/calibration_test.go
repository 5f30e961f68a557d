package metrics

import (
	"math"
	"math/rand"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestSoftmaxConfidence(t *testing.T) {
	conf, pred := SoftmaxConfidence(mat.NewDense(2, 2, []float64{0, math.Log(3), 5, 5}))
	if pred[0] != 1 || !near(conf[0], 0.75, 1e-15) || pred[1] != 0 || !near(conf[1], 0.5, 1e-15) {
		t.Errorf("SoftmaxConfidence = %v, %v; want [0.75 0.5], [1 0]", conf, pred)
	}
}

// Four bins of width 0.25, filled by hand:
//
//	bin 0 (0, .25]:  conf 0 (edge), .2       → conf .1,  acc 0/2
//	bin 1 (.25, .5]: empty
//	bin 2 (.5, .75]: .6, .7, .75 (edge)      → conf .6833, acc 2/3
//	bin 3 (.75, 1]:  .9, 1 (edge)            → conf .95, acc 1/2
//
// ECE = (2·.1 + 3·|2/3−.68333| + 2·.45)/7, MCE = .45.
func TestReliabilityHandComputed(t *testing.T) {
	conf := []float64{0, 0.2, 0.6, 0.7, 0.75, 0.9, 1}
	right := []bool{false, false, true, true, false, true, false}
	c := Reliability(conf, right, 4)
	want := []ReliabilityBin{
		{Lo: 0, Hi: 0.25, Count: 2, Confidence: 0.1, Accuracy: 0},
		{Lo: 0.25, Hi: 0.5, Count: 0},
		{Lo: 0.5, Hi: 0.75, Count: 3, Confidence: 2.05 / 3, Accuracy: 2.0 / 3},
		{Lo: 0.75, Hi: 1, Count: 2, Confidence: 0.95, Accuracy: 0.5},
	}
	for b, w := range want {
		g := c.Bins[b]
		if g.Lo != w.Lo || g.Hi != w.Hi || g.Count != w.Count {
			t.Errorf("bin %d = %+v, want %+v", b, g, w)
			continue
		}
		if w.Count == 0 {
			if !math.IsNaN(g.Confidence) || !math.IsNaN(g.Accuracy) {
				t.Errorf("empty bin %d = %+v, want NaN confidence and accuracy", b, g)
			}
		} else if !near(g.Confidence, w.Confidence, 1e-12) || !near(g.Accuracy, w.Accuracy, 1e-12) {
			t.Errorf("bin %d = %+v, want %+v", b, g, w)
		}
	}
	wantECE := (2*0.1 + 3*math.Abs(2.0/3-2.05/3) + 2*0.45) / 7
	if !near(c.ECE, wantECE, 1e-12) || !near(c.MCE, 0.45, 1e-12) {
		t.Errorf("ECE, MCE = %v, %v; want %v, 0.45", c.ECE, c.MCE, wantECE)
	}
}

// A model that is right with exactly its stated probability is calibrated:
// the ECE shrinks like 1/√(n per bin), while one that is always 20 points
// overconfident has ECE 0.2.
func TestReliabilityCalibratedVersusOverconfident(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	const n = 200000
	conf := make([]float64, n)
	honest := make([]bool, n)
	over := make([]bool, n)
	for i := range conf {
		conf[i] = 0.3 + 0.7*rng.Float64()
		u := rng.Float64()
		honest[i] = u < conf[i]
		over[i] = u < conf[i]-0.2
	}
	if e := Reliability(conf, honest, 15).ECE; e > 0.01 {
		t.Errorf("calibrated model: ECE = %v, want < 0.01", e)
	}
	if e := Reliability(conf, over, 15).ECE; !near(e, 0.2, 0.01) {
		t.Errorf("overconfident model: ECE = %v, want 0.2", e)
	}
}

// Confidences on bin edges belong to the bin they close, even where the
// product c·bins rounds up (0.3·10 = 3.0000000000000004, 0.7·10 = 7.000000000000001).
func TestBinOfEdges(t *testing.T) {
	for _, c := range []struct {
		conf float64
		bins int
		want int
	}{
		{0, 10, 0}, {0.1, 10, 0}, {0.3, 10, 2}, {0.7, 10, 6}, {0.30000000000000004, 10, 3}, {1, 10, 9}, {0.5, 1, 0}, {2.0 / 3, 3, 1},
	} {
		if got := binOf(c.conf, c.bins); got != c.want {
			t.Errorf("binOf(%v, %d) = %d, want %d", c.conf, c.bins, got, c.want)
		}
	}
}

func TestReliabilityRejectsBadInput(t *testing.T) {
	mustPanic(t, "bins", "bins = 0", func() { Reliability([]float64{0.5}, []bool{true}, 0) })
	mustPanic(t, "range", "confidence[0] = 1.5", func() { Reliability([]float64{1.5}, []bool{true}, 10) })
	mustPanic(t, "NaN", "confidence[0] = NaN", func() { Reliability([]float64{math.NaN()}, []bool{true}, 10) })
}
