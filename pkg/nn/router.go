package nn

import (
	"fmt"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// RouterConfig configures a top-k mixture-of-experts router.
type RouterConfig struct {
	Experts int // number of experts E (≥ 1)
	TopK    int // experts chosen per token, 1 ≤ TopK ≤ Experts
	// Renormalize rescales the chosen experts' probabilities to sum to 1
	// per token (Mixtral); otherwise the gates are the raw softmax
	// probabilities of the chosen experts (Switch Transformer).
	Renormalize bool
}

func (cfg RouterConfig) check(name string) {
	if cfg.Experts < 1 {
		panic(fmt.Errorf("%s: RouterConfig.Experts = %d, must be ≥ 1", name, cfg.Experts))
	}
	if cfg.TopK < 1 || cfg.TopK > cfg.Experts {
		panic(fmt.Errorf("%s: RouterConfig.TopK = %d, must be in [1, Experts = %d]", name, cfg.TopK, cfg.Experts))
	}
}

// Routing is a router's decision for every token; all but BalanceLoss
// have shape [..., E].
type Routing struct {
	Logits *graph.Node
	Probs  *graph.Node // softmax of Logits over the experts
	Mask   *graph.Node // 1 for each token's TopK chosen experts, 0 elsewhere (no gradient)
	Gates  *graph.Node // the chosen experts' weights (see RouterConfig.Renormalize), 0 elsewhere
	// BalanceLoss is the Switch Transformer load-balancing loss
	// E·Σₑ fₑ·Pₑ, where fₑ is the fraction of all routing assignments
	// (tokens × TopK) that went to expert e and Pₑ the mean probability
	// the router gave e over the tokens. It is 1 when both are uniform and
	// grows as routing concentrates; its gradient flows through Pₑ only.
	// (Mixtral's implementation sums over the TopK slots, which is TopK
	// times this value.) Multiply by a small coefficient (Switch: 10⁻²)
	// and add it to the task loss.
	BalanceLoss *graph.Node
}

// Router projects x ([..., D]) to E expert logits with a bias-free dense
// layer (variables in scope's sub-scope "router") and routes with
// TopKGating.
func Router(scope *model.Scope, x *graph.Node, cfg RouterConfig) Routing {
	cfg.check("nn.Router")
	logits := Dense(scope.In("router"), x, cfg.Experts, DenseConfig{NoBias: true})
	return TopKGating(logits, cfg)
}

// TopKGating routes tokens given their expert logits ([..., E]): softmax,
// the TopK most probable experts per token (ties go to the lower index),
// their gates and the load-balancing loss over all tokens.
func TopKGating(logits *graph.Node, cfg RouterConfig) Routing {
	cfg.check("nn.TopKGating")
	if logits.Rank() < 1 || logits.Shape().Dimensions[logits.Rank()-1] != cfg.Experts {
		panic(fmt.Errorf("nn.TopKGating: logits have shape %s, want [..., %d experts]", logits.Shape(), cfg.Experts))
	}
	r := Routing{Logits: logits, Probs: graph.Softmax(logits, -1)}
	r.Mask = graph.ConvertDType(graph.TopKMask(graph.StopGradient(r.Probs), cfg.TopK, -1), logits.DType())
	r.Gates = graph.Mul(r.Probs, r.Mask)
	if cfg.Renormalize {
		r.Gates = graph.Div(r.Gates, graph.ReduceAndKeep(r.Gates, graph.ReduceSum, -1))
	}
	r.BalanceLoss = LoadBalancingLoss(r.Probs, r.Mask, cfg.TopK)
	return r
}

// LoadBalancingLoss returns E·Σₑ fₑ·Pₑ for router probabilities probs and
// a 0/1 assignment mask (both [..., E], topK ones per token in mask): fₑ
// is the fraction of the tokens' topK assignments that went to e, Pₑ the
// mean of probs for e over the tokens. The mask carries no gradient.
func LoadBalancingLoss(probs, mask *graph.Node, topK int) *graph.Node {
	if !probs.Shape().Equal(mask.Shape()) {
		panic(fmt.Errorf("nn.LoadBalancingLoss: probs %s and mask %s must have the same shape", probs.Shape(), mask.Shape()))
	}
	e := probs.Shape().Dimensions[probs.Rank()-1]
	if topK < 1 || topK > e {
		panic(fmt.Errorf("nn.LoadBalancingLoss: topK = %d, must be in [1, %d experts]", topK, e))
	}
	tokens := probs.Shape().Size() / e
	flatProbs := graph.Reshape(probs, tokens, e)
	flatMask := graph.Reshape(graph.StopGradient(mask), tokens, e)
	fraction := graph.DivScalar(graph.ReduceSum(flatMask, 0), float64(tokens*topK))
	meanProb := graph.ReduceMean(flatProbs, 0)
	return graph.MulScalar(graph.ReduceAllSum(graph.Mul(fraction, meanProb)), float64(e))
}

// MixExperts combines per-expert outputs ([..., E, D]) with gates
// ([..., E]) into Σₑ gateₑ·outputₑ ([..., D]). It computes nothing for
// the experts itself: the caller ran them (densely, which at notebook
// sizes is cheaper than gathering tokens per expert).
func MixExperts(gates, outputs *graph.Node) *graph.Node {
	gd, od := gates.Shape().Dimensions, outputs.Shape().Dimensions
	if outputs.Rank() != gates.Rank()+1 {
		panic(fmt.Errorf("nn.MixExperts: gates %s and outputs %s: want gates [..., E] and outputs [..., E, D]", gates.Shape(), outputs.Shape()))
	}
	for i, d := range gd {
		if od[i] != d {
			panic(fmt.Errorf("nn.MixExperts: gates %s and outputs %s disagree on axis %d", gates.Shape(), outputs.Shape(), i))
		}
	}
	return graph.ReduceSum(graph.Mul(outputs, graph.InsertAxes(gates, -1)), -2)
}
