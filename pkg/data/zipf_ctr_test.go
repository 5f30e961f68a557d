package data

import (
	"math"
	"math/rand"
	"testing"

	"gonum.org/v1/gonum/stat"
)

// Empirical frequencies of the top ranks fall on a line of slope −s on
// log–log axes, and each frequency matches its probability within
// Monte-Carlo error.
func TestZipfFrequencySlope(t *testing.T) {
	for _, s := range []float64{0.8, 1.1, 1.5} {
		z, err := NewZipf(1000, s)
		if err != nil {
			t.Fatal(err)
		}
		const n = 200000
		count := make([]float64, z.Vocab())
		for _, r := range z.DrawN(rand.New(rand.NewSource(1)), n) {
			count[r]++
		}
		var xs, ys []float64
		for r := 0; r < 30; r++ {
			p := z.Prob(r)
			if se := math.Sqrt(p * (1 - p) / n); math.Abs(count[r]/n-p) > 5*se {
				t.Errorf("s=%g: rank %d frequency %.5f, want %.5f within %.5f", s, r, count[r]/n, p, 5*se)
			}
			xs = append(xs, math.Log(float64(r+1)))
			ys = append(ys, math.Log(count[r]/n))
		}
		_, slope := stat.LinearRegression(xs, ys, nil, false)
		if math.Abs(slope+s) > 0.05 {
			t.Errorf("s=%g: log–log slope %.3f, want %.3f within 0.05", s, slope, -s)
		}
	}
}

// The clicks follow the stated probabilities and their mean is the base
// rate; noise fields (dimension 0) and inactive values do not move the
// logit; Offsets and FlatIndices index one shared table.
func TestCTRGroundTruth(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	cfg := CTRConfig{
		Vocabs:         []int{200, 100, 50, 20, 10},
		Dims:           []int{4, 4, 2, 1, 0},
		Exponent:       1.1,
		ActiveFraction: 0.3,
		Scale:          1.5,
		BaseRate:       0.2,
	}
	c, err := NewCTR(rng, cfg)
	if err != nil {
		t.Fatal(err)
	}
	const n = 40000
	rows, clicks, probs := c.Sample(rng, n)
	var meanP, meanC, sp2 float64
	for i := range rows {
		meanP += probs[i] / n
		meanC += float64(clicks[i]) / n
		sp2 += probs[i] * (1 - probs[i])
	}
	if math.Abs(meanP-0.2) > 0.01 {
		t.Errorf("mean click probability %.4f, want the base rate 0.2 within 0.01", meanP)
	}
	if se := math.Sqrt(sp2) / n; math.Abs(meanC-meanP) > 5*se {
		t.Errorf("click rate %.4f, mean probability %.4f: differ by more than %.4f", meanC, meanP, 5*se)
	}
	var logits []float64
	for _, r := range rows[:2000] {
		logits = append(logits, c.Logit(r))
	}
	if sd := stat.StdDev(logits, nil); sd < 0.5 {
		t.Errorf("logit standard deviation %.3f: the teacher carries almost no signal", sd)
	}
	row := []int{3, 5, 1, 0, 0}
	base := c.Logit(row)
	for v := 1; v < 10; v++ {
		row[4] = v
		if l := c.Logit(row); l != base {
			t.Fatalf("noise field value %d moved the logit from %g to %g", v, base, l)
		}
	}
	row = []int{150, 99, 40, 19, 0} // all beyond the active 30%
	if l := c.Logit(row); l != c.Bias {
		t.Errorf("a row of inactive values has logit %g, want the bias %g", l, c.Bias)
	}
	off := c.Offsets()
	if off[5] != 380 || off[2] != 300 {
		t.Errorf("offsets %v, want cumulative vocabularies ending at 380", off)
	}
	if idx := c.FlatIndices([][]int{{3, 5, 1, 0, 9}}); idx[1] != 205 || idx[4] != 379 {
		t.Errorf("flat indices %v, want [3 205 301 350 379]", idx)
	}
}

func TestZipfAndCTRRejectBadValues(t *testing.T) {
	if _, err := NewZipf(0, 1); err == nil {
		t.Error("empty vocabulary: no error")
	}
	if _, err := NewZipf(10, -1); err == nil {
		t.Error("negative exponent: no error")
	}
	rng := rand.New(rand.NewSource(1))
	for _, cfg := range []CTRConfig{
		{},
		{Vocabs: []int{10}, Dims: []int{1, 2}, BaseRate: 0.2},
		{Vocabs: []int{10}, Dims: []int{1}, BaseRate: 1},
		{Vocabs: []int{10}, Dims: []int{-1}, BaseRate: 0.2},
		{Vocabs: []int{0}, Dims: []int{1}, BaseRate: 0.2},
	} {
		if _, err := NewCTR(rng, cfg); err == nil {
			t.Errorf("config %+v: no error", cfg)
		}
	}
}
