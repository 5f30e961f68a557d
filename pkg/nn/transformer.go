package nn

import (
	"fmt"
	"math"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/model"
)

// NormKind names the normalisation a transformer block uses.
type NormKind int

const (
	// LayerNormKind is LayerNorm (gain and offset, ε = 10⁻⁵).
	LayerNormKind NormKind = iota
	// RMSNormKind is RMSNorm (gain, ε = 10⁻⁵).
	RMSNormKind
)

func (k NormKind) String() string {
	switch k {
	case LayerNormKind:
		return "LayerNorm"
	case RMSNormKind:
		return "RMSNorm"
	}
	return fmt.Sprintf("NormKind(%d)", int(k))
}

// BlockConfig configures one transformer block.
type BlockConfig struct {
	// Attention configures the self-attention sublayer (Heads is required).
	Attention AttentionConfig
	// FFNWidth is the hidden width of the feed-forward sublayer; the zero
	// value means 4× the model width.
	FFNWidth int
	// Activation of the feed-forward hidden layer; the zero value,
	// activation.TypeNone, means GELU. activation.TypeRelu gives the ReLU
	// FFN of the original transformer.
	Activation activation.Type
	// FFNTopK, when > 0, keeps only the FFNTopK largest hidden activations
	// of each token (after the activation) and zeroes the rest.
	FFNTopK int
	// PostNorm puts the norms after each residual addition (the original
	// transformer: x ← Norm(x + F(x))) instead of before each sublayer
	// (pre-norm, the default: x ← x + F(Norm(x))).
	PostNorm bool
	// Norm selects LayerNorm (default) or RMSNorm.
	Norm NormKind
	// CustomNorm, if set, replaces Norm: it normalises x ([B, T, D]) with
	// its variables in scope ("norm_attention" or "norm_ffn"). Batch norm
	// over tokens, a scheduled mix of two norms, or adaLN (a closure over
	// the conditioning) plug in here.
	CustomNorm func(scope *model.Scope, x *graph.Node) *graph.Node
	// NormScale multiplies every norm output of the block; the zero value
	// means 1. LayerNorm Scaling ("The Curse of Depth") sets 1/√ℓ for the
	// block at depth ℓ.
	NormScale float64
	// AfterAttention and AfterFFN, if set, transform the sublayer's output
	// ([B, T, D]) before it is tapped and added to the residual stream,
	// e.g. to quantise it with VQ (codebook features) or ablate it. Their
	// scope is the block's own sub-scope "after_attention" or "after_ffn".
	AfterAttention, AfterFFN func(scope *model.Scope, y *graph.Node) *graph.Node
}

func (cfg BlockConfig) check(d int) {
	cfg.Attention.headDim(d)
	switch {
	case cfg.FFNWidth < 0:
		panic(fmt.Errorf("nn: BlockConfig.FFNWidth = %d, must be ≥ 0 (0 means 4×width)", cfg.FFNWidth))
	case cfg.FFNTopK < 0 || cfg.FFNTopK > cfg.ffnWidth(d):
		panic(fmt.Errorf("nn: BlockConfig.FFNTopK = %d, must be in [0, FFN width %d]", cfg.FFNTopK, cfg.ffnWidth(d)))
	case cfg.Norm != LayerNormKind && cfg.Norm != RMSNormKind:
		panic(fmt.Errorf("nn: BlockConfig.Norm = %v: use LayerNormKind or RMSNormKind", cfg.Norm))
	case math.IsNaN(cfg.NormScale) || math.IsInf(cfg.NormScale, 0) || cfg.NormScale < 0:
		panic(fmt.Errorf("nn: BlockConfig.NormScale = %g, must be a finite value ≥ 0 (0 means 1)", cfg.NormScale))
	}
}

func (cfg BlockConfig) ffnWidth(d int) int {
	if cfg.FFNWidth == 0 {
		return 4 * d
	}
	return cfg.FFNWidth
}

