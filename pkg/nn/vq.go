package nn

import (
	"fmt"
	"math"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// VQConfig configures a vector-quantisation codebook (van den Oord et al.
// 2017, "Neural Discrete Representation Learning").
type VQConfig struct {
	// Codes is the codebook size K (≥ 1).
	Codes int
	// Beta weighs the commitment loss in VQOutput.Loss; the zero value
	// means 0.25, the paper's choice.
	Beta float64
	// InitStd is the standard deviation of the codebook's normal
	// initialisation; the zero value means 1.
	InitStd float64
}

func (cfg VQConfig) check() {
	switch {
	case cfg.Codes < 1:
		panic(fmt.Errorf("nn.VQ: VQConfig.Codes = %d, must be ≥ 1", cfg.Codes))
	case math.IsNaN(cfg.Beta) || math.IsInf(cfg.Beta, 0) || cfg.Beta < 0:
		panic(fmt.Errorf("nn.VQ: VQConfig.Beta = %g, must be a finite value ≥ 0 (0 means 0.25)", cfg.Beta))
	case math.IsNaN(cfg.InitStd) || math.IsInf(cfg.InitStd, 0) || cfg.InitStd < 0:
		panic(fmt.Errorf("nn.VQ: VQConfig.InitStd = %g, must be a finite value ≥ 0 (0 means 1)", cfg.InitStd))
	}
}

// VQOutput is the result of VQ for inputs x of shape [..., D].
type VQOutput struct {
	// Quantized ([..., D]) has the value of each vector's nearest code and,
	// straight through, the gradient of x: x + StopGradient(code − x).
	Quantized *graph.Node
	// Codes ([...], int32) are the indices of the nearest codes.
	Codes *graph.Node
	// CodebookLoss is mean((StopGradient(x) − code)²) over all elements:
	// it moves the codes towards the inputs.
	CodebookLoss *graph.Node
	// CommitmentLoss is mean((x − StopGradient(code))²): it keeps the
	// encoder's outputs near their codes.
	CommitmentLoss *graph.Node
	// Loss is CodebookLoss + Beta·CommitmentLoss, to add to the task loss.
	Loss *graph.Node
}

// VQ snaps each vector of x ([..., D]) to its nearest code by squared
// Euclidean distance (ties to the lower index) in a codebook of
// cfg.Codes vectors, the variable "codebook" [K, D] of scope.
func VQ(scope *model.Scope, x *graph.Node, cfg VQConfig) VQOutput {
	cfg.check()
	if x.Rank() < 1 || !x.DType().IsFloat() {
		panic(fmt.Errorf("nn.VQ: input shape %s: need a float tensor with a feature axis", x.Shape()))
	}
	d := x.Shape().Dimensions[x.Rank()-1]
	std := cfg.InitStd
	if std == 0 {
		std = 1
	}
	beta := cfg.Beta
	if beta == 0 {
		beta = 0.25
	}
	store := scope.Store()
	codebook := scope.WithInitializer(func(g *graph.Graph, shape shapes.Shape) *graph.Node {
		return graph.MulScalar(store.RandomNormal(g, shape), std)
	}).VariableWithShape("codebook", shapes.Make(x.DType(), cfg.Codes, d)).NodeValue(x.Graph())
	return Quantize(x, codebook, beta)
}

// Quantize is VQ with a given codebook ([K, D]) and commitment weight.
func Quantize(x, codebook *graph.Node, beta float64) VQOutput {
	d := x.Shape().Dimensions[x.Rank()-1]
	if codebook.Rank() != 2 || codebook.Shape().Dimensions[1] != d {
		panic(fmt.Errorf("nn.Quantize: codebook shape %s, want [codes, %d] for inputs %s", codebook.Shape(), d, x.Shape()))
	}
	lead := x.Shape().Dimensions[:x.Rank()-1]
	rows := graph.Reshape(x, x.Shape().Size()/d, d) // [N, D]
	// ‖x − e‖² = ‖x‖² − 2·x·e + ‖e‖²; ‖x‖² is the same for every code.
	cross := graph.DotGeneral(rows, []int{1}, nil, codebook, []int{1}, nil) // [N, K]
	norms := graph.ReduceSum(graph.Square(codebook), -1)                    // [K]
	dist := graph.Sub(graph.InsertAxes(norms, 0), graph.MulScalar(cross, 2))
	idx := graph.ArgMin(graph.StopGradient(dist), -1, dtypes.Int32) // [N]
	code := graph.Gather(codebook, graph.InsertAxes(idx, -1))       // [N, D]
	sgRows, sgCode := graph.StopGradient(rows), graph.StopGradient(code)
	out := VQOutput{
		Codes:          graph.Reshape(idx, lead...),
		Quantized:      graph.Reshape(graph.Add(rows, graph.Sub(sgCode, sgRows)), x.Shape().Dimensions...),
		CodebookLoss:   graph.ReduceAllMean(graph.Square(graph.Sub(sgRows, code))),
		CommitmentLoss: graph.ReduceAllMean(graph.Square(graph.Sub(rows, sgCode))),
	}
	out.Loss = graph.Add(out.CodebookLoss, graph.MulScalar(out.CommitmentLoss, beta))
	return out
}
