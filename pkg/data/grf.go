package data

import (
	"fmt"
	"math"
	"math/rand"

	"gonum.org/v1/gonum/mat"
)

// GRF samples a zero-mean Gaussian random field on fixed points, with the
// squared-exponential (RBF) covariance
//
//	k(x, x') = exp(−(x − x')² / (2 ℓ²))
//
// of length scale ℓ and unit variance. Samples are smooth functions whose
// wiggles are about ℓ wide: ℓ = 0.2 on [0, 1] gives two or three bumps,
// the input space of the DeepONet paper.
//
// A sample is L·z for z standard normal and L the Cholesky factor of the
// kernel matrix K (K = L·Lᵀ), computed once in float64. K is numerically
// singular for smooth kernels on dense points (its eigenvalues decay like a
// Gaussian), so a small jitter is added to its diagonal; the jitter adds a
// white-noise component of that variance to every sample, far below any
// error a model reaches.
type GRF struct {
	points      []float64
	lengthScale float64
	jitter      float64
	chol        mat.Cholesky
	l           *mat.TriDense
}

// DefaultJitter is the diagonal jitter NewGRF uses when given 0.
const DefaultJitter = 1e-10

// NewGRF prepares sampling on points with the given length scale (> 0).
// jitter is added to the kernel matrix's diagonal (0 selects DefaultJitter).
// It returns an error when the jittered matrix is still not numerically
// positive definite: then raise the jitter or use fewer points.
func NewGRF(points []float64, lengthScale, jitter float64) (*GRF, error) {
	if len(points) == 0 {
		return nil, fmt.Errorf("data.NewGRF: no points")
	}
	if !(lengthScale > 0) || math.IsInf(lengthScale, 0) {
		return nil, fmt.Errorf("data.NewGRF: length scale %g is not allowed: need a finite value > 0", lengthScale)
	}
	if jitter == 0 {
		jitter = DefaultJitter
	}
	if !(jitter > 0) {
		return nil, fmt.Errorf("data.NewGRF: jitter %g is not allowed: need a value > 0 (or 0 for the default %g)", jitter, DefaultJitter)
	}
	n := len(points)
	k := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			d := points[i] - points[j]
			v := math.Exp(-d * d / (2 * lengthScale * lengthScale))
			if i == j {
				v += jitter
			}
			k.SetSym(i, j, v)
		}
	}
	g := &GRF{points: append([]float64(nil), points...), lengthScale: lengthScale, jitter: jitter}
	if ok := g.chol.Factorize(k); !ok {
		return nil, fmt.Errorf("data.NewGRF: the RBF kernel matrix on %d points with length scale %g and jitter %g is not positive definite in float64: raise the jitter",
			n, lengthScale, jitter)
	}
	g.l = mat.NewTriDense(n, mat.Lower, nil)
	g.chol.LTo(g.l)
	return g, nil
}

// Points returns the points the field is sampled on.
func (g *GRF) Points() []float64 { return append([]float64(nil), g.points...) }

// LengthScale returns ℓ.
func (g *GRF) LengthScale() float64 { return g.lengthScale }

// Kernel returns the covariance k(x, x') of the field (without the jitter).
func (g *GRF) Kernel(x, xp float64) float64 {
	d := x - xp
	return math.Exp(-d * d / (2 * g.lengthScale * g.lengthScale))
}

// Sample draws n independent functions; sample i holds its values at
// Points(). All n are drawn at once: the normals fill an n×p matrix Z
// (row by row, from rng) and the samples are the rows of Z·Lᵀ, one
// matrix product.
func (g *GRF) Sample(rng *rand.Rand, n int) [][]float64 {
	if n < 0 {
		panic(fmt.Errorf("data.GRF.Sample: n = %d samples, must be ≥ 0", n))
	}
	if n == 0 {
		return nil
	}
	p := len(g.points)
	z := mat.NewDense(n, p, nil)
	raw := z.RawMatrix().Data
	for i := range raw {
		raw[i] = rng.NormFloat64()
	}
	var out mat.Dense
	out.Mul(z, g.l.T())
	rows := make([][]float64, n)
	for i := range rows {
		rows[i] = append([]float64(nil), out.RawRowView(i)...)
	}
	return rows
}
