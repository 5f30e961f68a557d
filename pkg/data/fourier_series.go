package data

import (
	"fmt"
	"math"
	"math/rand"
)

// FourierSeries is a zero-mean real function of period 1,
//
//	u(x) = Σ_{k=1..K} Cos[k−1]·cos(2πkx) + Sin[k−1]·sin(2πkx),
//
// the form of the random initial conditions of periodic PDE data sets: it
// can be evaluated, differentiated and integrated exactly at any point, so
// every grid resolution samples the same continuous function.
type FourierSeries struct {
	Cos, Sin []float64
}

// RandomFourierSeries draws the coefficients of modes 1…modes independently,
// a_k, b_k ~ N(0, 1/(1+k²)) (a Gaussian random field whose spectrum decays
// like k⁻²), then rescales them so the function's spatial standard
// deviation, sqrt(Σ (a_k² + b_k²)/2), is exactly std.
func RandomFourierSeries(rng *rand.Rand, modes int, std float64) FourierSeries {
	if modes < 1 {
		panic(fmt.Errorf("data.RandomFourierSeries: %d modes, need at least 1", modes))
	}
	if !(std >= 0) || math.IsInf(std, 0) {
		panic(fmt.Errorf("data.RandomFourierSeries: std %g, need a finite value ≥ 0", std))
	}
	s := randomFourierCoefs(rng, modes)
	if cur := s.Std(); cur > 0 {
		for k := range s.Cos {
			s.Cos[k] *= std / cur
			s.Sin[k] *= std / cur
		}
	}
	return s
}

// randomFourierCoefs draws a_k, b_k ~ N(0, 1/(1+k²)), k = 1…modes.
func randomFourierCoefs(rng *rand.Rand, modes int) FourierSeries {
	s := FourierSeries{Cos: make([]float64, modes), Sin: make([]float64, modes)}
	for k := 1; k <= modes; k++ {
		sd := 1 / math.Sqrt(1+float64(k*k))
		s.Cos[k-1] = sd * rng.NormFloat64()
		s.Sin[k-1] = sd * rng.NormFloat64()
	}
	return s
}

// Modes returns K, the highest frequency.
func (s FourierSeries) Modes() int { return max(len(s.Cos), len(s.Sin)) }

// Std returns the spatial standard deviation sqrt(∫₀¹ u² dx) (u has mean 0).
func (s FourierSeries) Std() float64 {
	var e float64
	for k := range s.Modes() {
		a, b := s.coef(k)
		e += (a*a + b*b) / 2
	}
	return math.Sqrt(e)
}

func (s FourierSeries) coef(k int) (a, b float64) {
	if k < len(s.Cos) {
		a = s.Cos[k]
	}
	if k < len(s.Sin) {
		b = s.Sin[k]
	}
	return a, b
}

// At returns u(x).
func (s FourierSeries) At(x float64) float64 {
	var u float64
	for k := range s.Modes() {
		a, b := s.coef(k)
		w := 2 * math.Pi * float64(k+1) * x
		u += a*math.Cos(w) + b*math.Sin(w)
	}
	return u
}

// Integral returns ∫₀ˣ u(s) ds, exactly:
// Σ a_k sin(2πkx)/(2πk) + b_k (1 − cos(2πkx))/(2πk). It is periodic
// because u has mean 0.
func (s FourierSeries) Integral(x float64) float64 {
	var v float64
	for k := range s.Modes() {
		a, b := s.coef(k)
		f := 2 * math.Pi * float64(k+1)
		v += (a*math.Sin(f*x) + b*(1-math.Cos(f*x))) / f
	}
	return v
}

// Sample returns u at every x.
func (s FourierSeries) Sample(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = s.At(x)
	}
	return out
}

// PeriodicGrid returns the n points i/n, i = 0…n−1, of the periodic unit
// interval (the point 1 is the point 0 again).
func PeriodicGrid(n int) []float64 {
	if n < 1 {
		panic(fmt.Errorf("data.PeriodicGrid: n = %d points, need at least 1", n))
	}
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = float64(i) / float64(n)
	}
	return xs
}
