package metrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Transport is an entropy-regularised optimal transport plan.
type Transport struct {
	Plan       *mat.Dense // n×m coupling with row sums a and column sums b
	Cost       float64    // Σ Plan ⊙ cost: the transport cost of the plan
	Iterations int
	Converged  bool // marginals met to the tolerance within the iterations
}

// Sinkhorn solves entropy-regularised optimal transport between weights a
// (n, summing to 1) and b (m, summing to 1) with cost matrix cost (n×m):
// it minimises ⟨P, C⟩ − ε·H(P) over couplings P by Sinkhorn's alternating
// scaling (Cuturi 2013), in the log domain so that small ε does not
// underflow. As ε → 0 the cost tends to the unregularised optimum (for
// cost = distance, the Wasserstein-1 distance) from above, with a bias of
// order ε·ln(n·m). It stops when every row and column sum is within tol of
// its target (≤ maxIter iterations).
func Sinkhorn(cost mat.Matrix, a, b []float64, epsilon float64, maxIter int, tol float64) (Transport, error) {
	n, m := cost.Dims()
	switch {
	case len(a) != n || len(b) != m:
		return Transport{}, fmt.Errorf("metrics.Sinkhorn: cost is %d×%d but a has %d and b %d weights; they must match", n, m, len(a), len(b))
	case !(epsilon > 0) || math.IsInf(epsilon, 0):
		return Transport{}, fmt.Errorf("metrics.Sinkhorn: epsilon = %v; want a finite value > 0 (a small fraction of the typical cost)", epsilon)
	case maxIter < 1 || !(tol > 0):
		return Transport{}, fmt.Errorf("metrics.Sinkhorn: maxIter = %d, tol = %v; want ≥ 1 and > 0", maxIter, tol)
	}
	if err := checkWeights("a", a); err != nil {
		return Transport{}, err
	}
	if err := checkWeights("b", b); err != nil {
		return Transport{}, err
	}
	checkFinite("Sinkhorn", "cost", cost)
	f, g := make([]float64, n), make([]float64, m) // dual potentials
	logA, logB := logs(a), logs(b)
	// logPlan(i, j) = (f_i + g_j − C_ij)/ε.
	logPlan := func(i, j int) float64 { return (f[i] + g[j] - cost.At(i, j)) / epsilon }
	t := Transport{}
	terms := make([]float64, max(n, m))
	for t.Iterations < maxIter {
		t.Iterations++
		for i := range n { // match row sums: f_i = ε(log a_i − LSE_j((g_j − C_ij)/ε))
			for j := range m {
				terms[j] = (g[j] - cost.At(i, j)) / epsilon
			}
			f[i] = epsilon * (logA[i] - logSumExpOf(terms[:m]))
		}
		for j := range m {
			for i := range n {
				terms[i] = (f[i] - cost.At(i, j)) / epsilon
			}
			g[j] = epsilon * (logB[j] - logSumExpOf(terms[:n]))
		}
		// Columns now match exactly; check the rows.
		worst := 0.0
		for i := range n {
			var s float64
			for j := range m {
				s += math.Exp(logPlan(i, j))
			}
			worst = math.Max(worst, math.Abs(s-a[i]))
		}
		if worst <= tol {
			t.Converged = true
			break
		}
	}
	t.Plan = mat.NewDense(n, m, nil)
	for i := range n {
		for j := range m {
			p := math.Exp(logPlan(i, j))
			t.Plan.Set(i, j, p)
			t.Cost += p * cost.At(i, j)
		}
	}
	return t, nil
}

// Wasserstein1 returns the entropic estimate of the Wasserstein-1 distance
// between two equally weighted point clouds (rows of x and y) under the
// Euclidean distance, with ε = epsilon·(mean distance) — 0.01 gives about
// a percent of bias — run to marginals within 1e-9.
func Wasserstein1(x, y mat.Matrix, epsilon float64) (Transport, error) {
	n, p := x.Dims()
	m, q := y.Dims()
	if p != q {
		return Transport{}, fmt.Errorf("metrics.Wasserstein1: x has %d columns but y has %d; they must match", p, q)
	}
	cost := mat.NewDense(n, m, nil)
	var mean float64
	for i := range n {
		for j := range m {
			var s float64
			for c := range p {
				d := x.At(i, c) - y.At(j, c)
				s += d * d
			}
			cost.Set(i, j, math.Sqrt(s))
			mean += math.Sqrt(s) / float64(n*m)
		}
	}
	if mean == 0 {
		return Transport{Plan: mat.NewDense(n, m, nil), Converged: true}, nil
	}
	a, b := make([]float64, n), make([]float64, m)
	for i := range a {
		a[i] = 1 / float64(n)
	}
	for j := range b {
		b[j] = 1 / float64(m)
	}
	return Sinkhorn(cost, a, b, epsilon*mean, 100000, 1e-9)
}

func checkWeights(name string, w []float64) error {
	var s float64
	for i, v := range w {
		if !(v > 0) || math.IsInf(v, 0) {
			return fmt.Errorf("metrics.Sinkhorn: %s[%d] = %v; weights must be finite and > 0 (drop empty points)", name, i, v)
		}
		s += v
	}
	if math.Abs(s-1) > 1e-9 {
		return fmt.Errorf("metrics.Sinkhorn: %s sums to %v; weights are probabilities and must sum to 1", name, s)
	}
	return nil
}

func logs(w []float64) []float64 {
	out := make([]float64, len(w))
	for i, v := range w {
		out[i] = math.Log(v)
	}
	return out
}
