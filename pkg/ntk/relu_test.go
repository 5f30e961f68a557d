package ntk

import (
	"math"
	"math/rand"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/papernb/papernb/pkg/internal/gomlxtest"
	"gonum.org/v1/gonum/mat"
)

// One hidden layer, σ_w² = 2, σ_b² = 0, on x = e₁ and x' = e₂ in d = 2:
// Σ¹ = I, θ = π/2, so Σ²(x, x') = 2·(1 + 0)/(2π) = 1/π, Σ²(x, x) = 2·π/(2π) = 1,
// Θ²(x, x') = 1/π + 0, Θ²(x, x) = 1 + 1·2·½ = 2.
func TestReLUDepthOneByHand(t *testing.T) {
	x := mat.NewDense(2, 2, []float64{1, 0, 0, 1})
	nngp, ntk := ReLU{Depth: 1, WeightVar: 2}.Kernels(x, x)
	wantNNGP := mat.NewDense(2, 2, []float64{1, 1 / math.Pi, 1 / math.Pi, 1})
	wantNTK := mat.NewDense(2, 2, []float64{2, 1 / math.Pi, 1 / math.Pi, 2})
	if !mat.EqualApprox(nngp, wantNNGP, 1e-15) || !mat.EqualApprox(ntk, wantNTK, 1e-15) {
		t.Errorf("NNGP\n%v\nNTK\n%v\nwant\n%v\n%v", mat.Formatted(nngp), mat.Formatted(ntk), mat.Formatted(wantNNGP), mat.Formatted(wantNTK))
	}
	// With a bias σ_b² = 1 the same pair: Σ¹ = [[2, 1], [1, 2]], c = ½, θ = π/3.
	nngp, ntk = ReLU{Depth: 1, WeightVar: 2, BiasVar: 1}.Kernels(x, x)
	th := math.Pi / 3
	s2 := 2*2*(math.Sin(th)+(math.Pi-th)*0.5)/(2*math.Pi) + 1
	if got := nngp.At(0, 1); math.Abs(got-s2) > 1e-14 {
		t.Errorf("NNGP with bias = %v, want %v", got, s2)
	}
	if got, want := ntk.At(0, 1), s2+1*2*(math.Pi-th)/(2*math.Pi); math.Abs(got-want) > 1e-14 {
		t.Errorf("NTK with bias = %v, want %v", got, want)
	}
}

// At the critical σ_w² = 2 without bias the diagonal Σ^h(x, x) = ‖x‖²/d·2
// stays fixed through depth, and Θ^L(x, x) = (L+1)·Σ(x, x).
func TestReLUCriticalDiagonal(t *testing.T) {
	x := mat.NewDense(1, 3, []float64{1, -2, 0.5})
	for depth := 1; depth <= 5; depth++ {
		nngp, ntk := ReLU{Depth: depth, WeightVar: 2}.Kernels(x, x)
		q := 2 * 5.25 / 3
		if math.Abs(nngp.At(0, 0)-q) > 1e-12 || math.Abs(ntk.At(0, 0)-float64(depth+1)*q) > 1e-12 {
			t.Errorf("depth %d: Σ(x, x) = %v, Θ(x, x) = %v; want %v and %v", depth, nngp.At(0, 0), ntk.At(0, 0), q, float64(depth+1)*q)
		}
	}
}

// forwardHidden returns relu(z^L) of a random ReLU net in the ReLU kernel's
// parameterisation for every row of x, and Σ^{L+1} estimated as
// σ_w²·h·h'/n + σ_b² — the output covariance over the readout weights given
// the hidden layer, so one net of width n gives an estimate whose error
// shrinks like 1/√n.
func hiddenKernel(rng *rand.Rand, x *mat.Dense, k ReLU, width int) *mat.Dense {
	h := mat.DenseCopyOf(x)
	sw, sb := math.Sqrt(k.WeightVar), math.Sqrt(k.BiasVar)
	for range k.Depth {
		_, fanIn := h.Dims()
		w := mat.NewDense(fanIn, width, nil)
		for i := range fanIn {
			for j := range width {
				w.Set(i, j, rng.NormFloat64()*sw/math.Sqrt(float64(fanIn)))
			}
		}
		bias := make([]float64, width)
		for j := range bias {
			bias[j] = sb * rng.NormFloat64()
		}
		var z mat.Dense
		z.Mul(h, w)
		z.Apply(func(_, j int, v float64) float64 { return math.Max(v+bias[j], 0) }, &z)
		h = &z
	}
	var g mat.Dense
	g.Mul(h, h.T())
	g.Apply(func(_, _ int, v float64) float64 { return k.WeightVar*v/float64(width) + k.BiasVar }, &g)
	return &g
}

