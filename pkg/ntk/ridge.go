package ntk

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// RidgeSolve solves (K + ridge·I)·X = B for X, with K a symmetric positive
// semi-definite n×n matrix (a kernel or Gram matrix) and B n×m holding m
// right-hand sides, by one Cholesky factorisation in float64.
//
// ridge must be ≥ 0. A PSD kernel of low rank (more points than features,
// repeated points) is singular at ridge = 0 and can lose definiteness to
// rounding at tiny ridges; then RidgeSolve adds a jitter, starting at
// 1e-12 × the mean diagonal and growing 100-fold up to 1e-6 × the mean
// diagonal, and returns the jitter it used (0 when none was needed) so the
// caller can report it. If K is still not positive definite it returns an
// error: K has a clearly negative eigenvalue and is not a valid kernel
// matrix. K must be symmetric to 1e-10 relative to its largest entry.
func RidgeSolve(k, b mat.Matrix, ridge float64) (x *mat.Dense, jitter float64, err error) {
	n, c := k.Dims()
	nb, m := b.Dims()
	switch {
	case n != c:
		return nil, 0, fmt.Errorf("ntk.RidgeSolve: K is %d×%d; want a square kernel matrix", n, c)
	case nb != n:
		return nil, 0, fmt.Errorf("ntk.RidgeSolve: B has %d rows but K is %d×%d; want one row per kernel row", nb, n, n)
	case n == 0 || m == 0:
		return nil, 0, errors.New("ntk.RidgeSolve: empty system; need at least one point and one right-hand side")
	case !(ridge >= 0) || math.IsInf(ridge, 0):
		return nil, 0, fmt.Errorf("ntk.RidgeSolve: ridge = %v; want a finite value ≥ 0", ridge)
	}
	sym, meanDiag, err := symmetricCopy(k)
	if err != nil {
		return nil, 0, fmt.Errorf("ntk.RidgeSolve: %w", err)
	}
	chol, jitter, err := factorizeWithJitter(sym, ridge, meanDiag)
	if err != nil {
		return nil, 0, fmt.Errorf("ntk.RidgeSolve: %w", err)
	}
	x = mat.NewDense(n, m, nil)
	if err := chol.SolveTo(x, b); err != nil {
		return nil, jitter, fmt.Errorf("ntk.RidgeSolve: %w", err)
	}
	return x, jitter, nil
}

// factorizeWithJitter returns the Cholesky factor of K + (ridge + jitter)·I
// for the first jitter of 0, 1e-12, 1e-10, 1e-8, 1e-6 × the mean diagonal
// that makes it positive definite.
func factorizeWithJitter(sym *mat.SymDense, ridge, meanDiag float64) (*mat.Cholesky, float64, error) {
	n := sym.SymmetricDim()
	shifted := mat.NewSymDense(n, nil)
	var chol mat.Cholesky
	for _, rel := range []float64{0, 1e-12, 1e-10, 1e-8, 1e-6} {
		jitter := rel * meanDiag
		if rel > 0 && !(jitter > 0) {
			break // mean diagonal ≤ 0: no sensible jitter
		}
		shifted.CopySym(sym)
		for i := range n {
			shifted.SetSym(i, i, sym.At(i, i)+ridge+jitter)
		}
		if chol.Factorize(shifted) {
			return &chol, jitter, nil
		}
	}
	return nil, 0, fmt.Errorf("K + (ridge = %v)·I is not positive definite even with a jitter of 1e-6 × the mean diagonal %.3g; K has a negative eigenvalue and is not a valid kernel matrix", ridge, meanDiag)
}

// symmetricCopy checks k for symmetry and finite values and returns it as a
// SymDense with its mean diagonal.
func symmetricCopy(k mat.Matrix) (*mat.SymDense, float64, error) {
	n, _ := k.Dims()
	var scale, diag float64
	for i := range n {
		diag += k.At(i, i)
		for j := range n {
			v := k.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, 0, fmt.Errorf("K[%d][%d] = %v; only finite values are allowed", i, j, v)
			}
			scale = math.Max(scale, math.Abs(v))
		}
	}
	sym := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			a, b := k.At(i, j), k.At(j, i)
			if math.Abs(a-b) > 1e-10*scale {
				return nil, 0, fmt.Errorf("K[%d][%d] = %v but K[%d][%d] = %v; a kernel matrix must be symmetric", i, j, a, j, i, b)
			}
			sym.SetSym(i, j, (a+b)/2)
		}
	}
	return sym, diag / float64(n), nil
}

// KernelRegression is a fitted kernel ridge regressor: predictions at new
// points are K(new, train)·Alpha.
type KernelRegression struct {
	Alpha  *mat.Dense // n×m dual coefficients, (K + (ridge + Jitter)·I)⁻¹Y
	Jitter float64    // jitter RidgeSolve had to add (0 if none)
}

// FitKernelRegression fits targets y (n×m) with the n×n training kernel
// k and the given ridge (see RidgeSolve). With ridge = 0 it interpolates,
// which is what a wide network trained to zero loss under gradient flow
// converges to in the kernel regime (with the NTK as k).
func FitKernelRegression(k, y mat.Matrix, ridge float64) (*KernelRegression, error) {
	alpha, jitter, err := RidgeSolve(k, y, ridge)
	if err != nil {
		return nil, err
	}
	return &KernelRegression{Alpha: alpha, Jitter: jitter}, nil
}

// Predict returns kCross·Alpha, where kCross is the kernel between the new
// points (rows) and the training points (columns).
func (r *KernelRegression) Predict(kCross mat.Matrix) *mat.Dense {
	n, _ := r.Alpha.Dims()
	if _, c := kCross.Dims(); c != n {
		panic(fmt.Errorf("ntk.KernelRegression.Predict: kCross has %d columns; want one per training point (%d)", c, n))
	}
	var out mat.Dense
	out.Mul(kCross, r.Alpha)
	return &out
}
