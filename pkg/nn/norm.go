package nn

import (
	"fmt"
	"math"

	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// NormConfig configures LayerNorm and RMSNorm.
type NormConfig struct {
	// Epsilon is added to the variance (LayerNorm) or mean square
	// (RMSNorm) before the square root; 0 means 1e-5.
	Epsilon float64
	// NoGain drops the learned per-feature gain γ (initialised to 1), e.g.
	// when a conditioning network supplies it (adaLN).
	NoGain bool
	// NoOffset drops LayerNorm's learned per-feature offset β
	// (initialised to 0). RMSNorm has none.
	NoOffset bool
}

func (cfg NormConfig) epsilon(name string) float64 {
	if cfg.Epsilon < 0 || math.IsNaN(cfg.Epsilon) || math.IsInf(cfg.Epsilon, 0) {
		panic(fmt.Errorf("%s: Epsilon = %g, must be a finite value ≥ 0 (0 means 1e-5)", name, cfg.Epsilon))
	}
	if cfg.Epsilon == 0 {
		return 1e-5
	}
	return cfg.Epsilon
}

// LayerNorm normalises x over its last (feature) axis to zero mean and unit
// variance, then applies a per-feature gain and offset (Ba et al. 2016):
// y = (x − mean)/√(var + ε)·γ + β, with the biased (1/D) variance, as
// PyTorch's nn.LayerNorm. The variables "gain" and "offset" ([D]) live in
// the sub-scope "layer_norm" of scope.
func LayerNorm(scope *model.Scope, x *graph.Node, cfg NormConfig) *graph.Node {
	eps := cfg.epsilon("nn.LayerNorm")
	d := featureDim("nn.LayerNorm", x)
	scope = scope.In("layer_norm")
	mean := graph.ReduceAndKeep(x, graph.ReduceMean, -1)
	centred := graph.Sub(x, mean)
	variance := graph.ReduceAndKeep(graph.Square(centred), graph.ReduceMean, -1)
	y := graph.Mul(centred, invSqrt(graph.AddScalar(variance, eps)))
	return affine(scope, y, d, !cfg.NoGain, !cfg.NoOffset)
}

// RMSNorm divides x by the root mean square of its last (feature) axis,
// then applies a per-feature gain (Zhang & Sennrich 2019): y = x/√(mean(x²)
// + ε)·γ. The variable "gain" ([D]) lives in the sub-scope "rms_norm".
func RMSNorm(scope *model.Scope, x *graph.Node, cfg NormConfig) *graph.Node {
	eps := cfg.epsilon("nn.RMSNorm")
	d := featureDim("nn.RMSNorm", x)
	scope = scope.In("rms_norm")
	ms := graph.ReduceAndKeep(graph.Square(x), graph.ReduceMean, -1)
	y := graph.Mul(x, invSqrt(graph.AddScalar(ms, eps)))
	return affine(scope, y, d, !cfg.NoGain, false)
}

func featureDim(name string, x *graph.Node) int {
	if x.Rank() < 1 {
		panic(fmt.Errorf("%s: input shape %s has no feature axis: need rank ≥ 1", name, x.Shape()))
	}
	return x.Shape().Dimensions[x.Rank()-1]
}

// affine returns y·γ + β over the last axis, creating the variables "gain"
// (ones) and "offset" (zeros) in scope as asked.
func affine(scope *model.Scope, y *graph.Node, d int, gain, offset bool) *graph.Node {
	g := y.Graph()
	bcast := func(v *graph.Node) *graph.Node { return graph.ExpandLeftToRank(v, y.Rank()) }
	if gain {
		γ := scope.WithInitializer(func(g *graph.Graph, s shapes.Shape) *graph.Node { return graph.Ones(g, s) }).
			VariableWithShape("gain", shapes.Make(y.DType(), d)).NodeValue(g)
		y = graph.Mul(y, bcast(γ))
	}
	if offset {
		β := scope.WithInitializer(func(g *graph.Graph, s shapes.Shape) *graph.Node { return graph.Zeros(g, s) }).
			VariableWithShape("offset", shapes.Make(y.DType(), d)).NodeValue(g)
		y = graph.Add(y, bcast(β))
	}
	return y
}

// invSqrt returns 1/√x. GoMLX v0.28.16 defines no gradient for
// graph.Rsqrt, so a norm built on it cannot be trained.
func invSqrt(x *graph.Node) *graph.Node {
	return graph.Reciprocal(graph.Sqrt(x))
}
