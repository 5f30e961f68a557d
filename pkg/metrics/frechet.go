package metrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// FrechetDistance returns the squared Fréchet (2-Wasserstein) distance
// between Gaussians fitted to two feature sets x (n×p) and y (m×p), one row
// per example: the FID statistic of Heusel et al. (2017) when the features
// come from a fixed network. See FrechetGaussians for the formula. Each set
// needs at least 2 rows; covariances use the divisor n − 1.
func FrechetDistance(x, y mat.Matrix) float64 {
	_, p := x.Dims()
	if _, q := y.Dims(); p != q {
		panic(fmt.Errorf("metrics.FrechetDistance: x has %d features but y has %d; they must match", p, q))
	}
	mx, cx := meanAndCovariance("x", x)
	my, cy := meanAndCovariance("y", y)
	return FrechetGaussians(mx, cx, my, cy)
}

// FrechetGaussians returns the squared 2-Wasserstein distance between
// N(μ₁, C₁) and N(μ₂, C₂),
//
//	‖μ₁ − μ₂‖² + tr C₁ + tr C₂ − 2 tr (C₁^{½} C₂ C₁^{½})^{½},
//
// computed with symmetric eigendecompositions (eigenvalues that rounding
// makes slightly negative count as 0). Covariances must be symmetric
// positive semi-definite, of the means' dimension.
func FrechetGaussians(mu1 []float64, c1 mat.Symmetric, mu2 []float64, c2 mat.Symmetric) float64 {
	p := len(mu1)
	if len(mu2) != p || c1.SymmetricDim() != p || c2.SymmetricDim() != p {
		panic(fmt.Errorf("metrics.FrechetGaussians: dimensions %d, %d, %d×%d, %d×%d; the means and covariances must agree", p, len(mu2), c1.SymmetricDim(), c1.SymmetricDim(), c2.SymmetricDim(), c2.SymmetricDim()))
	}
	var d2 float64
	for i := range p {
		d := mu1[i] - mu2[i]
		d2 += d * d
	}
	root := symmetricSqrt("c1", c1)
	var inner mat.Dense
	inner.Mul(root, c2)
	inner.Mul(&inner, root)
	sym := mat.NewSymDense(p, nil)
	for i := range p {
		for j := i; j < p; j++ {
			sym.SetSym(i, j, (inner.At(i, j)+inner.At(j, i))/2)
		}
	}
	var cross float64
	for _, l := range symmetricEigenvalues("C₁^{½}C₂C₁^{½}", sym) {
		cross += math.Sqrt(l)
	}
	return math.Max(d2+mat.Trace(c1)+mat.Trace(c2)-2*cross, 0)
}

// symmetricSqrt returns the PSD square root Q·diag(√λ)·Qᵀ of c.
func symmetricSqrt(name string, c mat.Symmetric) *mat.Dense {
	var eig mat.EigenSym
	if !eig.Factorize(c, true) {
		panic(fmt.Errorf("metrics.FrechetGaussians: the eigendecomposition of %s did not converge", name))
	}
	vals := clipEigenvalues(name, eig.Values(nil))
	var q mat.Dense
	eig.VectorsTo(&q)
	p := len(vals)
	scaled := mat.DenseCopyOf(&q)
	for j := range p {
		s := math.Sqrt(vals[j])
		for i := range p {
			scaled.Set(i, j, scaled.At(i, j)*s)
		}
	}
	var out mat.Dense
	out.Mul(scaled, q.T())
	return &out
}

func symmetricEigenvalues(name string, c mat.Symmetric) []float64 {
	var eig mat.EigenSym
	if !eig.Factorize(c, false) {
		panic(fmt.Errorf("metrics.FrechetGaussians: the eigendecomposition of %s did not converge", name))
	}
	return clipEigenvalues(name, eig.Values(nil))
}

// clipEigenvalues sets rounding-level negative eigenvalues (above
// −1e-8·λ_max) to 0 and panics on clearly negative ones.
func clipEigenvalues(name string, vals []float64) []float64 {
	top := 0.0
	for _, v := range vals {
		top = math.Max(top, math.Abs(v))
	}
	for i, v := range vals {
		if v < -1e-8*top {
			panic(fmt.Errorf("metrics.FrechetGaussians: %s has eigenvalue %.3g; a covariance is positive semi-definite", name, v))
		}
		vals[i] = math.Max(v, 0)
	}
	return vals
}

// meanAndCovariance returns the column means of x and its sample
// covariance (divisor n − 1).
func meanAndCovariance(name string, x mat.Matrix) ([]float64, *mat.SymDense) {
	n, p := x.Dims()
	if n < 2 {
		panic(fmt.Errorf("metrics.FrechetDistance: %s has %d rows; a covariance needs at least 2", name, n))
	}
	checkFinite("FrechetDistance", name, x)
	c := mat.NewSymDense(p, nil)
	c.SymOuterK(1/float64(n-1), centreColumns(x).T())
	return columnMeans(x), c
}
