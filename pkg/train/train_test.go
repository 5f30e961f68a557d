package train

import (
	"math"
	"math/rand"
	"strings"
	"testing"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/papernb/papernb/pkg/internal/gomlxtest"
	"github.com/papernb/papernb/pkg/nn"
)

// regression returns n examples of y = sin(3·x0) + x1/2 with x uniform in [−1, 1]²,
// or with target constantly c when c is not NaN.
func regression(t testing.TB, backend compute.Backend, n int, seed int64, c float64) *Data {
	t.Helper()
	rng := rand.New(rand.NewSource(seed))
	x := make([]float32, 2*n)
	y := make([]float32, n)
	for i := range n {
		x0, x1 := 2*rng.Float64()-1, 2*rng.Float64()-1
		x[2*i], x[2*i+1] = float32(x0), float32(x1)
		y[i] = float32(math.Sin(3*x0) + x1/2)
		if !math.IsNaN(c) {
			y[i] = float32(c)
		}
	}
	d, err := NewData(backend, tensors.FromFlatDataAndDimensions(y, n, 1), tensors.FromFlatDataAndDimensions(x, n, 2))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mlp(scope *model.Scope, in []*graph.Node) *graph.Node {
	return nn.MLP(scope, in[0], nn.MLPConfig{Widths: []int{32, 32, 1}, Activation: activation.TypeTanh})
}

func fit(t testing.TB, backend compute.Backend, storeSeed int64, cfg Config, train, valid *Data) (*History, *Trainer) {
	t.Helper()
	tr, err := New(backend, gomlxtest.Store(t, storeSeed), mlp, cfg)
	if err != nil {
		t.Fatal(err)
	}
	h, err := tr.Fit(train, valid)
	if err != nil {
		t.Fatal(err)
	}
	return h, tr
}

var baseConfig = Config{Steps: 300, BatchSize: 64, LearningRate: 3e-3, EvalEvery: 50, Seed: 1}

func TestFitLearnsAndKeepsTheBestStep(t *testing.T) {
	b := gomlxtest.Backend(t)
	train, valid := regression(t, b, 512, 1, math.NaN()), regression(t, b, 256, 2, math.NaN())
	var evals []int
	cfg := baseConfig
	cfg.OnEval = func(step int, tr, va float64) { evals = append(evals, step) }
	h, tr := fit(t, b, 1, cfg, train, valid)

	wantSteps := []int{0, 50, 100, 150, 200, 250, 300}
	if len(h.Steps) != len(wantSteps) || len(evals) != len(wantSteps) {
		t.Fatalf("evaluated at %v (callback at %v), want %v", h.Steps, evals, wantSteps)
	}
	if first, last := h.Valid[0], h.Valid[len(h.Valid)-1]; !(last < first/20) {
		t.Errorf("validation MSE went from %.4g to %.4g, want a 20-fold drop", first, last)
	}
	best := 0
	for i := range h.Valid {
		if h.Valid[i] < h.Valid[best] {
			best = i
		}
	}
	if h.BestStep != h.Steps[best] || h.BestValid != h.Valid[best] || h.BestTrain != h.Train[best] {
		t.Errorf("best = step %d (valid %g, train %g), want step %d (%g, %g)", h.BestStep, h.BestValid, h.BestTrain, h.Steps[best], h.Valid[best], h.Train[best])
	}
	if got, err := tr.Loss(valid); err != nil || got != h.BestValid {
		t.Errorf("after Fit the validation loss is %g (%v), want the best %g", got, err, h.BestValid)
	}
}

// When the validation loss only gets worse, the initial weights must come back.
func TestFitRestoresTheBestWeights(t *testing.T) {
	b := gomlxtest.Backend(t)
	// Training targets sin(3x0)+x1/2, validation targets a constant 5 far from them.
	train, valid := regression(t, b, 256, 1, math.NaN()), regression(t, b, 128, 2, 5)
	cfg := baseConfig
	cfg.Steps = 100
	h, tr := fit(t, b, 1, cfg, train, valid)
	if h.BestStep != 0 {
		t.Fatalf("best step %d, want 0 (validation losses %v)", h.BestStep, h.Valid)
	}
	if h.Valid[len(h.Valid)-1] == h.Valid[0] {
		t.Fatalf("training did not change the model")
	}
	if got, _ := tr.Loss(valid); got != h.Valid[0] {
		t.Errorf("validation loss after Fit = %g, want the initial %g (last step had %g)", got, h.Valid[0], h.Valid[len(h.Valid)-1])
	}
	if got, _ := tr.Loss(train); got != h.Train[0] {
		t.Errorf("training loss after Fit = %g, want the initial %g", got, h.Train[0])
	}
}

func TestFitIsBitIdenticalForTheSameSeeds(t *testing.T) {
	b := gomlxtest.Backend(t)
	train, valid := regression(t, b, 512, 1, math.NaN()), regression(t, b, 128, 2, math.NaN())
	cfg := baseConfig
	cfg.Steps = 100
	a, _ := fit(t, b, 7, cfg, train, valid)
	again, _ := fit(t, b, 7, cfg, train, valid)
	for i := range a.Valid {
		if a.Valid[i] != again.Valid[i] || a.Train[i] != again.Train[i] {
			t.Fatalf("same seeds, different losses at step %d: %v vs %v", a.Steps[i], a.Valid, again.Valid)
		}
	}
	cfg.Seed = 2
	otherOrder, _ := fit(t, b, 7, cfg, train, valid)
	otherInit, _ := fit(t, b, 8, baseConfigWithSteps(100), train, valid)
	last := len(a.Valid) - 1
	if otherOrder.Valid[last] == a.Valid[last] {
		t.Errorf("another minibatch seed gave the same final loss %g", a.Valid[last])
	}
	if otherInit.Valid[0] == a.Valid[0] {
		t.Errorf("another store seed gave the same initial loss %g", a.Valid[0])
	}
}

func baseConfigWithSteps(steps int) Config {
	c := baseConfig
	c.Steps = steps
	return c
}

// Predict must agree with the loss: the MSE of its output equals Loss.
func TestPredictAgreesWithLoss(t *testing.T) {
	b := gomlxtest.Backend(t)
	train, valid := regression(t, b, 256, 1, math.NaN()), regression(t, b, 64, 2, math.NaN())
	_, tr := fit(t, b, 1, baseConfigWithSteps(50), train, valid)
	pred, err := tr.Predict(valid.Inputs()...)
	if err != nil {
		t.Fatal(err)
	}
	p := tensors.MustCopyFlatData[float32](pred)
	y := tensors.MustCopyFlatData[float32](valid.Target())
	var mse float64
	for i := range p {
		mse += (float64(p[i]) - float64(y[i])) * (float64(p[i]) - float64(y[i]))
	}
	mse /= float64(len(p))
	loss, _ := tr.Loss(valid)
	if math.Abs(mse-loss) > 1e-5*loss {
		t.Errorf("MSE of Predict = %g, Loss = %g", mse, loss)
	}
}

func TestBatcherCoversEachExampleOncePerEpoch(t *testing.T) {
	b := newBatcher(10, 3, 1) // 3 batches per epoch, one example left out each epoch
	for epoch := 0; epoch < 4; epoch++ {
		seen := map[int32]bool{}
		for range 3 {
			for _, i := range tensors.MustCopyFlatData[int32](b.next()) {
				if seen[i] || i < 0 || i >= 10 {
					t.Fatalf("epoch %d: index %d repeated or out of range", epoch, i)
				}
				seen[i] = true
			}
		}
		if len(seen) != 9 {
			t.Errorf("epoch %d saw %d examples, want 9", epoch, len(seen))
		}
	}
}

func TestBadArgumentsAreRejected(t *testing.T) {
	b := gomlxtest.Backend(t)
	store := gomlxtest.Store(t, 1)
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"steps", Config{Steps: 0, BatchSize: 1, LearningRate: 1e-3, EvalEvery: 1}, "Steps"},
		{"batch", Config{Steps: 1, BatchSize: -1, LearningRate: 1e-3, EvalEvery: 1}, "BatchSize"},
		{"two rates", Config{Steps: 1, LearningRate: 1e-3, EvalEvery: 1, Optimizer: &Optimizer{LearningRate: 1}}, "LearningRate"},
		{"bad optimizer", Config{Steps: 1, EvalEvery: 1, Optimizer: &Optimizer{LearningRate: -1}}, "Optimizer.LearningRate"},
		{"eval twice", Config{Steps: 5, LearningRate: 1e-3, EvalEvery: 1, EvalAt: []int{0}}, "EvalAt"},
		{"eval order", Config{Steps: 5, LearningRate: 1e-3, EvalAt: []int{0, 3, 2}}, "EvalAt[2]"},
		{"eval range", Config{Steps: 5, LearningRate: 1e-3, EvalAt: []int{6}}, "EvalAt[0]"},
		{"patience", Config{Steps: 5, LearningRate: 1e-3, EvalEvery: 1, Patience: -1}, "Patience"},
		{"metric", Config{Steps: 5, LearningRate: 1e-3, EvalEvery: 1, Metrics: []Metric{{Name: "x"}}}, "Metrics[0]"},
		{"rate", Config{Steps: 1, BatchSize: 1, LearningRate: 0, EvalEvery: 1}, "LearningRate"},
		{"eval", Config{Steps: 1, BatchSize: 1, LearningRate: 1e-3, EvalEvery: 0}, "EvalEvery"},
	} {
		if _, err := New(b, store, mlp, tc.cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: New returned %v, want an error naming %s", tc.name, err, tc.want)
		}
	}
	y := tensors.FromFlatDataAndDimensions(make([]float32, 4), 4, 1)
	x := tensors.FromFlatDataAndDimensions(make([]float32, 6), 3, 2)
	if _, err := NewData(b, y, x); err == nil || !strings.Contains(err.Error(), "4 examples") {
		t.Errorf("NewData with 4 targets and 3 inputs: %v, want an error", err)
	}
	small := regression(t, b, 16, 1, math.NaN())
	tr, err := New(b, store, mlp, Config{Steps: 1, BatchSize: 17, LearningRate: 1e-3, EvalEvery: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Fit(small, small); err == nil || !strings.Contains(err.Error(), "BatchSize") {
		t.Errorf("BatchSize 17 on 16 examples: %v, want an error", err)
	}
}
