package nn

import (
	"fmt"
	"math"
	"slices"

	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// LoRAConfig configures low-rank adapters on a frozen dense layer (Hu et
// al. 2021, "LoRA: Low-Rank Adaptation of Large Language Models").
type LoRAConfig struct {
	// Rank r of each adapter (≥ 1).
	Rank int
	// Alpha sets the adapter's scale α/r; the zero value means α = r
	// (scale 1).
	Alpha float64
	// Adapters is the number of adapters at this site (MultiLoRA); the
	// zero value means 1.
	Adapters int
	// Base configures the frozen dense layer.
	Base DenseConfig
}

func (cfg LoRAConfig) check(name string) {
	switch {
	case cfg.Rank < 1:
		panic(fmt.Errorf("%s: LoRAConfig.Rank = %d, must be ≥ 1", name, cfg.Rank))
	case math.IsNaN(cfg.Alpha) || math.IsInf(cfg.Alpha, 0) || cfg.Alpha < 0:
		panic(fmt.Errorf("%s: LoRAConfig.Alpha = %g, must be a finite value ≥ 0 (0 means Rank)", name, cfg.Alpha))
	case cfg.Adapters < 0:
		panic(fmt.Errorf("%s: LoRAConfig.Adapters = %d, must be ≥ 0 (0 means 1)", name, cfg.Adapters))
	}
}

// Scale returns α/r, the factor on each adapter's output.
func (cfg LoRAConfig) Scale() float64 {
	if cfg.Alpha == 0 {
		return 1
	}
	return cfg.Alpha / float64(cfg.Rank)
}

// LoRA applies a frozen dense layer plus one trainable low-rank adapter:
// y = Dense_base(x) + (α/r)·(x·A)·B, for x of shape [..., in] and y of
// [..., width]. The base layer lives in the sub-scope "base" (as Dense
// lays it out, "base/dense/weights" …) and its variables are marked
// non-trainable, so optimizers leave them alone; A ([in, r], drawn from
// N(0, 1/in)) and B ([r, width], zero) live in "lora" as "a" and "b". B
// starts at zero, so at initialisation the output is the base layer's.
func LoRA(scope *model.Scope, x *graph.Node, width int, cfg LoRAConfig) *graph.Node {
	cfg.check("nn.LoRA")
	if cfg.Adapters > 1 {
		panic(fmt.Errorf("nn.LoRA: LoRAConfig.Adapters = %d: use MultiLoRA for more than one adapter", cfg.Adapters))
	}
	s := graph.Scalar(x.Graph(), x.DType(), cfg.Scale())
	return loraSite(scope, x, width, cfg, 1, func(xa *graph.Node) *graph.Node { return graph.Mul(xa, s) })
}

// MultiLoRA is a LoRA site with K = cfg.Adapters adapters mixed per token
// by external scalings (X-LoRA): y = base(x) + Σₖ sₖ·(α/r)·(x·Aₖ)·Bₖ, for x
// of shape [..., in] and scalings of [..., K] (the same leading axes). A
// nil scalings disables every adapter (y = base(x)) while still creating
// the variables. Aₖ and Bₖ are stored stacked: "lora/a" [in, K·r]
// (adapter k owns columns k·r … (k+1)·r−1) and "lora/b" [K·r, width].
func MultiLoRA(scope *model.Scope, x *graph.Node, width int, cfg LoRAConfig, scalings *graph.Node) *graph.Node {
	cfg.check("nn.MultiLoRA")
	k := max(cfg.Adapters, 1)
	if scalings != nil {
		want := append(append([]int{}, x.Shape().Dimensions[:x.Rank()-1]...), k)
		if !slices.Equal(scalings.Shape().Dimensions, want) {
			panic(fmt.Errorf("nn.MultiLoRA: scalings have shape %s, want %v (x's leading axes, then the %d adapters)", scalings.Shape(), want, k))
		}
	}
	return loraSite(scope, x, width, cfg, k, func(xa *graph.Node) *graph.Node {
		if scalings == nil {
			return nil
		}
		// xa is [..., K·r]: weight adapter k's r columns by sₖ·α/r.
		d := xa.Shape().Dimensions
		lead := d[:len(d)-1]
		split := graph.Reshape(xa, append(append([]int{}, lead...), k, cfg.Rank)...)
		s := graph.MulScalar(graph.ConvertDType(scalings, xa.DType()), cfg.Scale())
		return graph.Reshape(graph.Mul(split, graph.InsertAxes(s, -1)), d...)
	})
}

// loraSite builds base(x) + mix(x·A)·B with k adapters of cfg.Rank; mix
// returning nil drops the adapter term.
func loraSite(scope *model.Scope, x *graph.Node, width int, cfg LoRAConfig, k int, mix func(xa *graph.Node) *graph.Node) *graph.Node {
	if x.Rank() < 1 {
		panic(fmt.Errorf("nn.LoRA: input shape %s has no feature axis", x.Shape()))
	}
	baseScope := scope.In("base")
	y := Dense(baseScope, x, width, cfg.Base)
	Freeze(baseScope)
	in := x.Shape().Dimensions[x.Rank()-1]
	ls := scope.In("lora")
	store := scope.Store()
	g := x.Graph()
	a := ls.WithInitializer(func(g *graph.Graph, shape shapes.Shape) *graph.Node {
		return graph.MulScalar(store.RandomNormal(g, shape), 1/math.Sqrt(float64(in)))
	}).VariableWithShape("a", shapes.Make(x.DType(), in, k*cfg.Rank)).NodeValue(g)
	b := ls.WithInitializer(func(g *graph.Graph, shape shapes.Shape) *graph.Node {
		return graph.Zeros(g, shape)
	}).VariableWithShape("b", shapes.Make(x.DType(), k*cfg.Rank, width)).NodeValue(g)
	xa := mix(contractLast(x, a))
	if xa == nil {
		return y
	}
	return graph.Add(y, contractLast(xa, b))
}

// contractLast multiplies x [..., n] by the matrix w [n, m] into [..., m].
func contractLast(x, w *graph.Node) *graph.Node {
	return graph.DotGeneral(x, []int{x.Rank() - 1}, nil, w, []int{0}, nil)
}
