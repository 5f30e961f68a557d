package nn

import (
	"math"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
	gomlxnn "github.com/gomlx/gomlx/ml/nn"
)

// projection is the linear map x·W + b inside attention and transformer
// blocks, with Glorot-normal weights and zero biases, variables "weights"
// and "biases" in scope.
//
// It differs from Dense in two ways that matter for speed on the Go
// backend (measured on the 4-layer benchmark LM, see
// BenchmarkLMStep): the bias is added outside the backend's fused dense
// op, whose bias gradient sums columns with a stride (≈ 24 ms of a 260 ms
// step); and the weights can be stored [out, in] (outputsFirst), which
// makes the fused op's gradient transpose the output gradient instead of
// the input, the cheaper of the two when out < in. The transpose inside
// that gradient runs on one core.
func projection(scope *model.Scope, x *graph.Node, out int, bias, outputsFirst bool) *graph.Node {
	in := x.Shape().Dimensions[x.Rank()-1]
	std := math.Sqrt(2 / float64(in+out))
	store := scope.Store()
	normal := scope.WithInitializer(func(g *graph.Graph, shape shapes.Shape) *graph.Node {
		return graph.MulScalar(store.RandomNormal(g, shape), std)
	})
	g := x.Graph()
	layout := compute.DenseLayoutInputOutputs
	wShape := shapes.Make(x.DType(), in, out)
	if outputsFirst {
		layout = compute.DenseLayoutOutputsInput
		wShape = shapes.Make(x.DType(), out, in)
	}
	w := normal.VariableWithShape("weights", wShape).NodeValue(g)
	y := gomlxnn.Dense(x, w, nil, layout)
	if bias {
		b := scope.WithInitializer(func(g *graph.Graph, shape shapes.Shape) *graph.Node {
			return graph.Zeros(g, shape)
		}).VariableWithShape("biases", shapes.Make(x.DType(), out)).NodeValue(g)
		y = graph.Add(y, graph.ExpandLeftToRank(b, y.Rank()))
	}
	return y
}
