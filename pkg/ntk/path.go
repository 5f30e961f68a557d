package ntk

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// RidgePath solves kernel ridge regression for any number of ridges from
// one symmetric eigendecomposition K = Q·diag(λ)·Qᵀ: each ridge then costs
// a rescaling, (K + ridge·I)⁻¹Y = Q·diag(1/(λ + ridge))·QᵀY, instead of a
// new factorisation. It is the tool for sweeping the ridge down to 0, where
// it acts as a pseudo-inverse: directions with λ + ridge ≤ 1e-12·λ_max are
// dropped, so an interpolating fit (ridge 0) of a singular kernel stays
// finite.
type RidgePath struct {
	values  []float64  // eigenvalues, descending
	vectors *mat.Dense // n×n, columns in the order of values
	proj    *mat.Dense // QᵀY, n×m
}

// NewRidgePath decomposes the n×n kernel k (symmetric, positive
// semi-definite) and projects the targets y (n×m) on its eigenvectors. It
// fails if k is not symmetric, or has an eigenvalue below −1e-8·λ_max (not
// a valid kernel; small negative values from rounding are set to 0).
func NewRidgePath(k, y mat.Matrix) (*RidgePath, error) {
	n, c := k.Dims()
	ny, m := y.Dims()
	if n != c || ny != n || n == 0 || m == 0 {
		return nil, fmt.Errorf("ntk.NewRidgePath: K is %d×%d and Y is %d×%d; want a non-empty square K and one row of Y per row of K", n, c, ny, m)
	}
	sym, _, err := symmetricCopy(k)
	if err != nil {
		return nil, fmt.Errorf("ntk.NewRidgePath: %w", err)
	}
	var eig mat.EigenSym
	if !eig.Factorize(sym, true) {
		return nil, fmt.Errorf("ntk.NewRidgePath: the eigendecomposition of the %d×%d kernel did not converge", n, n)
	}
	asc := eig.Values(nil)
	var q mat.Dense
	eig.VectorsTo(&q)
	top := asc[n-1]
	if asc[0] < -1e-8*math.Abs(top) {
		return nil, fmt.Errorf("ntk.NewRidgePath: K has eigenvalue %.3g against a largest of %.3g; a kernel matrix is positive semi-definite", asc[0], top)
	}
	p := &RidgePath{values: make([]float64, n), vectors: mat.NewDense(n, n, nil)}
	for i := range n { // reverse to descending order
		p.values[i] = math.Max(asc[n-1-i], 0)
		p.vectors.SetCol(i, mat.Col(nil, n-1-i, &q))
	}
	p.proj = mat.NewDense(n, m, nil)
	p.proj.Mul(p.vectors.T(), y)
	return p, nil
}

// Eigenvalues returns the kernel's eigenvalues in decreasing order (a copy).
func (p *RidgePath) Eigenvalues() []float64 { return append([]float64(nil), p.values...) }

// Alpha returns the dual coefficients (K + ridge·I)⁺Y for ridge ≥ 0.
func (p *RidgePath) Alpha(ridge float64) *mat.Dense {
	return p.combine("Alpha", ridge, func(l float64) float64 { return 1 / (l + ridge) })
}

// Fitted returns the predictions at the training points, K·(K + ridge·I)⁺Y;
// with ridge 0, the projection of Y on the kernel's range (Y itself for a
// non-singular kernel).
func (p *RidgePath) Fitted(ridge float64) *mat.Dense {
	return p.combine("Fitted", ridge, func(l float64) float64 { return l / (l + ridge) })
}

// combine returns Q·diag(f(λ))·QᵀY over the directions kept at this ridge.
func (p *RidgePath) combine(fn string, ridge float64, f func(l float64) float64) *mat.Dense {
	if !(ridge >= 0) || math.IsInf(ridge, 0) {
		panic(fmt.Errorf("ntk.RidgePath.%s: ridge = %v; want a finite value ≥ 0", fn, ridge))
	}
	n, m := p.proj.Dims()
	cutoff := 1e-12 * p.values[0]
	scaled := mat.NewDense(n, m, nil)
	for i, l := range p.values {
		if l+ridge <= cutoff {
			continue // a null direction: dropped, as a pseudo-inverse does
		}
		s := f(l)
		for j := range m {
			scaled.Set(i, j, s*p.proj.At(i, j))
		}
	}
	var out mat.Dense
	out.Mul(p.vectors, scaled)
	return &out
}
