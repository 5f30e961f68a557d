package data

import (
	"fmt"
	"math"
	"math/rand"

	"gonum.org/v1/gonum/mat"
)

// GaussianMixture is a finite mixture of multivariate normal distributions:
// a point is drawn by picking component c with probability Weights[c] and
// then x ~ N(Means[c], Σ_c). It is the data of a classification problem
// whose Bayes-optimal rule is known (the component is the label), and of
// experiments that need latents with a known density.
type GaussianMixture struct {
	Means   [][]float64
	Weights []float64
	covs    []*mat.SymDense
	chols   []*mat.TriDense // lower Cholesky factors, Σ_c = L·Lᵀ
	cum     []float64       // cumulative weights
}

// NewGaussianMixture returns the mixture with the given means (all of one
// dimension d), covariances (d×d, symmetric positive definite; a nil slice
// or a nil entry is the identity) and weights (non-negative, normalised
// here; nil is uniform).
func NewGaussianMixture(means [][]float64, covs []mat.Symmetric, weights []float64) (*GaussianMixture, error) {
	k := len(means)
	if k == 0 {
		return nil, fmt.Errorf("data.NewGaussianMixture: no means: need at least one component")
	}
	d := len(means[0])
	if d == 0 {
		return nil, fmt.Errorf("data.NewGaussianMixture: mean 0 is empty: need dimension ≥ 1")
	}
	for c, m := range means {
		if len(m) != d {
			return nil, fmt.Errorf("data.NewGaussianMixture: mean %d has dimension %d, mean 0 has %d: need equal dimensions", c, len(m), d)
		}
	}
	if covs != nil && len(covs) != k {
		return nil, fmt.Errorf("data.NewGaussianMixture: %d covariances for %d means: need one per mean, or nil for identities", len(covs), k)
	}
	if weights == nil {
		weights = make([]float64, k)
		for c := range weights {
			weights[c] = 1
		}
	}
	if len(weights) != k {
		return nil, fmt.Errorf("data.NewGaussianMixture: %d weights for %d means: need one per mean, or nil for uniform", len(weights), k)
	}
	var total float64
	for c, w := range weights {
		if !(w >= 0) || math.IsInf(w, 0) {
			return nil, fmt.Errorf("data.NewGaussianMixture: weight %d is %g: need finite values ≥ 0", c, w)
		}
		total += w
	}
	if !(total > 0) {
		return nil, fmt.Errorf("data.NewGaussianMixture: the weights sum to %g: need a positive sum", total)
	}
	g := &GaussianMixture{Weights: make([]float64, k), cum: make([]float64, k)}
	for c, m := range means {
		g.Means = append(g.Means, append([]float64(nil), m...))
		g.Weights[c] = weights[c] / total
		g.cum[c] = g.Weights[c]
		if c > 0 {
			g.cum[c] += g.cum[c-1]
		}
		cov := mat.NewSymDense(d, nil)
		if covs == nil || covs[c] == nil {
			for i := 0; i < d; i++ {
				cov.SetSym(i, i, 1)
			}
		} else {
			if r := covs[c].SymmetricDim(); r != d {
				return nil, fmt.Errorf("data.NewGaussianMixture: covariance %d is %d×%d, need %d×%d", c, r, r, d, d)
			}
			cov.CopySym(covs[c])
		}
		var chol mat.Cholesky
		if !chol.Factorize(cov) {
			return nil, fmt.Errorf("data.NewGaussianMixture: covariance %d is not positive definite", c)
		}
		l := mat.NewTriDense(d, mat.Lower, nil)
		chol.LTo(l)
		g.covs = append(g.covs, cov)
		g.chols = append(g.chols, l)
	}
	g.cum[k-1] = 1
	return g, nil
}

