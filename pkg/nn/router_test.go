package nn

import (
	"math"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/papernb/papernb/pkg/internal/gomlxtest"
)

// Two tokens, three experts, with probabilities (0.2, 0.5, 0.3) and
// (0.6, 0.3, 0.1); P = (0.4, 0.4, 0.2).
var routerLogits = [][]float64{
	{math.Log(2), math.Log(5), math.Log(3)},
	{math.Log(6), math.Log(3), math.Log(1)},
}

func route(t *testing.T, cfg RouterConfig) (mask, gates []float64, loss float64, grad []float64) {
	t.Helper()
	exec := graph.MustNewExec(gomlxtest.Backend(t), func(logits *graph.Node) []*graph.Node {
		r := TopKGating(logits, cfg)
		return []*graph.Node{r.Mask, r.Gates, r.BalanceLoss, graph.Gradient(r.BalanceLoss, logits)[0]}
	})
	res := exec.MustCall(routerLogits)
	return tensors.MustCopyFlatData[float64](res[0]), tensors.MustCopyFlatData[float64](res[1]),
		res[2].Value().(float64), tensors.MustCopyFlatData[float64](res[3])
}

func near(t *testing.T, what string, got, want []float64) {
	t.Helper()
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-9 {
			t.Fatalf("%s = %v, want %v", what, got, want)
		}
	}
}

func TestTopKGatingHandComputed(t *testing.T) {
	// Top-1: token 0 → expert 1, token 1 → expert 0: f = (½, ½, 0),
	// loss = 3·(½·0.4 + ½·0.4) = 1.2.
	mask, gates, loss, _ := route(t, RouterConfig{Experts: 3, TopK: 1})
	near(t, "top-1 mask", mask, []float64{0, 1, 0, 1, 0, 0})
	near(t, "top-1 gates", gates, []float64{0, 0.5, 0, 0.6, 0, 0})
	near(t, "top-1 loss", []float64{loss}, []float64{1.2})
	// Top-2: {1, 2} and {0, 1}: f = (¼, ½, ¼), loss = 3·(0.1 + 0.2 + 0.05) = 1.05.
	mask, gates, loss, _ = route(t, RouterConfig{Experts: 3, TopK: 2})
	near(t, "top-2 mask", mask, []float64{0, 1, 1, 1, 1, 0})
	near(t, "top-2 gates", gates, []float64{0, 0.5, 0.3, 0.6, 0.3, 0})
	near(t, "top-2 loss", []float64{loss}, []float64{1.05})
	_, gates, _, _ = route(t, RouterConfig{Experts: 3, TopK: 2, Renormalize: true})
	near(t, "renormalised gates", gates, []float64{0, 0.625, 0.375, 2.0 / 3, 1.0 / 3, 0})
}

// The loss's gradient flows through the mean probabilities only: for
// top-1 it is ∂/∂z of 3·Σⱼ fⱼ·(p₀ⱼ + p₁ⱼ)/2 with f = (½, ½, 0) held
// fixed, which by the softmax Jacobian ∂pⱼ/∂zᵢ = pⱼ(δᵢⱼ − pᵢ) is
// (3/2)·pᵢ·(fᵢ − Σⱼ fⱼpⱼ) for each token.
func TestBalanceLossGradient(t *testing.T) {
	_, _, _, grad := route(t, RouterConfig{Experts: 3, TopK: 1})
	f := []float64{0.5, 0.5, 0}
	probs := [][]float64{{0.2, 0.5, 0.3}, {0.6, 0.3, 0.1}}
	want := make([]float64, 6)
	for tok, p := range probs {
		var fp float64
		for j := range 3 {
			fp += f[j] * p[j]
		}
		for i := range 3 {
			// loss = 3·Σⱼ fⱼ·(p₀ⱼ + p₁ⱼ)/2
			want[tok*3+i] = 3.0 / 2 * p[i] * (f[i] - fp)
		}
	}
	near(t, "gradient", grad, want)
}

func TestUniformRoutingHasUnitLoss(t *testing.T) {
	// Four tokens spread over four experts with equal logits on the
	// chosen ones: f = P = uniform → loss 1.
	exec := graph.MustNewExec(gomlxtest.Backend(t), func(probs, mask *graph.Node) *graph.Node {
		return LoadBalancingLoss(probs, mask, 1)
	})
	eye := [][]float32{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}
	uniform := [][]float32{{.25, .25, .25, .25}, {.25, .25, .25, .25}, {.25, .25, .25, .25}, {.25, .25, .25, .25}}
	if got := exec.MustCall(uniform, eye)[0].Value().(float32); math.Abs(float64(got)-1) > 1e-6 {
		t.Errorf("balanced loss = %g, want 1", got)
	}
	// Everything on expert 0 with the router sure of it: loss = E = 4.
	all0 := [][]float32{{1, 0, 0, 0}, {1, 0, 0, 0}, {1, 0, 0, 0}, {1, 0, 0, 0}}
	if got := exec.MustCall(all0, all0)[0].Value().(float32); math.Abs(float64(got)-4) > 1e-6 {
		t.Errorf("collapsed loss = %g, want 4", got)
	}
}

func TestMixExpertsAndRouter(t *testing.T) {
	exec := graph.MustNewExec(gomlxtest.Backend(t), func(gates, outputs *graph.Node) *graph.Node {
		return MixExperts(gates, outputs)
	})
	gates := [][]float32{{0.25, 0.75}}
	outputs := [][][]float32{{{1, 2}, {3, 4}}}
	got := tensors.MustCopyFlatData[float32](exec.MustCall(gates, outputs)[0])
	want := []float32{0.25*1 + 0.75*3, 0.25*2 + 0.75*4}
	if got[0] != want[0] || got[1] != want[1] {
		t.Errorf("MixExperts = %v, want %v", got, want)
	}
	// Router on a [2, 3, 4] input gives [2, 3, 5] routing with 2 experts per token.
	store := gomlxtest.Store(t, 1)
	mask := runOnce(t, store, func(scope *model.Scope, in []*graph.Node) []*graph.Node {
		return []*graph.Node{Router(scope, in[0], RouterConfig{Experts: 5, TopK: 2}).Mask}
	}, randomInput(1, 2, 3, 4))[0]
	if len(mask) != 2*3*5 {
		t.Fatalf("mask has %d values, want 30", len(mask))
	}
	for tok := range 6 {
		var n float32
		for e := range 5 {
			n += mask[tok*5+e]
		}
		if n != 2 {
			t.Errorf("token %d routed to %g experts, want 2", tok, n)
		}
	}
}

func TestRouterBadConfigsPanic(t *testing.T) {
	for name, cfg := range map[string]RouterConfig{
		"no experts": {TopK: 1},
		"k = 0":      {Experts: 3},
		"k > E":      {Experts: 3, TopK: 4},
		"wrong E":    {Experts: 4, TopK: 1},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: did not panic", name)
				}
			}()
			route(t, cfg)
		}()
	}
}
