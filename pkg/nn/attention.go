package nn

import (
	"fmt"
	"math"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// AttentionConfig configures multi-head self-attention.
type AttentionConfig struct {
	// Heads is the number of attention heads (≥ 1).
	Heads int
	// HeadDim is the width of each head's queries, keys and values. The
	// zero value means width/Heads, which must then divide exactly.
	HeadDim int
	// Causal lets token t attend only to tokens 0…t (language models).
	Causal bool
	// Scale multiplies the query·key scores; the zero value means
	// 1/√HeadDim.
	Scale float64
	// NoBias drops the biases of the four projections.
	NoBias bool
	// Core computes the attention from the per-head queries, keys and
	// values; nil means ScaledDotProductAttention. Variants (other score
	// functions, linear attention, a different mask) plug in here.
	Core AttentionCore
}

// AttentionCore maps per-head queries q [B, H, T, dk], keys k [B, H, T, dk]
// and values v [B, H, T, dv] to outputs [B, H, T, dv] and attention weights
// [B, H, T, T] (nil if it has none), with the score scale and causality of
// the AttentionConfig.
type AttentionCore func(q, k, v *graph.Node, scale float64, causal bool) (out, weights *graph.Node)

// headDim returns the per-head width for model width d, checking cfg.
func (cfg AttentionConfig) headDim(d int) int {
	if cfg.Heads < 1 {
		panic(fmt.Errorf("nn: AttentionConfig.Heads = %d, must be ≥ 1", cfg.Heads))
	}
	if cfg.HeadDim < 0 {
		panic(fmt.Errorf("nn: AttentionConfig.HeadDim = %d, must be ≥ 0 (0 means width/Heads)", cfg.HeadDim))
	}
	if math.IsNaN(cfg.Scale) || math.IsInf(cfg.Scale, 0) || cfg.Scale < 0 {
		panic(fmt.Errorf("nn: AttentionConfig.Scale = %g, must be a finite value ≥ 0 (0 means 1/√HeadDim)", cfg.Scale))
	}
	if cfg.HeadDim > 0 {
		return cfg.HeadDim
	}
	if d%cfg.Heads != 0 {
		panic(fmt.Errorf("nn: width %d is not divisible by AttentionConfig.Heads = %d: set HeadDim or change Heads", d, cfg.Heads))
	}
	return d / cfg.Heads
}

// AttentionParts are the intermediate values of one self-attention call,
// for analysis (probes, attention maps) and interventions. Query, Key,
// Value and Heads have shape [B, H, T, HeadDim]; Weights has shape
// [B, H, T, T] (query position, then key position) and sums to 1 over its
// last axis.
type AttentionParts struct {
	Query, Key, Value *graph.Node
	Weights           *graph.Node
	Heads             *graph.Node // Weights·Value, before the output projection
}

// SelfAttention applies multi-head self-attention to x of shape [B, T, D]
// and returns [B, T, D]. Its variables live in scope: "query/weights",
// "key/weights", "value/weights" [D, Heads·HeadDim] (head h owns columns
// h·HeadDim … (h+1)·HeadDim−1), "output/weights" [Heads·HeadDim, D] and
// their "biases"; weights Glorot-normal, biases zero.
func SelfAttention(scope *model.Scope, x *graph.Node, cfg AttentionConfig) *graph.Node {
	y, _ := SelfAttentionParts(scope, x, cfg)
	return y
}

// SelfAttentionParts is SelfAttention that also returns its intermediate
// values.
//
// Layout, chosen for the Go backend: each projection is the backend's
// fused dense product to [B, T, H·dh], reshaped to [B, T, H, dh] and
// permuted to [B, H, T, dh] (the [0,2,1,3] permutation, which the backend
// does by copying rows in parallel); the two attention products are then
// batched matrix products over (B, H) whose operands already have the
// contracted axis where the matrix kernel wants it, so the forward pass
// needs no generic transposes. The backward pass does need them: the
// gradients of K and V contract the query axis of their partners, which
// the backend transposes ([0,1,3,2], element by element; ~10% of the
// benchmark LM's step, BenchmarkLMStep). Measured alternatives, none
// faster: GoMLX's einsum attention (attention.Core's decomposed path);
// one [D, 3·H·dh] projection split by slicing (slightly slower); and a
// hand-written backward that computes the transposed weights directly as a
// softmax over the query axis (a softmax over a non-trailing axis costs
// what the transposes did).
func SelfAttentionParts(scope *model.Scope, x *graph.Node, cfg AttentionConfig) (*graph.Node, AttentionParts) {
	if x.Rank() != 3 {
		panic(fmt.Errorf("nn.SelfAttention: input shape %s, want [batch, tokens, width]", x.Shape()))
	}
	return attend(scope, x, x, cfg)
}

// CrossAttention lets the tokens of x ([B, Tq, D]) attend to those of
// context ([B, Tk, Dc]): queries come from x, keys and values from
// context, and the result has x's shape. Its variables are named as
// SelfAttention's ("key/weights" and "value/weights" are [Dc, H·dh]).
// cfg.Causal needs Tq = Tk.
func CrossAttention(scope *model.Scope, x, context *graph.Node, cfg AttentionConfig) *graph.Node {
	y, _ := CrossAttentionParts(scope, x, context, cfg)
	return y
}

// CrossAttentionParts is CrossAttention that also returns its
// intermediate values (Weights are [B, H, Tq, Tk]).
func CrossAttentionParts(scope *model.Scope, x, context *graph.Node, cfg AttentionConfig) (*graph.Node, AttentionParts) {
	if x.Rank() != 3 || context.Rank() != 3 || x.Shape().Dimensions[0] != context.Shape().Dimensions[0] {
		panic(fmt.Errorf("nn.CrossAttention: x %s and context %s: want [batch, tokens, width] each, with the same batch", x.Shape(), context.Shape()))
	}
	return attend(scope, x, context, cfg)
}

// attend is multi-head attention of the tokens of x to those of context.
func attend(scope *model.Scope, x, context *graph.Node, cfg AttentionConfig) (*graph.Node, AttentionParts) {
	b, d := x.Shape().Dimensions[0], x.Shape().Dimensions[2]
	dh := cfg.headDim(d)
	hd := cfg.Heads * dh
	part := func(name string, in *graph.Node) *graph.Node {
		t := in.Shape().Dimensions[1]
		y := projection(scope.In("%s", name), in, hd, !cfg.NoBias, false)
		return graph.TransposeAllAxes(graph.Reshape(y, b, t, cfg.Heads, dh), 0, 2, 1, 3)
	}
	var p AttentionParts
	p.Query, p.Key, p.Value = part("query", x), part("key", context), part("value", context)
	scale := cfg.Scale
	if scale == 0 {
		scale = 1 / math.Sqrt(float64(dh))
	}
	core := cfg.Core
	if core == nil {
		core = ScaledDotProductAttention
	}
	p.Heads, p.Weights = core(p.Query, p.Key, p.Value, scale, cfg.Causal)
	return projection(scope.In("output"), mergeHeads(p.Heads), d, !cfg.NoBias, false), p
}

// ScaledDotProductAttention returns softmax(scale·Q·Kᵀ + mask)·V and the
// attention weights, for q of shape [B, H, Tq, dk], k of [B, H, Tk, dk] and
// v of [B, H, Tk, dv]; the output has shape [B, H, Tq, dv] and the weights
// [B, H, Tq, Tk]. With causal (which needs Tq = Tk), query t sees keys
// 0…t only: the masked scores get −10⁹ added before the softmax, so their
// weights are exactly 0 in float32.
func ScaledDotProductAttention(q, k, v *graph.Node, scale float64, causal bool) (out, weights *graph.Node) {
	if q.Rank() != 4 || k.Rank() != 4 || v.Rank() != 4 {
		panic(fmt.Errorf("nn.ScaledDotProductAttention: q %s, k %s, v %s: all need rank 4 [batch, heads, tokens, dim]",
			q.Shape(), k.Shape(), v.Shape()))
	}
	qd, kd, vd := q.Shape().Dimensions, k.Shape().Dimensions, v.Shape().Dimensions
	if qd[0] != kd[0] || qd[1] != kd[1] || qd[3] != kd[3] || kd[0] != vd[0] || kd[1] != vd[1] || kd[2] != vd[2] {
		panic(fmt.Errorf("nn.ScaledDotProductAttention: q %s, k %s, v %s: batch and heads must agree, q and k the dim, k and v the tokens",
			q.Shape(), k.Shape(), v.Shape()))
	}
	if causal && qd[2] != kd[2] {
		panic(fmt.Errorf("nn.ScaledDotProductAttention: causal attention needs as many queries as keys, got %d and %d", qd[2], kd[2]))
	}
	// [B,H,Tq,dk]·[B,H,Tk,dk] contracting dk: the "transposed" GEMM layout.
	scores := graph.DotGeneral(q, []int{3}, []int{0, 1}, k, []int{3}, []int{0, 1})
	scores = graph.MulScalar(scores, scale)
	if causal {
		scores = graph.Add(scores, causalBias(q.Graph(), q.DType(), qd[2]))
	}
	weights = graph.Softmax(scores, -1)
	// [B,H,Tq,Tk]·[B,H,Tk,dv] contracting Tk: the plain GEMM layout.
	out = graph.DotGeneral(weights, []int{3}, []int{0, 1}, v, []int{2}, []int{0, 1})
	return out, weights
}

// causalBias returns a [1, 1, t, t] constant: 0 where key ≤ query, −10⁹
// above the diagonal.
func causalBias(g *graph.Graph, dtype dtypes.DType, t int) *graph.Node {
	allowed := graph.LowerTriangular(g, t)
	zero := graph.Zeros(g, shapes.Make(dtype, t, t))
	blocked := graph.BroadcastToDims(graph.Scalar(g, dtype, -1e9), t, t)
	bias := graph.Where(allowed, zero, blocked)
	return graph.Reshape(bias, 1, 1, t, t)
}

// CausalMask returns the [t, t] boolean mask of causal attention: true at
// (query i, key j) when j ≤ i.
func CausalMask(g *graph.Graph, t int) *graph.Node {
	if t < 1 {
		panic(fmt.Errorf("nn.CausalMask: t = %d, must be ≥ 1", t))
	}
	return graph.LowerTriangular(g, t)
}

// splitHeads turns [B, T, H·dh] into [B, H, T, dh].
func splitHeads(x *graph.Node, heads int) *graph.Node {
	d := x.Shape().Dimensions
	x = graph.Reshape(x, d[0], d[1], heads, d[2]/heads)
	return graph.TransposeAllAxes(x, 0, 2, 1, 3)
}

// mergeHeads turns [B, H, T, dh] into [B, T, H·dh].
func mergeHeads(x *graph.Node) *graph.Node {
	d := x.Shape().Dimensions
	x = graph.TransposeAllAxes(x, 0, 2, 1, 3)
	return graph.Reshape(x, d[0], d[2], d[1]*d[3])
}
