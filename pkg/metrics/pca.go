package metrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// PCAResult holds the leading principal components of a data matrix.
type PCAResult struct {
	Components *mat.Dense // k×p, one unit-norm direction per row, by decreasing variance
	Variance   []float64  // variance along each component (divisor n − 1)
	// ExplainedRatio is each component's share of the total variance.
	ExplainedRatio []float64
	Mean           []float64 // the column means that were subtracted
}

// Project returns the coordinates (n×k) of the rows of x on the components,
// after subtracting the mean of the data the components came from.
func (r PCAResult) Project(x mat.Matrix) *mat.Dense {
	n, p := x.Dims()
	if len(r.Mean) != p {
		panic(fmt.Errorf("metrics.PCAResult.Project: x has %d columns; the PCA was fitted on %d", p, len(r.Mean)))
	}
	c := mat.DenseCopyOf(x)
	for i := range n {
		row := c.RawRowView(i)
		for j := range p {
			row[j] -= r.Mean[j]
		}
	}
	var out mat.Dense
	out.Mul(c, r.Components.T())
	return &out
}

// PCA returns the k leading principal components of x (n×p, one row per
// example), from the thin SVD of the centred data, 1 ≤ k ≤ min(n, p).
func PCA(x mat.Matrix, k int) PCAResult {
	n, p := x.Dims()
	if k < 1 || k > min(n, p) {
		panic(fmt.Errorf("metrics.PCA: k = %d for %d×%d data; want 1 ≤ k ≤ %d", k, n, p, min(n, p)))
	}
	if n < 2 {
		panic(fmt.Errorf("metrics.PCA: %d examples; need at least 2", n))
	}
	checkFinite("PCA", "x", x)
	c := centreColumns(x)
	var svd mat.SVD
	if !svd.Factorize(c, mat.SVDThinV) {
		panic(fmt.Errorf("metrics.PCA: the SVD did not converge"))
	}
	s := svd.Values(nil)
	var v mat.Dense
	svd.VTo(&v)
	res := PCAResult{Components: mat.NewDense(k, p, nil), Mean: columnMeans(x)}
	var total float64
	for _, sv := range s {
		total += sv * sv
	}
	for i := range k {
		res.Components.SetRow(i, mat.Col(nil, i, &v))
		res.Variance = append(res.Variance, s[i]*s[i]/float64(n-1))
		res.ExplainedRatio = append(res.ExplainedRatio, s[i]*s[i]/total)
	}
	return res
}

// PrincipalAngles returns the principal angles, in radians and increasing,
// between the column spaces of a (n×p) and b (n×q): min(p, q) angles, 0 for
// a shared direction, π/2 for orthogonal ones. They are the arc-cosines of
// the singular values of Q_aᵀQ_b, with Q_a, Q_b orthonormal bases
// (Björck & Golub 1973). Both need full column rank.
func PrincipalAngles(a, b mat.Matrix) []float64 {
	na, p := a.Dims()
	nb, q := b.Dims()
	if na != nb {
		panic(fmt.Errorf("metrics.PrincipalAngles: a has %d rows but b has %d; the subspaces must live in one space", na, nb))
	}
	if p > na || q > nb {
		panic(fmt.Errorf("metrics.PrincipalAngles: %d and %d columns in R^%d; a basis has at most %d", p, q, na, na))
	}
	qa, qb := orthonormalBasis("a", a), orthonormalBasis("b", b)
	var m mat.Dense
	m.Mul(qa.T(), qb)
	var svd mat.SVD
	if !svd.Factorize(&m, mat.SVDNone) {
		panic(fmt.Errorf("metrics.PrincipalAngles: the SVD did not converge"))
	}
	s := svd.Values(nil)
	angles := make([]float64, len(s))
	for i, sv := range s {
		angles[i] = math.Acos(math.Min(sv, 1))
	}
	return angles
}

// orthonormalBasis returns the thin Q factor of m, panicking if m is rank
// deficient (a zero on R's diagonal relative to its largest entry).
func orthonormalBasis(name string, m mat.Matrix) *mat.Dense {
	checkFinite("PrincipalAngles", name, m)
	n, c := m.Dims()
	var qr mat.QR
	qr.Factorize(m)
	var r mat.Dense
	qr.RTo(&r)
	var top float64
	for i := range c {
		top = math.Max(top, math.Abs(r.At(i, i)))
	}
	for i := range c {
		if math.Abs(r.At(i, i)) <= 1e-12*top {
			panic(fmt.Errorf("metrics.PrincipalAngles: %s has dependent columns (rank < %d); pass a basis", name, c))
		}
	}
	var q mat.Dense
	qr.QTo(&q)
	return mat.DenseCopyOf(q.Slice(0, n, 0, c))
}
