package metrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// LinearCKA returns the linear centred kernel alignment of two
// representations of the same n examples (Kornblith et al. 2019),
//
//	CKA(X, Y) = ‖YᵀX‖²_F / (‖XᵀX‖_F · ‖YᵀY‖_F)   with X, Y column-centred,
//
// a similarity in [0, 1] that is 1 for X = Y, unchanged by orthogonal
// transforms and isotropic scaling of either side, but not by arbitrary
// invertible linear maps (unlike CCA), so it compares layers of different
// widths or networks of different seeds. x is n×p1 and y is n×p2, one row
// per example; it works in feature space or in example space (n×n Gram
// matrices), whichever is cheaper. It panics on mismatched rows, fewer than
// 2 examples, non-finite values, or a constant representation (CKA is then
// undefined).
func LinearCKA(x, y mat.Matrix) float64 {
	n, p1 := x.Dims()
	ny, p2 := y.Dims()
	if n != ny {
		panic(fmt.Errorf("metrics.LinearCKA: x has %d rows but y has %d; both need one row per example", n, ny))
	}
	if n < 2 {
		panic(fmt.Errorf("metrics.LinearCKA: %d examples; need at least 2", n))
	}
	checkFinite("LinearCKA", "x", x)
	checkFinite("LinearCKA", "y", y)
	return linearCKA(x, y, n*n <= max(p1, p2)*min(p1, p2))
}

// linearCKA computes CKA in example space (n×n Gram matrices) or in feature
// space; the two agree exactly in exact arithmetic.
func linearCKA(x, y mat.Matrix, exampleSpace bool) float64 {
	xc, yc := centreColumns(x), centreColumns(y)
	var hsicXY, hsicXX, hsicYY float64
	if exampleSpace {
		// Example space: HSIC(K, L) = ⟨K_c, L_c⟩_F with K_c = X_c X_cᵀ.
		var k, l mat.Dense
		k.Mul(xc, xc.T())
		l.Mul(yc, yc.T())
		hsicXY, hsicXX, hsicYY = frobeniusDot(&k, &l), frobeniusDot(&k, &k), frobeniusDot(&l, &l)
	} else {
		var xy, xx, yy mat.Dense
		xy.Mul(yc.T(), xc)
		xx.Mul(xc.T(), xc)
		yy.Mul(yc.T(), yc)
		hsicXY, hsicXX, hsicYY = frobeniusDot(&xy, &xy), frobeniusDot(&xx, &xx), frobeniusDot(&yy, &yy)
	}
	if hsicXX == 0 || hsicYY == 0 {
		panic(fmt.Errorf("metrics.LinearCKA: a representation is constant across examples (‖XᵀX‖ = %v, ‖YᵀY‖ = %v); CKA is undefined", hsicXX, hsicYY))
	}
	return hsicXY / math.Sqrt(hsicXX*hsicYY)
}

// centreColumns returns a copy of m with each column's mean subtracted.
func centreColumns(m mat.Matrix) *mat.Dense {
	r, c := m.Dims()
	out := mat.DenseCopyOf(m)
	means := columnMeans(m)
	for i := range r {
		row := out.RawRowView(i)
		for j := range c {
			row[j] -= means[j]
		}
	}
	return out
}

// frobeniusDot returns Σ_ij a_ij b_ij.
func frobeniusDot(a, b *mat.Dense) float64 {
	r, c := a.Dims()
	var s float64
	for i := range r {
		ra, rb := a.RawRowView(i), b.RawRowView(i)
		for j := range c {
			s += ra[j] * rb[j]
		}
	}
	return s
}
