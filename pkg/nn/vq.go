package nn

import (
	"fmt"
	"math"
	"slices"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// Similarity names how a VQ codebook scores codes against an input.
type Similarity int

const (
	// Euclidean picks the codes nearest by squared distance (VQ-VAE).
	Euclidean Similarity = iota
	// InnerProduct picks the codes with the largest x·code/‖code‖
	// (codebook features).
	InnerProduct
)

func (s Similarity) String() string {
	switch s {
	case Euclidean:
		return "Euclidean"
	case InnerProduct:
		return "InnerProduct"
	}
	return fmt.Sprintf("Similarity(%d)", int(s))
}

// VQConfig configures a vector-quantisation codebook (van den Oord et al.
// 2017, "Neural Discrete Representation Learning"; with TopK,
// InnerProduct and CodesGetTaskGradient, the codebook features of Tamkin
// et al. 2023).
type VQConfig struct {
	// Codes is the codebook size K (≥ 1).
	Codes int
	// TopK is how many codes replace each vector, summed; the zero value
	// means 1.
	TopK int
	// Similarity selects the codes (default Euclidean).
	Similarity Similarity
	// Beta weighs the commitment loss in VQOutput.Loss; the zero value
	// means 0.25, the paper's choice.
	Beta float64
	// InitStd is the standard deviation of the codebook's normal
	// initialisation; the zero value means 1.
	InitStd float64
	// CodesGetTaskGradient lets the task's gradient reach the chosen codes
	// as well as the input (codebook features' "aeloss": Quantized =
	// codes + x − StopGradient(x)). Without it (VQ-VAE) the codes learn
	// from CodebookLoss alone.
	CodesGetTaskGradient bool
}

func (cfg VQConfig) topK() int { return max(cfg.TopK, 1) }

func (cfg VQConfig) check(name string) {
	switch {
	case cfg.Codes < 1:
		panic(fmt.Errorf("%s: VQConfig.Codes = %d, must be ≥ 1", name, cfg.Codes))
	case cfg.TopK < 0 || cfg.TopK > cfg.Codes:
		panic(fmt.Errorf("%s: VQConfig.TopK = %d, must be in [0, Codes = %d] (0 means 1)", name, cfg.TopK, cfg.Codes))
	case cfg.Similarity != Euclidean && cfg.Similarity != InnerProduct:
		panic(fmt.Errorf("%s: VQConfig.Similarity = %v: use Euclidean or InnerProduct", name, cfg.Similarity))
	case math.IsNaN(cfg.Beta) || math.IsInf(cfg.Beta, 0) || cfg.Beta < 0:
		panic(fmt.Errorf("%s: VQConfig.Beta = %g, must be a finite value ≥ 0 (0 means 0.25)", name, cfg.Beta))
	case math.IsNaN(cfg.InitStd) || math.IsInf(cfg.InitStd, 0) || cfg.InitStd < 0:
		panic(fmt.Errorf("%s: VQConfig.InitStd = %g, must be a finite value ≥ 0 (0 means 1)", name, cfg.InitStd))
	}
}

// VQControl intervenes in a VQ layer; the zero value changes nothing.
type VQControl struct {
	// Force ([..., TopK] integer code ids) replaces the chosen codes of the
	// vectors where ForceMask ([...] bool) is true. Both or neither.
	Force, ForceMask *graph.Node
}

// VQOutput is the result of VQ for inputs x of shape [..., D].
type VQOutput struct {
	// Quantized ([..., D]) has the value of the sum of each vector's chosen
	// codes and, straight through, the gradient of x:
	// x + StopGradient(codes − x) (or codes + x − StopGradient(x) with
	// CodesGetTaskGradient).
	Quantized *graph.Node
	// Codes ([..., TopK], int32) are the chosen codes' ids, best first.
	Codes *graph.Node
	// CodebookLoss is mean((StopGradient(x) − codes)²) over all elements:
	// it moves the codes towards the inputs.
	CodebookLoss *graph.Node
	// CommitmentLoss is mean((x − StopGradient(codes))²): it keeps the
	// inputs near their codes.
	CommitmentLoss *graph.Node
	// Loss is CodebookLoss + Beta·CommitmentLoss, to add to the task loss.
	Loss *graph.Node
}

// VQ replaces each vector of x ([..., D]) by its best-scoring code (the
// sum of its TopK best) from a codebook of cfg.Codes vectors, the variable
// "codebook" [K, D] of scope. Ties go to the lower code id.
func VQ(scope *model.Scope, x *graph.Node, cfg VQConfig, ctrl VQControl) VQOutput {
	cfg.check("nn.VQ")
	if x.Rank() < 1 || !x.DType().IsFloat() {
		panic(fmt.Errorf("nn.VQ: input shape %s: need a float tensor with a feature axis", x.Shape()))
	}
	d := x.Shape().Dimensions[x.Rank()-1]
	std := cfg.InitStd
	if std == 0 {
		std = 1
	}
	store := scope.Store()
	codebook := scope.WithInitializer(func(g *graph.Graph, shape shapes.Shape) *graph.Node {
		return graph.MulScalar(store.RandomNormal(g, shape), std)
	}).VariableWithShape("codebook", shapes.Make(x.DType(), cfg.Codes, d)).NodeValue(x.Graph())
	return Quantize(x, codebook, cfg, ctrl)
}

// Quantize is VQ with a given codebook ([K, D]); cfg.Codes and
// cfg.InitStd are ignored.
func Quantize(x, codebook *graph.Node, cfg VQConfig, ctrl VQControl) VQOutput {
	d := x.Shape().Dimensions[x.Rank()-1]
	if codebook.Rank() != 2 || codebook.Shape().Dimensions[1] != d {
		panic(fmt.Errorf("nn.Quantize: codebook shape %s, want [codes, %d] for inputs %s", codebook.Shape(), d, x.Shape()))
	}
	cfg.Codes = codebook.Shape().Dimensions[0]
	cfg.InitStd = 0
	cfg.check("nn.Quantize")
	k := cfg.topK()
	lead := x.Shape().Dimensions[:x.Rank()-1]
	n := x.Shape().Size() / d
	rows := graph.Reshape(x, n, d)                                                              // [N, D]
	idx := bestCodes(graph.StopGradient(rows), graph.StopGradient(codebook), cfg.Similarity, k) // [N, k]
	if (ctrl.Force == nil) != (ctrl.ForceMask == nil) {
		panic(fmt.Errorf("nn.Quantize: VQControl needs both Force and ForceMask, or neither"))
	}
	if ctrl.Force != nil {
		wantForce := append(append([]int{}, lead...), k)
		if !ctrl.Force.DType().IsInt() || !slices.Equal(ctrl.Force.Shape().Dimensions, wantForce) ||
			ctrl.ForceMask.DType() != dtypes.Bool || !slices.Equal(ctrl.ForceMask.Shape().Dimensions, lead) {
			panic(fmt.Errorf("nn.Quantize: Force %s and ForceMask %s: want integer ids %v and a bool mask %v",
				ctrl.Force.Shape(), ctrl.ForceMask.Shape(), wantForce, lead))
		}
		force := graph.ConvertDType(graph.Reshape(ctrl.Force, n, k), dtypes.Int32)
		mask := graph.BroadcastToDims(graph.Reshape(ctrl.ForceMask, n, 1), n, k)
		idx = graph.Where(mask, force, idx)
	}
	codes := graph.ReduceSum(graph.Gather(codebook, graph.InsertAxes(idx, -1)), 1) // [N, k, D] → [N, D]
	sgRows, sgCodes := graph.StopGradient(rows), graph.StopGradient(codes)
	var quantized *graph.Node
	if cfg.CodesGetTaskGradient {
		quantized = graph.Add(codes, graph.Sub(rows, sgRows))
	} else {
		quantized = graph.Add(rows, graph.Sub(sgCodes, sgRows))
	}
	beta := cfg.Beta
	if beta == 0 {
		beta = 0.25
	}
	out := VQOutput{
		Codes:          graph.Reshape(idx, append(append([]int{}, lead...), k)...),
		Quantized:      graph.Reshape(quantized, x.Shape().Dimensions...),
		CodebookLoss:   graph.ReduceAllMean(graph.Square(graph.Sub(sgRows, codes))),
		CommitmentLoss: graph.ReduceAllMean(graph.Square(graph.Sub(rows, sgCodes))),
	}
	out.Loss = graph.Add(out.CodebookLoss, graph.MulScalar(out.CommitmentLoss, beta))
	return out
}

// bestCodes returns the ids ([N, k], int32) of the k best codes for each
// row of x ([N, D]), best first.
func bestCodes(x, codebook *graph.Node, sim Similarity, k int) *graph.Node {
	cross := graph.DotGeneral(x, []int{1}, nil, codebook, []int{1}, nil) // [N, K]
	norms := graph.ReduceSum(graph.Square(codebook), -1)                 // [K]
	var score *graph.Node
	if sim == InnerProduct {
		score = graph.Div(cross, graph.InsertAxes(graph.Sqrt(norms), 0))
	} else {
		// −‖x − e‖² + ‖x‖² = 2·x·e − ‖e‖²: ‖x‖² is the same for every code.
		score = graph.Sub(graph.MulScalar(cross, 2), graph.InsertAxes(norms, 0))
	}
	if k == 1 {
		return graph.InsertAxes(graph.ArgMax(score, -1, dtypes.Int32), -1)
	}
	_, idx := graph.TopK(score, k, -1)
	return graph.ConvertDType(idx, dtypes.Int32)
}
