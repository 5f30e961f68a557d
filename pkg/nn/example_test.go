package nn_test

import (
	"fmt"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/papernb/papernb/pkg/nn"
)

// The FNN baseline of the DeepONet paper: 101 inputs, two hidden ReLU layers
// of 100, one linear output.
func ExampleMLP() {
	backend, err := compute.NewWithConfig("go")
	if err != nil {
		panic(err)
	}
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(1); err != nil {
		panic(err)
	}
	cfg := nn.MLPConfig{Widths: []int{100, 100, 1}, Activation: activation.TypeRelu}
	exec := model.MustNewExec(backend, store, func(scope *model.Scope, x *graph.Node) *graph.Node {
		return nn.MLP(scope, x, cfg)
	})
	batch := tensors.FromFlatDataAndDimensions(make([]float32, 8*101), 8, 101)
	y := exec.MustCall(batch)[0]
	fmt.Println("output shape:", y.Shape().Dimensions)
	fmt.Println("parameters:", nn.NumParams(101, cfg))
	// Output:
	// output shape: [8 1]
	// parameters: 20401
}
