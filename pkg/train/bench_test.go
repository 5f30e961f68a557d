package train

import (
	"math/rand"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/papernb/papernb/pkg/internal/gomlxtest"
	"github.com/papernb/papernb/pkg/nn"
)

// The two models of the DeepONet notebook (notebooks/09-deeponet), at the
// paper's sizes: m = 100 sensors, one query coordinate.

// deepONet is ⟨branch(u), trunk(y)⟩ + b₀ with branch 100→40→40 (linear last
// layer) and trunk 1→40→40 (ReLU throughout).
func deepONet(scope *model.Scope, in []*graph.Node) *graph.Node {
	b := nn.MLP(scope.In("branch"), in[0], nn.MLPConfig{Widths: []int{40, 40}, Activation: activation.TypeRelu})
	t := nn.MLP(scope.In("trunk"), in[1], nn.MLPConfig{Widths: []int{40, 40}, Activation: activation.TypeRelu, ActivateOutput: true})
	b0 := scope.VariableWithValue("b0", float32(0)).NodeValue(b.Graph())
	return graph.Add(graph.ReduceAndKeep(graph.Mul(b, t), graph.ReduceSum, -1), b0)
}

// fnn is 101→100→100→1 on [u, y].
func fnn(scope *model.Scope, in []*graph.Node) *graph.Node {
	x := graph.Concatenate([]*graph.Node{in[0], in[1]}, -1)
	return nn.MLP(scope, x, nn.MLPConfig{Widths: []int{100, 100, 1}, Activation: activation.TypeRelu})
}

func benchmarkStep(b *testing.B, modelFn ModelFn) {
	const n, m, batch = 9000, 100, 500
	backend := gomlxtest.Backend(b)
	rng := rand.New(rand.NewSource(1))
	u, y, s := make([]float32, n*m), make([]float32, n), make([]float32, n)
	for i := range u {
		u[i] = float32(rng.NormFloat64())
	}
	for i := range y {
		y[i], s[i] = float32(rng.Float64()), float32(rng.NormFloat64())
	}
	data, err := NewData(backend, tensors.FromFlatDataAndDimensions(s, n, 1),
		tensors.FromFlatDataAndDimensions(u, n, m), tensors.FromFlatDataAndDimensions(y, n, 1))
	if err != nil {
		b.Fatal(err)
	}
	tr, err := New(backend, gomlxtest.Store(b, 1), modelFn, Config{Steps: 1, BatchSize: batch, LearningRate: 1e-3, EvalEvery: 1})
	if err != nil {
		b.Fatal(err)
	}
	batches := newBatcher(n, batch, 1)
	if err := tr.trainStep(1, data, batches.next()); err != nil { // compile outside the timing
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if err := tr.trainStep(1, data, batches.next()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStepDeepONet times one Adam step of the DeepONet at minibatch 500.
func BenchmarkStepDeepONet(b *testing.B) { benchmarkStep(b, deepONet) }

// BenchmarkStepFNN times one Adam step of the FNN baseline at minibatch 500.
func BenchmarkStepFNN(b *testing.B) { benchmarkStep(b, fnn) }

// mnistMLP is the 784-256-256-10 ReLU MLP of ARCHITECTURE.md's timing.
func mnistMLP(scope *model.Scope, in []*graph.Node) *graph.Node {
	return nn.MLP(scope, in[0], nn.MLPConfig{Widths: []int{256, 256, 10}, Activation: activation.TypeRelu})
}

// benchmarkMLPStep times one training step of mnistMLP on batches of 256
// random 784-pixel examples with softmax cross-entropy, drawn by index from
// 2560 examples on the backend (or all 256 at once when batch is 0).
func benchmarkMLPStep(b *testing.B, opt *Optimizer, batch int) {
	const n, d = 2560, 784
	backend := gomlxtest.Backend(b)
	rng := rand.New(rand.NewSource(1))
	rows := n
	if batch == 0 {
		rows = 256
	}
	x, y := make([]float32, rows*d), make([]int32, rows)
	for i := range x {
		x[i] = rng.Float32()
	}
	for i := range y {
		y[i] = int32(rng.Intn(10))
	}
	data, err := NewData(backend, tensors.FromFlatDataAndDimensions(y, rows, 1), tensors.FromFlatDataAndDimensions(x, rows, d))
	if err != nil {
		b.Fatal(err)
	}
	cfg := Config{Steps: 1, BatchSize: batch, EvalEvery: 1, Loss: SoftmaxCrossEntropy, Optimizer: opt}
	if opt == nil {
		cfg.LearningRate = 1e-3
	}
	tr, err := New(backend, gomlxtest.Store(b, 1), mnistMLP, cfg)
	if err != nil {
		b.Fatal(err)
	}
	batches := newBatcher(n, max(batch, 1), 1)
	step := func() error {
		if batch == 0 {
			return tr.fullBatchStep(1, data)
		}
		return tr.trainStep(1, data, batches.next())
	}
	if err := step(); err != nil { // compile outside the timing
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if err := step(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMLPStepAdam times a minibatch step with this package's Adam.
func BenchmarkMLPStepAdam(b *testing.B) {
	benchmarkMLPStep(b, &Optimizer{Method: Adam, LearningRate: 1e-3}, 256)
}

// BenchmarkMLPStepGoMLXAdam times the same step with GoMLX's Adam.
func BenchmarkMLPStepGoMLXAdam(b *testing.B) { benchmarkMLPStep(b, nil, 256) }

// BenchmarkMLPStepAdamWClipped adds decoupled decay, clipping and a cosine schedule.
func BenchmarkMLPStepAdamWClipped(b *testing.B) {
	benchmarkMLPStep(b, &Optimizer{Method: AdamW, LearningRate: 1e-3, WeightDecay: 0.1, ClipNorm: 1,
		Schedule: Schedule{Warmup: 10, Decay: Cosine, Steps: 1000}}, 256)
}

// BenchmarkMLPStepAdamFullBatch times a full-batch step on 256 examples (no gather).
func BenchmarkMLPStepAdamFullBatch(b *testing.B) {
	benchmarkMLPStep(b, &Optimizer{Method: Adam, LearningRate: 1e-3}, 0)
}
