package data

import (
	"fmt"
	"math"
	"math/rand"
)

// Gamma draws from the Gamma(shape, 1) distribution (mean shape) by the
// Marsaglia–Tsang method; for shape < 1 it draws Gamma(shape+1) and scales
// by U^(1/shape).
func Gamma(rng *rand.Rand, shape float64) float64 {
	if !(shape > 0) || math.IsInf(shape, 0) {
		panic(fmt.Errorf("data.Gamma: shape %g, need a finite value > 0", shape))
	}
	if shape < 1 {
		u := rng.Float64()
		for u == 0 {
			u = rng.Float64()
		}
		return Gamma(rng, shape+1) * math.Pow(u, 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := rng.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := rng.Float64()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}

// Dirichlet draws a probability vector of length k from the symmetric
// Dirichlet(alpha) distribution: alpha < 1 gives peaked vectors (a few
// large entries), alpha = 1 is uniform on the simplex, large alpha gives
// nearly uniform vectors.
func Dirichlet(rng *rand.Rand, alpha float64, k int) []float64 {
	if k < 1 {
		panic(fmt.Errorf("data.Dirichlet: k = %d, need ≥ 1", k))
	}
	p := make([]float64, k)
	var s float64
	for i := range p {
		p[i] = Gamma(rng, alpha)
		s += p[i]
	}
	if s == 0 { // every draw underflowed (tiny alpha): put the mass on one entry
		p[rng.Intn(k)] = 1
		return p
	}
	for i := range p {
		p[i] /= s
	}
	return p
}