// SimplexMixture returns k equally weighted isotropic components N(μ_c, σ²I)
// in dimension d whose means are the vertices of a regular simplex with
// edge separation, centred at the origin and randomly rotated: every pair of
// means is exactly separation apart, so every pair of classes is equally
// hard. Two components alone are confused by the Bayes rule with
// probability Φ(−separation/(2σ)). It needs 1 ≤ k ≤ d (the vertices are
// built from k scaled basis vectors).
func SimplexMixture(rng *rand.Rand, k, d int, separation, sigma float64) (*GaussianMixture, error) {
	if k < 1 || k > d {
		return nil, fmt.Errorf("data.SimplexMixture: %d components in dimension %d: need 1 ≤ k ≤ d", k, d)
	}
	if !(separation >= 0) || math.IsInf(separation, 0) {
		return nil, fmt.Errorf("data.SimplexMixture: separation %g: need a finite value ≥ 0", separation)
	}
	if !(sigma > 0) || math.IsInf(sigma, 0) {
		return nil, fmt.Errorf("data.SimplexMixture: σ = %g: need a finite value > 0", sigma)
	}
	q := RandomOrthogonal(rng, d)
	// Vertices (separation/√2)·e_c, c < k, are pairwise separation apart;
	// subtracting their centroid keeps the distances. Then rotate by Q.
	a := separation / math.Sqrt2
	means := make([][]float64, k)
	cov := mat.NewSymDense(d, nil)
	for i := 0; i < d; i++ {
		cov.SetSym(i, i, sigma*sigma)
	}
	covs := make([]mat.Symmetric, k)
	for c := range means {
		v := make([]float64, d)
		for j := 0; j < k; j++ {
			v[j] = -a / float64(k)
		}
		v[c] += a
		means[c] = make([]float64, d)
		for i := range means[c] {
			for j := 0; j < k; j++ {
				means[c][i] += q.At(i, j) * v[j]
			}
		}
		covs[c] = cov
	}
	return NewGaussianMixture(means, covs, nil)
}

// RandomOrthogonal returns a d×d orthogonal matrix drawn from the uniform
// (Haar) distribution: the Q of the QR factorisation of a standard normal
// matrix, with its columns' signs fixed so that R has a positive diagonal.
func RandomOrthogonal(rng *rand.Rand, d int) *mat.Dense {
	if d < 1 {
		panic(fmt.Errorf("data.RandomOrthogonal: dimension %d, must be ≥ 1", d))
	}
	z := mat.NewDense(d, d, nil)
	for i := 0; i < d; i++ {
		for j := 0; j < d; j++ {
			z.Set(i, j, rng.NormFloat64())
		}
	}
	var qr mat.QR
	qr.Factorize(z)
	var q, r mat.Dense
	qr.QTo(&q)
	qr.RTo(&r)
	for j := 0; j < d; j++ {
		if r.At(j, j) < 0 {
			for i := 0; i < d; i++ {
				q.Set(i, j, -q.At(i, j))
			}
		}
	}
	return &q
}

// Dim returns the dimension of the points.
func (g *GaussianMixture) Dim() int { return len(g.Means[0]) }

// Cov returns a copy of component c's covariance.
func (g *GaussianMixture) Cov(c int) *mat.SymDense {
	return mat.NewSymDense(g.Dim(), append([]float64(nil), g.covs[c].RawSymmetric().Data...))
}

// Sample draws n points and the component each came from.
func (g *GaussianMixture) Sample(rng *rand.Rand, n int) (x [][]float64, labels []int) {
	if n < 0 {
		panic(fmt.Errorf("data.GaussianMixture.Sample: n = %d points, must be ≥ 0", n))
	}
	d := g.Dim()
	x = make([][]float64, n)
	labels = make([]int, n)
	z := make([]float64, d)
	for i := range x {
		c := drawCum(rng, g.cum)
		labels[i] = c
		for j := range z {
			z[j] = rng.NormFloat64()
		}
		l := g.chols[c]
		x[i] = make([]float64, d)
		for r := 0; r < d; r++ {
			v := g.Means[c][r]
			for s := 0; s <= r; s++ {
				v += l.At(r, s) * z[s]
			}
			x[i][r] = v
		}
	}
	return x, labels
}

// drawCum returns the index of the first cumulative weight above a uniform
// draw: an index with probability cum[i] − cum[i−1]. cum must end at 1.
func drawCum(rng *rand.Rand, cum []float64) int {
	u := rng.Float64()
	lo, hi := 0, len(cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if cum[mid] > u {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}