// BlockControl intervenes in one block's forward pass; the zero value runs
// the block unchanged. Skipping a sublayer replaces its output by zero in
// the residual sum (so a skipped pre-norm sublayer leaves the stream as it
// was; a post-norm block still applies its norm).
type BlockControl struct {
	SkipAttention bool // drop the attention sublayer
	SkipFFN       bool // drop the feed-forward sublayer
	SkipBlock     bool // return the input unchanged (the sublayers still run and are tapped)
	// FFNKeep, if set, gates the feed-forward sublayer per token: shape
	// [B, T], 1 keeps the token's FFN output, 0 drops it (values in
	// between scale it). Bool masks are accepted too.
	FFNKeep *graph.Node
	// BlockKeep, if set, gates the whole block per token ([B, T], like
	// FFNKeep): a dropped token's output is its input.
	BlockKeep *graph.Node
}

// BlockTaps are a block's intermediate values, all [B, T, D] except
// FFNHidden, [B, T, FFNWidth]. Each is nil when the part it taps did not
// run (a skipped sublayer).
type BlockTaps struct {
	Input     *graph.Node    // residual stream entering the block
	Attention *graph.Node    // the attention sublayer's output, before the residual addition
	Mid       *graph.Node    // residual stream after the attention sublayer
	FFN       *graph.Node    // the feed-forward sublayer's output, before the residual addition
	FFNHidden *graph.Node    // feed-forward hidden activations (after activation and top-k)
	Output    *graph.Node    // residual stream leaving the block
	Parts     AttentionParts // the attention's queries, keys, values and weights
}

// Block applies one transformer block to x ([B, T, D]) and returns the new
// residual stream and the block's taps. Variables live in scope under
// "attention" (see SelfAttention), "ffn_hidden" (weights [D, FFNWidth],
// biases), "ffn_output" (weights stored [D, FFNWidth], outputs first, which
// makes their gradient cheaper on the Go backend; biases [D]),
// "norm_attention" and "norm_ffn" (LayerNorm's or RMSNorm's variables).
// The variables are created even when ctrl skips a sublayer, so one store
// serves every intervention; with SkipBlock the sublayers still run (and
// are tapped) but the block returns its input.
func Block(scope *model.Scope, x *graph.Node, cfg BlockConfig, ctrl BlockControl) (*graph.Node, BlockTaps) {
	if x.Rank() != 3 {
		panic(fmt.Errorf("nn.Block: input shape %s, want [batch, tokens, width]", x.Shape()))
	}
	d := x.Shape().Dimensions[2]
	cfg.check(d)
	keepBlock, keepFFN := tokenGate(ctrl.BlockKeep, x, "BlockKeep"), tokenGate(ctrl.FFNKeep, x, "FFNKeep")
	taps := BlockTaps{Input: x}
	normScale := cfg.NormScale
	if normScale == 0 {
		normScale = 1
	}
	norm := func(name string, h *graph.Node) *graph.Node {
		if cfg.CustomNorm != nil {
			h = cfg.CustomNorm(scope.In("%s", name), h)
		} else {
			h = blockNorm(scope.In("%s", name), h, cfg.Norm)
		}
		if normScale != 1 {
			h = graph.MulScalar(h, normScale)
		}
		return h
	}
	// sublayer runs f on the stream h (normalised first in pre-norm) and
	// adds its output back, applying the gates.
	sublayer := func(h *graph.Node, normName string, skip bool, gate *graph.Node, f func(*graph.Node) *graph.Node) (*graph.Node, *graph.Node) {
		in := h
		if !cfg.PostNorm {
			in = norm(normName, h)
		}
		out := f(in) // always built, so the variables exist
		var tap *graph.Node
		if !skip {
			tap = out
			if gate != nil {
				out = graph.Mul(out, gate)
			}
			h = graph.Add(h, out)
		}
		if cfg.PostNorm {
			h = norm(normName, h)
		}
		return h, tap
	}
	attn := func(in *graph.Node) *graph.Node {
		y, parts := SelfAttentionParts(scope.In("attention"), in, cfg.Attention)
		taps.Parts = parts
		if cfg.AfterAttention != nil {
			y = cfg.AfterAttention(scope.In("after_attention"), y)
		}
		return y
	}
	ffn := func(in *graph.Node) *graph.Node {
		hidden := projection(scope.In("ffn_hidden"), in, cfg.ffnWidth(d), true, false)
		act := cfg.Activation
		if act == activation.TypeNone {
			act = activation.TypeGelu
		}
		hidden = activation.Apply(act, hidden)
		if cfg.FFNTopK > 0 {
			mask := graph.TopKMask(hidden, cfg.FFNTopK, -1)
			hidden = graph.Where(mask, hidden, graph.ZerosLike(hidden))
		}
		taps.FFNHidden = hidden
		y := projection(scope.In("ffn_output"), hidden, d, true, true)
		if cfg.AfterFFN != nil {
			y = cfg.AfterFFN(scope.In("after_ffn"), y)
		}
		return y
	}
	h, attnTap := sublayer(x, "norm_attention", ctrl.SkipAttention, keepBlock, attn)
	taps.Attention, taps.Mid = attnTap, h
	ffnGate := keepFFN
	if keepBlock != nil {
		if ffnGate == nil {
			ffnGate = keepBlock
		} else {
			ffnGate = graph.Mul(ffnGate, keepBlock)
		}
	}
	h, ffnTap := sublayer(h, "norm_ffn", ctrl.SkipFFN, ffnGate, ffn)
	taps.FFN = ffnTap
	if ctrl.SkipFFN {
		taps.FFNHidden = nil
	}
	if ctrl.SkipAttention {
		taps.Parts = AttentionParts{}
	}
	if ctrl.SkipBlock {
		h = x
	} else if keepBlock != nil && cfg.PostNorm {
		// A post-norm block normalises every token: put dropped tokens back.
		h = graph.Add(x, graph.Mul(keepBlock, graph.Sub(h, x)))
	}
	taps.Output = h
	return h, taps
}

