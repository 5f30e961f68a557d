package nn

import (
	"fmt"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// LMConfig configures a small decoder-only language model: token and
// learned position embeddings, Layers causal transformer blocks, a final
// norm (pre-norm models only: a post-norm stack already ends in one) and a
// dense unembedding to Vocab logits.
type LMConfig struct {
	Vocab   int // number of token ids (≥ 1)
	Context int // longest sequence, the number of learned positions (≥ 1)
	Width   int // model width D (≥ 1)
	Layers  int // number of blocks (≥ 1)
	// Block configures every block; its Attention.Causal is forced on.
	Block BlockConfig
	// NormScales, if set, gives each block its own BlockConfig.NormScale
	// (one value per layer), e.g. 1/√ℓ for LayerNorm Scaling.
	NormScales []float64
}

func (cfg LMConfig) check() {
	for _, v := range []struct {
		name string
		val  int
	}{{"Vocab", cfg.Vocab}, {"Context", cfg.Context}, {"Width", cfg.Width}, {"Layers", cfg.Layers}} {
		if v.val < 1 {
			panic(fmt.Errorf("nn.LM: LMConfig.%s = %d, must be ≥ 1", v.name, v.val))
		}
	}
	if cfg.NormScales != nil && len(cfg.NormScales) != cfg.Layers {
		panic(fmt.Errorf("nn.LM: LMConfig.NormScales has %d values, want one per layer (%d) or none", len(cfg.NormScales), cfg.Layers))
	}
}

// LMOutput is what LM returns: the logits and the residual stream at every
// depth.
type LMOutput struct {
	Logits   *graph.Node // [B, T, Vocab]
	Embedded *graph.Node // [B, T, D]: token + position embedding, the stream entering block 0
	Blocks   []BlockTaps // one per layer
	Final    *graph.Node // [B, T, D]: the stream after the final norm, fed to the unembedding
}

// LM applies the language model of cfg to tokens ([B, T] integer ids,
// T ≤ Context). ctrl, indexed by layer, intervenes in blocks (it may be
// shorter than Layers or nil). Variables live in scope:
// "embedding/embeddings" ([Vocab, D], N(0, 0.02²)), "positions"
// ([Context, D], N(0, 0.02²)), "block_<i>" (see Block), "final_norm" and
// "unembed" (weights [D, Vocab], or [Vocab, D] when Vocab < D, the layout
// whose gradient is cheaper on the Go backend; biases [Vocab]).
func LM(scope *model.Scope, tokens *graph.Node, cfg LMConfig, ctrl []BlockControl) LMOutput {
	cfg.check()
	if tokens.Rank() != 2 || !tokens.DType().IsInt() {
		panic(fmt.Errorf("nn.LM: tokens have shape %s, want [batch, tokens] of an integer type", tokens.Shape()))
	}
	t := tokens.Shape().Dimensions[1]
	if t > cfg.Context {
		panic(fmt.Errorf("nn.LM: %d tokens per sequence, more than LMConfig.Context = %d", t, cfg.Context))
	}
	g := tokens.Graph()
	x := Embedding(scope, tokens, cfg.Vocab, cfg.Width, EmbeddingConfig{Std: 0.02}) // [B, T, D]
	positions := normalVariable(scope, "positions", 0.02, cfg.Context, cfg.Width).NodeValue(g)
	x = graph.Add(x, graph.InsertAxes(graph.Slice(positions, graph.AxisRange(0, t)), 0))
	out := LMOutput{Embedded: x}
	block := cfg.Block
	block.Attention.Causal = true
	x, out.Blocks = Blocks(scope, x, cfg.Layers, block, cfg.NormScales, ctrl)
	if !block.PostNorm {
		if block.CustomNorm != nil {
			x = block.CustomNorm(scope.In("final_norm"), x)
		} else {
			x = blockNorm(scope.In("final_norm"), x, block.Norm)
		}
	}
	out.Final = x
	out.Logits = projection(scope.In("unembed"), x, cfg.Vocab, true, cfg.Vocab < cfg.Width)
	return out
}

// normalVariable returns the variable name of scope with the given
// dimensions, initialised from N(0, std²) by the store's RNG.
func normalVariable(scope *model.Scope, name string, std float64, dims ...int) *model.Variable {
	store := scope.Store()
	return scope.WithInitializer(func(g *graph.Graph, shape shapes.Shape) *graph.Node {
		return graph.MulScalar(store.RandomNormal(g, shape), std)
	}).VariableWithShape(name, shapes.Make(dtypes.Float32, dims...))
}
