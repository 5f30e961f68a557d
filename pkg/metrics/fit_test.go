package metrics

import (
	"math"
	"math/rand"
	"testing"
)

func TestFitLineExact(t *testing.T) {
	f, err := FitLine([]float64{0, 1, 2, 5}, []float64{3, 1, -1, -7})
	if err != nil {
		t.Fatal(err)
	}
	if f.Slope != -2 || f.Intercept != 3 || f.R2 != 1 || f.SlopeSE != 0 || f.N != 4 {
		t.Errorf("FitLine on y = 3 − 2x: %+v", f)
	}
	if got := f.At(10); got != -17 {
		t.Errorf("At(10) = %v, want −17", got)
	}
}

// Anscombe's first data set: the textbook regression y = 3.00 + 0.500x,
// R² = 0.667, standard error of the slope 0.118 (9 degrees of freedom).
func TestFitLineAnscombe(t *testing.T) {
	x := []float64{10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5}
	y := []float64{8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68}
	f, err := FitLine(x, y)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"slope", f.Slope, 0.5001, 1e-4},
		{"intercept", f.Intercept, 3.0001, 1e-4},
		{"R²", f.R2, 0.6665, 1e-4},
		{"slope SE", f.SlopeSE, 0.1179, 1e-4},
		// t(0.975, 9) = 2.2622.
		{"slope CI low", f.SlopeLo, 0.5001 - 2.2622*0.1179, 5e-4},
		{"slope CI high", f.SlopeHi, 0.5001 + 2.2622*0.1179, 5e-4},
	} {
		if math.Abs(c.got-c.want) > c.tol {
			t.Errorf("%s = %.5f, want %.5f", c.name, c.got, c.want)
		}
	}
}

func TestFitPowerLawExact(t *testing.T) {
	x := []float64{0.5, 1, 2, 8, 100}
	y := make([]float64, len(x))
	for i := range x {
		y[i] = 2.5 * math.Pow(x[i], -0.7)
	}
	p, err := FitPowerLaw(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(p.Exponent+0.7) > 1e-12 || math.Abs(p.Coefficient-2.5) > 1e-12 || math.Abs(p.R2-1) > 1e-12 {
		t.Errorf("FitPowerLaw on y = 2.5 x^−0.7: %+v", p)
	}
	if got := p.At(4); math.Abs(got-2.5*math.Pow(4, -0.7)) > 1e-12 {
		t.Errorf("At(4) = %v", got)
	}
}

// With log-normal noise the fit is the textbook regression model, so its
// 95% interval must cover the true exponent in about 95% of experiments and
// R² must fall below 1.
func TestFitPowerLawIntervalCoverage(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	const trials, points = 2000, 12
	covered := 0
	for range trials {
		x := make([]float64, points)
		y := make([]float64, points)
		for i := range x {
			x[i] = math.Pow(2, float64(i))
			y[i] = 0.3 * math.Pow(x[i], 1.5) * math.Exp(0.2*rng.NormFloat64())
		}
		p, err := FitPowerLaw(x, y)
		if err != nil {
			t.Fatal(err)
		}
		if p.ExponentLo <= 1.5 && 1.5 <= p.ExponentHi {
			covered++
		}
		if p.R2 >= 1 || p.R2 < 0.95 {
			t.Fatalf("R² = %v for a clean power law with 20%% noise over 11 octaves", p.R2)
		}
	}
	// Binomial(2000, 0.95) has sd ≈ 0.005.
	if rate := float64(covered) / trials; rate < 0.93 || rate > 0.97 {
		t.Errorf("95%% interval covered the true exponent in %.3f of trials", rate)
	}
}

func TestFitRejectsBadInput(t *testing.T) {
	for name, call := range map[string]func() error{
		"length mismatch": func() error { _, err := FitLine([]float64{1, 2}, []float64{1}); return err },
		"one point":       func() error { _, err := FitLine([]float64{1}, []float64{1}); return err },
		"constant x":      func() error { _, err := FitLine([]float64{2, 2, 2}, []float64{1, 2, 3}); return err },
		"NaN":             func() error { _, err := FitLine([]float64{1, 2}, []float64{1, math.NaN()}); return err },
		"zero y":          func() error { _, err := FitPowerLaw([]float64{1, 2}, []float64{1, 0}); return err },
		"negative x":      func() error { _, err := FitPowerLaw([]float64{-1, 2}, []float64{1, 1}); return err },
	} {
		if call() == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
