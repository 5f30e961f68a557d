package metrics_test

import (
	"fmt"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/papernb/papernb/pkg/metrics"
)

// The sharpness of a least-squares loss L(w) = mean((Xw − y)²) is the top
// eigenvalue of its Hessian 2XᵀX/n: here X has orthogonal columns of squared
// norms 4 and 1 over n = 2 rows, so λ_max = 2·4/2 = 4.
func ExampleHessianTopEigenvalue() {
	backend, err := compute.NewWithConfig("go")
	if err != nil {
		panic(err)
	}
	store := model.NewStore()
	w := store.RootScope().VariableWithValue("w", []float64{0.1, -0.3})
	loss := func(scope *model.Scope, in []*graph.Node) *graph.Node {
		x, y := in[0], in[1]
		pred := graph.Dot(x, w.NodeValue(x.Graph())).Product()
		return graph.ReduceAllMean(graph.Square(graph.Sub(pred, y)))
	}
	x := tensors.FromValue([][]float64{{2, 0}, {0, 1}})
	y := tensors.FromValue([]float64{1, 1})
	top, err := metrics.HessianTopEigenvalue(backend, store, loss, []*tensors.Tensor{x, y}, nil, metrics.PowerIteration{Seed: 1})
	if err != nil {
		panic(err)
	}
	fmt.Printf("λ_max = %.4f (converged: %v)\n", top.Value, top.Converged)
	// Output: λ_max = 4.0000 (converged: true)
}
