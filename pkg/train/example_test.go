package train_test

import (
	"fmt"
	"math"
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

// Full-batch AdamW on a linear classifier, with warmup then cosine decay,
// no weight decay on the biases (rank-1 variables), and accuracy recorded
// at log-spaced steps.
func ExampleOptimizer() {
	backend, err := compute.NewWithConfig("go")
	if err != nil {
		panic(err)
	}
	// Two Gaussian blobs in 2-D, labelled 0 and 1.
	rng := rand.New(rand.NewSource(1))
	const n = 200
	x, y := make([]float32, 2*n), make([]int32, n)
	for i := range n {
		y[i] = int32(i % 2)
		c := 2*float64(y[i]) - 1
		x[2*i], x[2*i+1] = float32(c+rng.NormFloat64()), float32(c+rng.NormFloat64())
	}
	data, err := train.NewData(backend, tensors.FromFlatDataAndDimensions(y, n, 1), tensors.FromFlatDataAndDimensions(x, n, 2))
	if err != nil {
		panic(err)
	}
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(1); err != nil {
		panic(err)
	}
	linear := func(scope *model.Scope, in []*graph.Node) *graph.Node {
		return nn.Dense(scope, in[0], 2, nn.DenseConfig{})
	}
	opt := &train.Optimizer{
		Method: train.AdamW, LearningRate: 0.05, WeightDecay: 0.01,
		Schedule: train.Schedule{Warmup: 10, Decay: train.Cosine, Steps: 200},
		Groups:   []train.Group{{Match: func(v *model.Variable) bool { return v.Shape().Rank() == 1 }, LRScale: 1}},
	}
	trainer, err := train.New(backend, store, linear, train.Config{
		Steps: 200, EvalAt: train.LogSteps(200, 5), Optimizer: opt, KeepFinal: true,
		Loss: train.SoftmaxCrossEntropy, Metrics: []train.Metric{{Name: "accuracy", Fn: train.Accuracy}},
	})
	if err != nil {
		panic(err)
	}
	h, err := trainer.Fit(data, nil) // full batch (BatchSize 0), no validation
	if err != nil {
		panic(err)
	}
	fmt.Println("evaluated at", h.Steps)
	acc := h.TrainMetrics["accuracy"]
	fmt.Printf("accuracy above 0.85 at the end: %v\n", acc[len(acc)-1] > 0.85)
	// Output:
	// evaluated at [0 3 13 52 200]
	// accuracy above 0.85 at the end: true
}

// Interpolate between two sets of weights, as in linear mode connectivity.
func ExampleCombine() {
	a := train.Weights{"/dense/weights": tensors.FromValue([]float32{0, 4})}
	b := train.Weights{"/dense/weights": tensors.FromValue([]float32{2, 0})}
	for _, alpha := range []float64{0, 0.5, 1} {
		mid, err := train.Combine([]float64{1 - alpha, alpha}, a, b)
		if err != nil {
			panic(err)
		}
		fmt.Println(alpha, tensors.MustCopyFlatData[float32](mid["/dense/weights"]))
	}
	// Output:
	// 0 [0 4]
	// 0.5 [1 2]
	// 1 [2 0]
}

// A custom training loop: a two-tower (CLIP-style) model trained with the
// symmetric InfoNCE loss and a learnable temperature, the Optimizer's
// UpdateGraph called inside a model.Exec.
func ExampleInfoNCE() {
	backend, err := compute.NewWithConfig("go")
	if err != nil {
		panic(err)
	}
	// 64 pairs: y is a fixed random linear map of x plus a little noise.
	rng := rand.New(rand.NewSource(1))
	const n, d = 64, 8
	x, y, m := make([]float32, n*d), make([]float32, n*d), make([]float64, d*d)
	for i := range m {
		m[i] = rng.NormFloat64()
	}
	for i := range n {
		for j := range d {
			x[i*d+j] = float32(rng.NormFloat64())
		}
		for k := range d {
			s := 0.1 * rng.NormFloat64()
			for j := range d {
				s += float64(x[i*d+j]) * m[j*d+k]
			}
			y[i*d+k] = float32(s)
		}
	}
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(1); err != nil {
		panic(err)
	}
	opt := train.Optimizer{Method: train.Adam, LearningRate: 0.02}
	step, err := model.NewExec(backend, store, func(scope *model.Scope, a, b *graph.Node) *graph.Node {
		g := a.Graph()
		store.SetTraining(g, true)
		ea := nn.Dense(scope.In("tower_a"), a, 16, nn.DenseConfig{})
		eb := nn.Dense(scope.In("tower_b"), b, 16, nn.DenseConfig{})
		loss := train.InfoNCE(ea, eb, train.LogitScale(scope, g, 0.07))
		opt.UpdateGraph(scope, g, loss)
		return loss
	})
	if err != nil {
		panic(err)
	}
	xs, ys := tensors.FromFlatDataAndDimensions(x, n, d), tensors.FromFlatDataAndDimensions(y, n, d)
	var first, last float64
	for i := range 300 {
		out, err := step.Call(xs, ys)
		if err != nil {
			panic(err)
		}
		last = float64(out[0].Value().(float32))
		if i == 0 {
			first = last
		}
	}
	fmt.Printf("InfoNCE at the start %.1f (uniform guessing: ln 64 = %.1f), fell below a tenth of it: %v\n", first, math.Log(n), last < first/10)
	// Output:
	// InfoNCE at the start 6.2 (uniform guessing: ln 64 = 4.2), fell below a tenth of it: true
}
