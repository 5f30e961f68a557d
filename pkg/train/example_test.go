package train_test

import (
	"fmt"
	"math/rand"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/papernb/papernb/pkg/nn"
	"github.com/papernb/papernb/pkg/train"
)

// Fit a small MLP to y = x² with minibatch Adam, keeping the weights with the
// best validation loss.
func Example() {
	backend, err := compute.NewWithConfig("go")
	if err != nil {
		panic(err)
	}
	makeData := func(n int, seed int64) *train.Data {
		rng := rand.New(rand.NewSource(seed))
		x, y := make([]float32, n), make([]float32, n)
		for i := range x {
			x[i] = float32(2*rng.Float64() - 1)
			y[i] = x[i] * x[i]
		}
		d, err := train.NewData(backend, tensors.FromFlatDataAndDimensions(y, n, 1), tensors.FromFlatDataAndDimensions(x, n, 1))
		if err != nil {
			panic(err)
		}
		return d
	}
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(1); err != nil {
		panic(err)
	}
	modelFn := func(scope *model.Scope, in []*graph.Node) *graph.Node {
		return nn.MLP(scope, in[0], nn.MLPConfig{Widths: []int{32, 1}, Activation: activation.TypeTanh})
	}
	trainer, err := train.New(backend, store, modelFn, train.Config{
		Steps: 1000, BatchSize: 50, LearningRate: 1e-2, EvalEvery: 100, Seed: 1,
	})
	if err != nil {
		panic(err)
	}
	h, err := trainer.Fit(makeData(500, 1), makeData(100, 2))
	if err != nil {
		panic(err)
	}
	fmt.Println("evaluated at", len(h.Steps), "steps, from", h.Steps[0], "to", h.Steps[len(h.Steps)-1])
	fmt.Println("validation MSE fell more than 100-fold:", h.BestValid < h.Valid[0]/100)
	// Output:
	// evaluated at 11 steps, from 0 to 1000
	// validation MSE fell more than 100-fold: true
}