// Blocks applies layers transformer blocks of cfg to x ([B, T, D]), block
// i in scope's sub-scope "block_<i>", and returns the final stream and
// every block's taps: the body of a language model or a vision
// transformer. normScales, if set, gives block i its NormScale (one per
// layer); ctrl, indexed by layer, intervenes in blocks (it may be shorter
// than layers, or nil).
func Blocks(scope *model.Scope, x *graph.Node, layers int, cfg BlockConfig, normScales []float64, ctrl []BlockControl) (*graph.Node, []BlockTaps) {
	switch {
	case layers < 1:
		panic(fmt.Errorf("nn.Blocks: layers = %d, must be ≥ 1", layers))
	case normScales != nil && len(normScales) != layers:
		panic(fmt.Errorf("nn.Blocks: %d norm scales for %d layers: give one per layer or none", len(normScales), layers))
	case len(ctrl) > layers:
		panic(fmt.Errorf("nn.Blocks: %d block controls for %d layers", len(ctrl), layers))
	}
	taps := make([]BlockTaps, layers)
	for i := range layers {
		if normScales != nil {
			cfg.NormScale = normScales[i]
		}
		var c BlockControl
		if i < len(ctrl) {
			c = ctrl[i]
		}
		x, taps[i] = Block(scope.In("block_%d", i), x, cfg, c)
	}
	return x, taps
}

// tokenGate checks a [B, T] per-token gate against x ([B, T, D]) and
// returns it as [B, T, 1] in x's dtype, or nil.
func tokenGate(gate, x *graph.Node, name string) *graph.Node {
	if gate == nil {
		return nil
	}
	xd := x.Shape().Dimensions
	if gate.Rank() != 2 || gate.Shape().Dimensions[0] != xd[0] || gate.Shape().Dimensions[1] != xd[1] {
		panic(fmt.Errorf("nn.Block: BlockControl.%s has shape %s, want [%d, %d] (batch, tokens)", name, gate.Shape(), xd[0], xd[1]))
	}
	if gate.DType() != x.DType() {
		gate = graph.ConvertDType(gate, x.DType())
	}
	return graph.InsertAxes(gate, -1)
}

// blockNorm applies the block's norm kind to x.
func blockNorm(scope *model.Scope, x *graph.Node, kind NormKind) *graph.Node {
	if kind == RMSNormKind {
		return RMSNorm(scope, x, NormConfig{})
	}
	return LayerNorm(scope, x, NormConfig{})
}
