package nn_test

import (
	"fmt"
	"maps"
	"slices"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/papernb/papernb/pkg/nn"
)

// A small MNIST CNN: two 3×3 convolutions with ReLU, each followed by 2×2
// max pooling, batch norm, then a dense layer to 10 logits.
func ExampleConv2D() {
	backend, err := compute.NewWithConfig("go")
	if err != nil {
		panic(err)
	}
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(1); err != nil {
		panic(err)
	}
	exec := model.MustNewExec(backend, store, func(scope *model.Scope, x *graph.Node) *graph.Node {
		conv := nn.Conv2DConfig{Kernel: [2]int{3, 3}, Activation: activation.TypeRelu, Init: nn.HeNormal}
		x = nn.MaxPool2D(nn.Conv2D(scope.In("conv1"), x, 32, conv), 2) // [B, 14, 14, 32]
		x = nn.MaxPool2D(nn.Conv2D(scope.In("conv2"), x, 64, conv), 2) // [B, 7, 7, 64]
		x = nn.BatchNorm(scope.In("bn"), x, nn.BatchNormConfig{})
		x = graph.Reshape(x, x.Shape().Dimensions[0], -1)
		return nn.Dense(scope.In("head"), x, 10, nn.DenseConfig{})
	})
	images := tensors.FromFlatDataAndDimensions(make([]float32, 4*28*28), 4, 28, 28, 1)
	fmt.Println("logits:", exec.MustCall(images)[0].Shape().Dimensions)
	fmt.Println("conv2 kernel:", store.GetVariable("/conv2/conv2d/weights").Shape().Dimensions)
	// Output:
	// logits: [4 10]
	// conv2 kernel: [3 3 32 64]
}

// A μP MLP at 4× its base width, and the per-variable learning-rate
// multipliers that the training loop applies for Adam.
func ExampleLRMultipliers() {
	backend, err := compute.NewWithConfig("go")
	if err != nil {
		panic(err)
	}
	store := model.NewStore()
	cfg := nn.MLPConfig{Widths: []int{256, 256, 10}, Activation: activation.TypeRelu,
		Init: nn.HeNormal, Param: nn.MuP, BaseWidth: 64}
	model.MustNewExec(backend, store, func(scope *model.Scope, x *graph.Node) *graph.Node {
		return nn.MLP(scope, x, cfg)
	}).MustCall(tensors.FromFlatDataAndDimensions(make([]float32, 20), 1, 20))
	m := nn.LRMultipliers(store, nn.AdamRule)
	paths := slices.Sorted(maps.Keys(m))
	for _, p := range paths {
		fmt.Printf("%-24s %g\n", p, m[p])
	}
	// Output:
	// /layer_0/dense/biases    1
	// /layer_0/dense/weights   1
	// /layer_1/dense/biases    1
	// /layer_1/dense/weights   0.25
	// /layer_2/dense/biases    1
	// /layer_2/dense/weights   0.25
}
