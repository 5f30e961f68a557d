package metrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// LineFit is an ordinary least-squares line y ≈ Intercept + Slope·x with the
// uncertainty of its slope.
type LineFit struct {
	Slope, Intercept float64
	// SlopeSE is the standard error of the slope under the usual assumptions
	// (independent, equal-variance residuals); SlopeLo and SlopeHi bound its
	// 95% confidence interval, Slope ± t(0.975, N−2)·SlopeSE. With N = 2 the
	// line is exact and the interval is undefined (NaN).
	SlopeSE, SlopeLo, SlopeHi float64
	// R2 is the coefficient of determination, 1 − SS_res/SS_tot: the share of
	// the variance of y the line explains (1 for collinear points).
	R2 float64
	N  int // number of points
}

// At returns the fitted value at x.
func (f LineFit) At(x float64) float64 { return f.Intercept + f.Slope*x }

// FitLine fits y ≈ Intercept + Slope·x by least squares. x and y must have
// the same length, at least 2 finite points, and x must not be constant.
func FitLine(x, y []float64) (LineFit, error) {
	if err := checkFitInput("FitLine", x, y); err != nil {
		return LineFit{}, err
	}
	n := float64(len(x))
	mx, my, sxx, sxy, syy := centredSums(x, y)
	if sxx == 0 {
		return LineFit{}, fmt.Errorf("metrics.FitLine: every x equals %v; a slope needs at least two distinct x values", x[0])
	}
	f := LineFit{N: len(x)}
	f.Slope = sxy / sxx
	f.Intercept = my - f.Slope*mx
	var ssRes float64
	for i := range x {
		r := y[i] - f.At(x[i])
		ssRes += r * r
	}
	if syy > 0 {
		f.R2 = 1 - ssRes/syy
	} else {
		f.R2 = 1 // y constant: the horizontal line explains it exactly
	}
	if len(x) > 2 {
		f.SlopeSE = math.Sqrt(ssRes / (n - 2) / sxx)
		t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 2}.Quantile(0.975)
		f.SlopeLo, f.SlopeHi = f.Slope-t*f.SlopeSE, f.Slope+t*f.SlopeSE
	} else {
		f.SlopeSE, f.SlopeLo, f.SlopeHi = math.NaN(), math.NaN(), math.NaN()
	}
	return f, nil
}

// PowerLaw is a fit y ≈ Coefficient · x^Exponent, made as a straight line
// ln y = ln Coefficient + Exponent · ln x. Fitting in log space weights every
// point by its relative error, which is what a law spanning decades needs.
type PowerLaw struct {
	Exponent, Coefficient  float64
	ExponentLo, ExponentHi float64 // 95% confidence interval of the exponent
	R2                     float64 // R² of the line in log–log space
	Log                    LineFit // the underlying fit of ln y on ln x
}

// At returns the fitted value Coefficient · x^Exponent.
func (p PowerLaw) At(x float64) float64 { return p.Coefficient * math.Pow(x, p.Exponent) }

// FitPowerLaw fits y ≈ c·x^a by least squares on (ln x, ln y). Every x and y
// must be positive and finite; at least 2 points with distinct x are needed,
// and 3 for the exponent's confidence interval.
func FitPowerLaw(x, y []float64) (PowerLaw, error) {
	if err := checkFitInput("FitPowerLaw", x, y); err != nil {
		return PowerLaw{}, err
	}
	lx := make([]float64, len(x))
	ly := make([]float64, len(y))
	for i := range x {
		if x[i] <= 0 || y[i] <= 0 {
			return PowerLaw{}, fmt.Errorf("metrics.FitPowerLaw: point %d is (x=%v, y=%v); a log–log fit needs x > 0 and y > 0", i, x[i], y[i])
		}
		lx[i], ly[i] = math.Log(x[i]), math.Log(y[i])
	}
	line, err := FitLine(lx, ly)
	if err != nil {
		return PowerLaw{}, fmt.Errorf("metrics.FitPowerLaw: %w", err)
	}
	return PowerLaw{
		Exponent:    line.Slope,
		Coefficient: math.Exp(line.Intercept),
		ExponentLo:  line.SlopeLo,
		ExponentHi:  line.SlopeHi,
		R2:          line.R2,
		Log:         line,
	}, nil
}

func checkFitInput(name string, x, y []float64) error {
	if len(x) != len(y) {
		return fmt.Errorf("metrics.%s: len(x) = %d but len(y) = %d; they must match", name, len(x), len(y))
	}
	if len(x) < 2 {
		return fmt.Errorf("metrics.%s: %d points; a line needs at least 2", name, len(x))
	}
	for i := range x {
		if math.IsNaN(x[i]) || math.IsInf(x[i], 0) || math.IsNaN(y[i]) || math.IsInf(y[i], 0) {
			return fmt.Errorf("metrics.%s: point %d is (x=%v, y=%v); only finite values are allowed", name, i, x[i], y[i])
		}
	}
	return nil
}
