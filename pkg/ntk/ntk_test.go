package ntk

import (
	"math"
	"math/rand"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/papernb/papernb/pkg/internal/gomlxtest"
)

func randMatrix(rng *rand.Rand, rows, cols int) [][]float64 {
	m := make([][]float64, rows)
	for i := range m {
		m[i] = make([]float64, cols)
		for j := range m[i] {
			m[i][j] = rng.NormFloat64()
		}
	}
	return m
}

// For a linear model f(x) = x·w the gradient is x itself: Θ = X Xᵀ.
func TestEmpiricalLinearModel(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	x := randMatrix(rng, 5, 3)
	w := []float64{0.3, -1, 2}
	exec, err := graph.NewExec(gomlxtest.Backend(t), func(x, w *graph.Node) *graph.Node {
		return Empirical(graph.Dot(x, w).Product(), w)
	})
	if err != nil {
		t.Fatal(err)
	}
	got := exec.MustCall(x, w)[0].Value().([][]float64)
	for i := range x {
		for j := range x {
			var want float64
			for k := range x[i] {
				want += x[i][k] * x[j][k]
			}
			if math.Abs(got[i][j]-want) > 1e-12 {
				t.Errorf("Θ[%d][%d] = %v, want x_i·x_j = %v", i, j, got[i][j], want)
			}
		}
	}
}

// A one-hidden-layer ReLU network f(x) = v·relu(W x)/√n has the closed form
//
//	Θ(x, x') = (1/n) Σ_k [relu(w_k·x) relu(w_k·x') + v_k² 1{w_k·x > 0} 1{w_k·x' > 0} x·x'],
//
// the first term from the readout v, the second from the hidden weights W.
func TestEmpiricalOneHiddenLayer(t *testing.T) {
	const batch, in, n = 4, 3, 6
	rng := rand.New(rand.NewSource(2))
	x := randMatrix(rng, batch, in)
	w := randMatrix(rng, n, in)
	v := randMatrix(rng, 1, n)[0]
	exec, err := graph.NewExec(gomlxtest.Backend(t), func(x, w, v *graph.Node) *graph.Node {
		h := graph.MaxScalar(graph.Dot(x, w).General([]int{1}, nil, []int{1}, nil), 0) // [batch, n]
		f := graph.MulScalar(graph.Dot(h, v).Product(), 1/math.Sqrt(n))
		return Empirical(f, w, v)
	})
	if err != nil {
		t.Fatal(err)
	}
	got := exec.MustCall(x, w, v)[0].Value().([][]float64)
	pre := func(i, k int) float64 {
		var s float64
		for d := range in {
			s += w[k][d] * x[i][d]
		}
		return s
	}
	for i := range batch {
		for j := range batch {
			var dot float64
			for d := range in {
				dot += x[i][d] * x[j][d]
			}
			var want float64
			for k := range n {
				a, b := pre(i, k), pre(j, k)
				want += math.Max(a, 0) * math.Max(b, 0)
				if a > 0 && b > 0 {
					want += v[k] * v[k] * dot
				}
			}
			want /= n
			if math.Abs(got[i][j]-want) > 1e-12 {
				t.Errorf("Θ[%d][%d] = %v, want %v", i, j, got[i][j], want)
			}
		}
	}
}

func TestEmpiricalRejectsBadInput(t *testing.T) {
	backend := gomlxtest.Backend(t)
	for name, fn := range map[string]func(x, w *graph.Node) *graph.Node{
		"rank-2 outputs": func(x, w *graph.Node) *graph.Node { return Empirical(graph.Mul(x, graph.Reshape(w, 1, 2)), w) },
		"no parameters":  func(x, w *graph.Node) *graph.Node { return Empirical(graph.Dot(x, w).Product()) },
	} {
		exec, err := graph.NewExec(backend, fn)
		if err != nil {
			t.Fatal(err)
		}
		_, err = exec.Call([][]float64{{1, 2}}, []float64{1, 1})
		if err == nil || !strings.Contains(err.Error(), "ntk.Empirical") {
			t.Errorf("%s: error %v, want one from ntk.Empirical naming the problem", name, err)
		}
	}
}
