package ntk

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// ReLU gives the infinite-width kernels of a fully connected ReLU network
// with Depth hidden layers, every weight and bias drawn from N(0, 1) and
// scaled in the forward pass,
//
//	z¹ = σ_w·W¹x/√d + σ_b·b¹,   z^{h+1} = σ_w·W^{h+1} relu(z^h)/√n + σ_b·b^{h+1},
//
// with output f = z^{Depth+1} (one unit) and widths n → ∞. Then f is a
// Gaussian process with covariance NNGP (Neal; Lee et al. 2018), and
// gradient descent on all weights and biases in this (NTK) parameterisation
// trains f as kernel regression with the neural tangent kernel NTK (Jacot et
// al. 2018). Both follow the recursion of Arora et al. (2019):
//
//	Σ¹(x, x') = σ_w²·x·x'/d + σ_b²,                 Θ¹ = Σ¹,
//	Σ^{h+1}   = σ_w²·E[relu(u) relu(v)] + σ_b²,      Θ^{h+1} = Σ^{h+1} + Θ^h·σ_w²·E[relu'(u) relu'(v)],
//
// with (u, v) centred Gaussian of covariance Σ^h on {x, x'}. For ReLU the
// expectations are the arc-cosine kernels of Cho & Saul (2009) of orders 1
// and 0: with c = Σ^h(x, x') / √(Σ^h(x, x) Σ^h(x', x')) and θ = arccos c,
//
//	E[relu(u) relu(v)]   = √(Σ^h(x,x) Σ^h(x',x')) · (sin θ + (π − θ) cos θ) / (2π),
//	E[relu'(u) relu'(v)] = (π − θ) / (2π).
//
// σ_w² = 2 is the critical ("He") choice that keeps Σ^h(x, x) constant
// through depth when σ_b = 0.
type ReLU struct {
	Depth     int     // hidden layers, ≥ 1
	WeightVar float64 // σ_w² > 0
	BiasVar   float64 // σ_b² ≥ 0
}

// NNGP returns the n×m matrix of the network's output covariance between
// the rows of x (n×d) and of y (m×d).
func (k ReLU) NNGP(x, y mat.Matrix) *mat.Dense {
	nngp, _ := k.Kernels(x, y)
	return nngp
}

// NTK returns the n×m neural tangent kernel between the rows of x and y.
func (k ReLU) NTK(x, y mat.Matrix) *mat.Dense {
	_, ntk := k.Kernels(x, y)
	return ntk
}

// Kernels returns both kernels from one pass of the recursion. It panics if
// the configuration is invalid (see ReLU), if x and y have different
// numbers of columns. An all-zero input with BiasVar = 0 has no angle to
// the others, but its network output is exactly 0: both kernels are 0 there.
func (k ReLU) Kernels(x, y mat.Matrix) (nngp, ntk *mat.Dense) {
	k.check()
	n, d := x.Dims()
	m, dy := y.Dims()
	if d != dy {
		panic(fmt.Errorf("ntk.ReLU: x has %d columns but y has %d; both need one row per input of the same dimension", d, dy))
	}
	// Σ¹ on the pairs and on each input with itself.
	sigma := mat.NewDense(n, m, nil)
	sigma.Mul(x, y.T())
	sigma.Apply(func(_, _ int, v float64) float64 { return k.WeightVar*v/float64(d) + k.BiasVar }, sigma)
	selfX, selfY := k.selfLayer1(x), k.selfLayer1(y)
	theta := mat.DenseCopyOf(sigma)
	for range k.Depth {
		for i := range n {
			for j := range m {
				norm := math.Sqrt(selfX[i] * selfY[j])
				if norm == 0 {
					// An all-zero input with BiasVar = 0: its pre-activations are
					// exactly 0 in every layer, so are its ReLU outputs and
					// (with relu'(0) = 0) its derivatives, and both kernels vanish.
					sigma.Set(i, j, k.BiasVar)
					theta.Set(i, j, k.BiasVar)
					continue
				}
				c := math.Max(-1, math.Min(1, sigma.At(i, j)/norm))
				t := math.Acos(c)
				e1 := norm * (math.Sin(t) + (math.Pi-t)*c) / (2 * math.Pi)
				e0 := (math.Pi - t) / (2 * math.Pi)
				s := k.WeightVar*e1 + k.BiasVar
				sigma.Set(i, j, s)
				theta.Set(i, j, s+theta.At(i, j)*k.WeightVar*e0)
			}
		}
		// On the diagonal θ = 0: E[relu(u)²] = Σ/2.
		for i := range selfX {
			selfX[i] = k.WeightVar*selfX[i]/2 + k.BiasVar
		}
		for j := range selfY {
			selfY[j] = k.WeightVar*selfY[j]/2 + k.BiasVar
		}
	}
	return sigma, theta
}

func (k ReLU) selfLayer1(x mat.Matrix) []float64 {
	n, d := x.Dims()
	out := make([]float64, n)
	for i := range n {
		var ss float64
		for c := range d {
			ss += x.At(i, c) * x.At(i, c)
		}
		out[i] = k.WeightVar*ss/float64(d) + k.BiasVar
	}
	return out
}

func (k ReLU) check() {
	switch {
	case k.Depth < 1:
		panic(fmt.Errorf("ntk.ReLU: Depth = %d; want ≥ 1 hidden layer", k.Depth))
	case !(k.WeightVar > 0) || math.IsInf(k.WeightVar, 0):
		panic(fmt.Errorf("ntk.ReLU: WeightVar = %v; want a finite σ_w² > 0 (2 is critical)", k.WeightVar))
	case !(k.BiasVar >= 0) || math.IsInf(k.BiasVar, 0):
		panic(fmt.Errorf("ntk.ReLU: BiasVar = %v; want a finite σ_b² ≥ 0", k.BiasVar))
	}
}
