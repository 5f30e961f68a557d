package ntk

import (
	"math"
	"math/rand"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Normalised Hermite polynomials, for activations with known duals.
func hermite(k int, u float64) float64 {
	switch k {
	case 1:
		return u
	case 2:
		return (u*u - 1) / math.Sqrt2
	case 3:
		return (u*u*u - 3*u) / math.Sqrt(6)
	}
	panic("degree")
}

// φ = √0.5·h₂ + √0.5·h₃ has dual ψ = 0.5ξ² + 0.5ξ³ (spec 26's activation B);
// quadrature with 8 nodes is exact for it, and for φ' too.
func TestQuadratureMatchesHermiteDual(t *testing.T) {
	s := math.Sqrt(0.5)
	q := QuadratureDual{
		Phi:   func(u float64) float64 { return s*hermite(2, u) + s*hermite(3, u) },
		DPhi:  func(u float64) float64 { return s*math.Sqrt2*u + s*(3*u*u-3)/math.Sqrt(6) },
		Nodes: 8,
	}
	h := HermiteDual{0, 0, 0.5, 0.5}
	for _, xi := range []float64{-1, -0.3, 0, 0.5, 0.99, 1} {
		if got, want := q.Psi(xi), h.Psi(xi); math.Abs(got-want) > 1e-12 {
			t.Errorf("ψ(%v): quadrature %v, Hermite %v", xi, got, want)
		}
		if got, want := q.DPsi(xi), h.DPsi(xi); math.Abs(got-want) > 1e-12 {
			t.Errorf("ψ'(%v): quadrature %v, Hermite %v", xi, got, want)
		}
	}
	if got := h.DPsi(1); got != 2.5 {
		t.Errorf("ψ'(1) = %v, want 0.5·2 + 0.5·3 = 2.5", got)
	}
}

// The arc-cosine closed form against quadrature of √2·relu (kinked, so
// only to a few 1e-3 at 64 nodes) and its known values ψ(0) = 1/π, ψ(1) = 1, ψ'(0) = ½.
func TestReLUDual(t *testing.T) {
	d := ReLUDual{}
	if !(math.Abs(d.Psi(0)-1/math.Pi) < 1e-15 && math.Abs(d.Psi(1)-1) < 1e-15 && d.DPsi(0) == 0.5 && d.Psi(-1) == 0) {
		t.Errorf("ψ(0), ψ(1), ψ'(0), ψ(−1) = %v %v %v %v", d.Psi(0), d.Psi(1), d.DPsi(0), d.Psi(-1))
	}
	q := QuadratureDual{
		Phi: func(u float64) float64 { return math.Sqrt2 * math.Max(u, 0) },
		DPhi: func(u float64) float64 {
			if u > 0 {
				return math.Sqrt2
			}
			return 0
		},
	}
	for _, xi := range []float64{-0.8, 0, 0.6} {
		if got, want := q.Psi(xi), d.Psi(xi); math.Abs(got-want) > 1e-2 {
			t.Errorf("ψ(%v): quadrature %v, closed form %v", xi, got, want)
		}
	}
}

// DualKernels with the ReLU dual is the ReLU recursion at σ_w² = 2, σ_b = 0
// once the inputs are scaled so that Σ¹ = 2x·x'/d is their correlation.
// The tolerance is 1e-8, not rounding: a correlation rounded to 1 − 1e-16
// moves ReLU's ψ'(ξ) = 1 − √(2(1−ξ))/π + … by 5e-9 (arccos is steep at 1),
// while ReLU.Kernels computes the diagonal at θ = 0 exactly.
func TestDualKernelsMatchesReLU(t *testing.T) {
	rng := rand.New(rand.NewSource(60))
	const n, d = 5, 4
	x := mat.NewDense(n, d, nil)
	for i := range n {
		row := make([]float64, d)
		var ss float64
		for j := range row {
			row[j] = rng.NormFloat64()
			ss += row[j] * row[j]
		}
		for j := range row {
			row[j] /= math.Sqrt(ss)
		}
		x.SetRow(i, row)
	}
	var corr mat.Dense
	corr.Mul(x, x.T())
	var scaled mat.Dense
	scaled.Scale(math.Sqrt(d/2.0), x)
	for _, depth := range []int{1, 3} {
		sigma, theta := DualKernels(ReLUDual{}, &corr, depth)
		wantS, wantT := ReLU{Depth: depth, WeightVar: 2}.Kernels(&scaled, &scaled)
		if !mat.EqualApprox(sigma, wantS, 1e-8) || !mat.EqualApprox(theta, wantT, 1e-8) {
			t.Errorf("depth %d: DualKernels\n%v\n%v\nReLU.Kernels\n%v\n%v", depth, mat.Formatted(sigma), mat.Formatted(theta), mat.Formatted(wantS), mat.Formatted(wantT))
		}
	}
	if s, th := DualKernels(ReLUDual{}, &corr, 0); !mat.Equal(s, &corr) || !mat.Equal(th, &corr) {
		t.Error("depth 0 must return the input correlations")
	}
}
