package ntk

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/mat"
)

// Dual is the dual of an activation φ normalised so that E[φ(u)²] = 1 for
// u ~ N(0, 1): for standard normals u, v with correlation ξ,
//
//	ψ(ξ) = E[φ(u) φ(v)],   ψ'(ξ) = E[φ'(u) φ'(v)],
//
// the maps a wide layer applies to the correlations of its inputs, and to
// the tangent kernel's chain rule (Daniely et al. 2016; Jacot et al. 2018).
type Dual interface {
	Psi(xi float64) float64
	DPsi(xi float64) float64
}

// HermiteDual is the dual of φ = Σ_k √c_k·h_k with h_k the normalised
// (probabilists') Hermite polynomials: ψ(ξ) = Σ_k c_k ξ^k, since
// E[h_j(u) h_k(v)] = δ_jk ξ^k. Coefficients must be ≥ 0; they sum to ψ(1),
// which is 1 for a normalised activation.
type HermiteDual []float64

func (c HermiteDual) check() {
	for k, v := range c {
		if !(v >= 0) || math.IsInf(v, 0) {
			panic(fmt.Errorf("ntk.HermiteDual: c[%d] = %v; a dual's Hermite coefficients are finite and ≥ 0", k, v))
		}
	}
}

// Psi returns Σ_k c_k ξ^k (Horner's rule).
func (c HermiteDual) Psi(xi float64) float64 {
	c.check()
	var s float64
	for k := len(c) - 1; k >= 0; k-- {
		s = s*xi + c[k]
	}
	return s
}

// DPsi returns Σ_k k·c_k ξ^{k−1}.
func (c HermiteDual) DPsi(xi float64) float64 {
	c.check()
	var s float64
	for k := len(c) - 1; k >= 1; k-- {
		s = s*xi + float64(k)*c[k]
	}
	return s
}

// ReLUDual is the dual of the normalised ReLU √2·max(0, u), the arc-cosine
// kernels of Cho & Saul (2009) with θ = arccos ξ:
// ψ(ξ) = (√(1 − ξ²) + (π − θ)·ξ)/π and ψ'(ξ) = (π − θ)/π.
type ReLUDual struct{}

// Psi returns the order-1 arc-cosine kernel of correlation xi.
func (ReLUDual) Psi(xi float64) float64 {
	xi = clampCorrelation(xi)
	return (math.Sqrt(1-xi*xi) + (math.Pi-math.Acos(xi))*xi) / math.Pi
}

// DPsi returns the order-0 arc-cosine kernel of correlation xi.
func (ReLUDual) DPsi(xi float64) float64 {
	return (math.Pi - math.Acos(clampCorrelation(xi))) / math.Pi
}

// QuadratureDual is the dual of any activation, by two-dimensional
// Gauss–Hermite quadrature with Nodes² points: exact for polynomial
// activations of degree < Nodes, and converging slowly for kinked ones
// (errors of a few 1e-3 for ReLU at 64 nodes). Phi and DPhi are φ and φ'. Each value
// costs Nodes² evaluations: tabulate it before applying it to large
// matrices.
type QuadratureDual struct {
	Phi, DPhi func(float64) float64
	Nodes     int // ≥ 2; 0 means 64
}

func (q QuadratureDual) expect(f func(float64) float64, xi float64) float64 {
	if f == nil {
		panic(fmt.Errorf("ntk.QuadratureDual: Phi and DPhi must both be set"))
	}
	n := q.Nodes
	if n == 0 {
		n = 64
	}
	if n < 2 {
		panic(fmt.Errorf("ntk.QuadratureDual: Nodes = %d; want ≥ 2 (0 for 64)", n))
	}
	x, w := make([]float64, n), make([]float64, n)
	quad.Hermite{}.FixedLocations(x, w, math.Inf(-1), math.Inf(1))
	xi = clampCorrelation(xi)
	rest := math.Sqrt(1 - xi*xi)
	// ∫∫ e^{−s²−t²} g(s, t) with u = √2 s, v = ξ√2 s + √(1−ξ²)√2 t, over π.
	var sum float64
	for i := range n {
		u := math.Sqrt2 * x[i]
		fu := f(u)
		for j := range n {
			sum += w[i] * w[j] * fu * f(xi*u+rest*math.Sqrt2*x[j])
		}
	}
	return sum / math.Pi
}

// Psi returns E[φ(u) φ(v)] at correlation xi.
func (q QuadratureDual) Psi(xi float64) float64 { return q.expect(q.Phi, xi) }

// DPsi returns E[φ'(u) φ'(v)] at correlation xi.
func (q QuadratureDual) DPsi(xi float64) float64 { return q.expect(q.DPhi, xi) }

// DualKernels runs the infinite-width recursion of a bias-free network with
// normalised activation dual d for depth layers, starting from the input
// correlations corr (n×m, e.g. X·X'ᵀ for inputs on the unit sphere):
//
//	Σ⁰ = Θ⁰ = corr,   Θ^ℓ = Θ^{ℓ−1} ⊙ ψ'(Σ^{ℓ−1}) + ψ(Σ^{ℓ−1}),   Σ^ℓ = ψ(Σ^{ℓ−1}),
//
// and returns Σ^depth (NNGP) and Θ^depth (NTK). For ReLUDual it equals
// ReLU{Depth: depth, WeightVar: 2} on inputs with x·x'/d·2 = corr. It does
// not renormalise: with ψ(1) ≠ 1 the diagonal drifts with depth, and deep
// NTKs grow linearly (ψ'(1) = 1) or geometrically; divide by the diagonal
// where only the shape matters. For kinked activations, correlations that
// rounding puts just below 1 cost ψ' about √(2·1e-16)/π ≈ 5e-9 (arccos is
// steep at 1). depth must be ≥ 0.
func DualKernels(d Dual, corr mat.Matrix, depth int) (nngp, ntk *mat.Dense) {
	if depth < 0 {
		panic(fmt.Errorf("ntk.DualKernels: depth = %d; want ≥ 0", depth))
	}
	sigma := mat.DenseCopyOf(corr)
	theta := mat.DenseCopyOf(corr)
	n, m := sigma.Dims()
	for range depth {
		for i := range n {
			s, t := sigma.RawRowView(i), theta.RawRowView(i)
			for j := range m {
				t[j] = t[j]*d.DPsi(s[j]) + d.Psi(s[j])
				s[j] = d.Psi(s[j])
			}
		}
	}
	return sigma, theta
}

// clampCorrelation maps rounding excursions like 1 + 1e-16 back into [−1, 1].
func clampCorrelation(xi float64) float64 { return math.Max(-1, math.Min(1, xi)) }