// The NNGP is the output covariance of random wide networks. Given the
// layer below, a layer's expected kernel is exactly the arc-cosine map of
// the layer below's empirical kernel; that map is linear on the diagonal,
// so the Monte-Carlo diagonal is unbiased at any width, and off the
// diagonal the bias is O(1/width). The noise is set by the fourth moment of
// relu(z): E[relu⁴]/E[relu²]² = 6, so each layer adds a relative variance of
// about 5/width to a net's diagonal. With 2 layers, width 256 and 1000 nets
// the standard error is √(2·5/256000) ≈ 0.6% of the diagonal; the test
// allows 3% (5 standard errors).
func TestReLUNNGPMatchesRandomNetworks(t *testing.T) {
	rng := rand.New(rand.NewSource(30))
	x := mat.NewDense(4, 3, []float64{1, 0, 0, 0.6, 0.8, 0, -1, 0.2, 0.3, 0.1, -0.5, 2})
	k := ReLU{Depth: 2, WeightVar: 1.8, BiasVar: 0.3}
	const nets, width = 1000, 256
	mc := mat.NewDense(4, 4, nil)
	for range nets {
		mc.Add(mc, hiddenKernel(rng, x, k, width))
	}
	mc.Scale(1.0/nets, mc)
	want := k.NNGP(x, x)
	t.Logf("Monte Carlo\n%.4f\nclosed form\n%.4f", mat.Formatted(mc), mat.Formatted(want))
	for i := range 4 {
		for j := range 4 {
			if math.Abs(mc.At(i, j)-want.At(i, j)) > 0.03*math.Sqrt(want.At(i, i)*want.At(j, j)) {
				t.Errorf("K[%d][%d]: Monte Carlo %.4f, closed form %.4f", i, j, mc.At(i, j), want.At(i, j))
			}
		}
	}
}

// The closed-form NTK is the mean of the empirical NTK (Empirical) of wide
// networks in the same parameterisation. A single net's NTK fluctuates
// around it with a relative variance of order 5·depth/width (Hanin & Nica
// 2019) — measured here, about 7% at width 1024 with two hidden layers —
// so the test averages 16 nets (standard error ≈ 2%) and allows 6%.
func TestReLUNTKMatchesEmpiricalWideNets(t *testing.T) {
	const width, d, nets = 1024, 3, 16
	k := ReLU{Depth: 2, WeightVar: 2, BiasVar: 0.5}
	xs := [][]float64{{1, 0, 0}, {0.6, 0.8, 0}, {-1, 0.2, 0.3}}
	sw, sb := math.Sqrt(k.WeightVar), math.Sqrt(k.BiasVar)
	exec, err := graph.NewExec(gomlxtest.Backend(t), func(in []*graph.Node) *graph.Node {
		x, params := in[0], in[1:]
		layer := func(h, w, b *graph.Node, fanIn int) *graph.Node {
			z := graph.MulScalar(graph.Dot(h, w).Product(), sw/math.Sqrt(float64(fanIn)))
			return graph.Add(z, graph.MulScalar(graph.Reshape(b, 1, -1), sb))
		}
		h := graph.MaxScalar(layer(x, params[0], params[1], d), 0)
		h = graph.MaxScalar(layer(h, params[2], params[3], width), 0)
		f := graph.Reshape(layer(h, params[4], params[5], width), -1)
		return Empirical(f, params...)
	})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(31))
	mean := mat.NewDense(3, 3, nil)
	for range nets {
		normal := func(r, c int) [][]float64 { return randMatrix(rng, r, c) }
		w1, w2, w3 := normal(d, width), normal(width, width), normal(width, 1)
		b1, b2, b3 := normal(1, width)[0], normal(1, width)[0], normal(1, 1)[0]
		theta := exec.MustCall(xs, w1, b1, w2, b2, w3, b3)[0].Value().([][]float64)
		for i := range 3 {
			for j := range 3 {
				mean.Set(i, j, mean.At(i, j)+theta[i][j]/nets)
			}
		}
	}
	x := mat.NewDense(3, d, []float64{1, 0, 0, 0.6, 0.8, 0, -1, 0.2, 0.3})
	want := k.NTK(x, x)
	for i := range 3 {
		for j := range 3 {
			if math.Abs(mean.At(i, j)-want.At(i, j)) > 0.06*math.Sqrt(want.At(i, i)*want.At(j, j)) {
				t.Errorf("Θ[%d][%d]: mean empirical %.4f, closed form %.4f", i, j, mean.At(i, j), want.At(i, j))
			}
		}
	}
}

func TestReLUZeroInput(t *testing.T) {
	x := mat.NewDense(2, 2, []float64{0, 0, 1, -2})
	nngp, ntk := ReLU{Depth: 3, WeightVar: 2}.Kernels(x, x)
	for _, c := range [][2]int{{0, 0}, {0, 1}, {1, 0}} {
		if nngp.At(c[0], c[1]) != 0 || ntk.At(c[0], c[1]) != 0 {
			t.Errorf("kernels at %v with a zero input: NNGP %v, NTK %v; want 0", c, nngp.At(c[0], c[1]), ntk.At(c[0], c[1]))
		}
	}
	if nngp.At(1, 1) <= 0 || ntk.At(1, 1) <= 0 {
		t.Errorf("kernels of the non-zero input with itself: NNGP %v, NTK %v; want > 0", nngp.At(1, 1), ntk.At(1, 1))
	}
}

func TestReLURejectsBadInput(t *testing.T) {
	x := mat.NewDense(1, 2, []float64{1, 1})
	for name, c := range map[string]struct {
		k    ReLU
		x, y mat.Matrix
	}{
		"depth 0":         {ReLU{Depth: 0, WeightVar: 2}, x, x},
		"zero weight var": {ReLU{Depth: 1}, x, x},
		"negative bias":   {ReLU{Depth: 1, WeightVar: 2, BiasVar: -1}, x, x},
		"columns":         {ReLU{Depth: 1, WeightVar: 2}, x, mat.NewDense(1, 3, []float64{1, 1, 1})},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			c.k.Kernels(c.x, c.y)
		}()
	}
}
