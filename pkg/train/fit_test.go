package train

import (
	"math"
	"slices"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/papernb/papernb/pkg/internal/gomlxtest"
)

// line is the model w·x with one weight, starting at 0.
func line(scope *model.Scope, in []*graph.Node) *graph.Node {
	return graph.Mul(in[0], scope.VariableWithValue("w", float32(0)).NodeValue(in[0].Graph()))
}

func variable(t *testing.T, store *model.Store, path string) []float32 {
	t.Helper()
	return tensors.MustCopyFlatData[float32](store.GetVariable(path).MustValue())
}

// One full-batch SGD step on y = 2x at x = 1, 2, 3: the MSE's gradient at
// w = 0 is mean(2(wx − y)x) = −56/3, so w₁ = 0.01·56/3.
func TestFullBatchStepIsTheFullGradientStep(t *testing.T) {
	b := gomlxtest.Backend(t)
	data, err := NewData(b, tensors.FromFlatDataAndDimensions([]float32{2, 4, 6}, 3, 1), tensors.FromFlatDataAndDimensions([]float32{1, 2, 3}, 3, 1))
	if err != nil {
		t.Fatal(err)
	}
	store := gomlxtest.Store(t, 1)
	var stepLosses []float64
	tr, err := New(b, store, line, Config{Steps: 1, EvalEvery: 1, Optimizer: &Optimizer{LearningRate: 0.01}, KeepFinal: true,
		OnStep: func(step int, loss float64) { stepLosses = append(stepLosses, float64(step), loss) }})
	if err != nil {
		t.Fatal(err)
	}
	h, err := tr.Fit(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := float64(variable(t, store, "/w")[0]), 0.56/3; math.Abs(got-want) > 1e-6 {
		t.Errorf("w after one full-batch step = %g, want %g", got, want)
	}
	if len(stepLosses) != 2 || stepLosses[0] != 1 || math.Abs(stepLosses[1]-56.0/3) > 1e-5 {
		t.Errorf("OnStep saw (step, loss) = %v, want (1, 56/3), the loss before the update", stepLosses)
	}
	// Without validation data: training loss only (mean of (2x)² = 56/3 at step 0), last step kept.
	if len(h.Valid) != 0 || !math.IsNaN(h.BestValid) || h.BestStep != 1 || math.Abs(h.Train[0]-56.0/3) > 1e-5 {
		t.Errorf("history without validation: %+v", h)
	}
}

// Full batch and a minibatch of the whole set take the same steps.
func TestFullBatchMatchesWholeSetMinibatches(t *testing.T) {
	b := gomlxtest.Backend(t)
	train, valid := regression(t, b, 128, 1, math.NaN()), regression(t, b, 64, 2, math.NaN())
	opt := &Optimizer{Method: AdamW, LearningRate: 3e-3, WeightDecay: 0.01}
	full, _ := fit(t, b, 1, Config{Steps: 20, EvalEvery: 10, Optimizer: opt}, train, valid)
	mini, _ := fit(t, b, 1, Config{Steps: 20, BatchSize: 128, EvalEvery: 10, Optimizer: opt}, train, valid)
	for i := range full.Valid {
		if math.Abs(full.Valid[i]-mini.Valid[i]) > 1e-5*full.Valid[i] {
			t.Errorf("step %d: full batch %g, minibatch of all %g", full.Steps[i], full.Valid[i], mini.Valid[i])
		}
	}
	if !(full.Valid[2] < full.Valid[0]) {
		t.Errorf("AdamW did not lower the loss: %v", full.Valid)
	}
}

func TestLogSteps(t *testing.T) {
	// round(1001^(i/3) − 1) for i = 0…3.
	if got, want := LogSteps(1000, 4), []int{0, 9, 99, 1000}; !slices.Equal(got, want) {
		t.Errorf("LogSteps(1000, 4) = %v, want %v", got, want)
	}
	if got, want := LogSteps(3, 10), []int{0, 1, 2, 3}; !slices.Equal(got, want) {
		t.Errorf("LogSteps(3, 10) = %v, want %v (duplicates dropped)", got, want)
	}
}

func TestEvalAtAndMetrics(t *testing.T) {
	b := gomlxtest.Backend(t)
	train, valid := regression(t, b, 128, 1, math.NaN()), regression(t, b, 64, 2, math.NaN())
	mae := Metric{Name: "mae", Fn: func(p, y *graph.Node) *graph.Node { return graph.Abs(graph.Sub(p, y)) }}
	cfg := Config{Steps: 7, BatchSize: 32, LearningRate: 1e-3, EvalAt: []int{0, 3, 7}, Metrics: []Metric{mae}, KeepFinal: true}
	h, tr := fit(t, b, 1, cfg, train, valid)
	if !slices.Equal(h.Steps, cfg.EvalAt) || len(h.ValidMetrics["mae"]) != 3 || len(h.TrainMetrics["mae"]) != 3 {
		t.Fatalf("evaluated at %v with metrics %v, want %v", h.Steps, h.ValidMetrics, cfg.EvalAt)
	}
	// The last MAE against one computed on the host from Predict.
	pred, err := tr.Predict(valid.Inputs()...)
	if err != nil {
		t.Fatal(err)
	}
	p, y := tensors.MustCopyFlatData[float32](pred), tensors.MustCopyFlatData[float32](valid.Target())
	var want float64
	for i := range p {
		want += math.Abs(float64(p[i] - y[i]))
	}
	want /= float64(len(p))
	if got := h.ValidMetrics["mae"][2]; math.Abs(got-want) > 1e-5*want {
		t.Errorf("validation MAE %g, host %g", got, want)
	}
}

// A validation set the training moves away from: patience stops the run and
// the initial weights come back; KeepFinal keeps the last ones instead.
func TestPatienceStopsAndKeepFinalKeeps(t *testing.T) {
	b := gomlxtest.Backend(t)
	train, valid := regression(t, b, 256, 1, math.NaN()), regression(t, b, 64, 2, 5)
	cfg := Config{Steps: 200, BatchSize: 64, LearningRate: 3e-3, EvalEvery: 10, Seed: 1, Patience: 2}
	h, tr := fit(t, b, 1, cfg, train, valid)
	if !h.StoppedEarly || !slices.Equal(h.Steps, []int{0, 10, 20}) || h.BestStep != 0 {
		t.Fatalf("stopped early %v after steps %v (best %d, valid %v), want a stop after 0, 10, 20", h.StoppedEarly, h.Steps, h.BestStep, h.Valid)
	}
	if got, _ := tr.Loss(valid); got != h.Valid[0] {
		t.Errorf("validation loss after an early stop %g, want the initial %g", got, h.Valid[0])
	}
	cfg.Patience, cfg.Steps, cfg.KeepFinal = 0, 20, true
	h, tr = fit(t, b, 1, cfg, train, valid)
	if got, _ := tr.Loss(valid); got != h.Valid[2] || h.StoppedEarly {
		t.Errorf("with KeepFinal the validation loss is %g, want the last %g", got, h.Valid[2])
	}
}

// Evaluation must see the weights as they are now, not as they were when
// an earlier evaluation graph was built (the Go backend bakes an
// inference graph's variables in as constants).
func TestLossSeesTheCurrentWeights(t *testing.T) {
	b := gomlxtest.Backend(t)
	data, err := NewData(b, tensors.FromFlatDataAndDimensions([]float32{2, 4, 6}, 3, 1), tensors.FromFlatDataAndDimensions([]float32{1, 2, 3}, 3, 1))
	if err != nil {
		t.Fatal(err)
	}
	store := gomlxtest.Store(t, 1)
	tr, err := New(b, store, line, Config{Steps: 1, EvalEvery: 1, Optimizer: &Optimizer{LearningRate: 0.01}})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []float32{0, 2, 1} { // MSE = (w − 2)²·14/3
		if w != 0 {
			if err := (Weights{"/w": tensors.FromScalar(w)}).Restore(store); err != nil {
				t.Fatal(err)
			}
		}
		got, err := tr.Loss(data)
		want := float64((w-2)*(w-2)) * 14 / 3
		if err != nil || math.Abs(got-want) > 1e-5 {
			t.Errorf("Loss at w = %g: %g (%v), want %g", w, got, err, want)
		}
	}
}

// Restoring the weights taken before training and resetting the optimizer
// makes the same Trainer replay its run exactly, without recompiling: how a
// notebook refits from one starting point many times. Both with an
// Optimizer and with GoMLX's Adam.
func TestRestoreAndResetReplayARun(t *testing.T) {
	b := gomlxtest.Backend(t)
	train, valid := regression(t, b, 128, 1, math.NaN()), regression(t, b, 64, 2, math.NaN())
	base := Config{Steps: 20, BatchSize: 32, EvalEvery: 10, Seed: 1, KeepFinal: true}
	ours, gomlx := base, base
	ours.Optimizer = &Optimizer{Method: Adam, LearningRate: 1e-2, Schedule: Schedule{Decay: Cosine, Steps: 20}}
	gomlx.LearningRate = 1e-2
	for _, cfg := range []Config{ours, gomlx} {
		store := gomlxtest.Store(t, 1)
		tr, err := New(b, store, mlp, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tr.Loss(valid); err != nil { // creates the variables
			t.Fatal(err)
		}
		start, err := Snapshot(store)
		if err != nil {
			t.Fatal(err)
		}
		defer start.Finalize()
		first, err := tr.Fit(train, valid)
		if err != nil {
			t.Fatal(err)
		}
		// A second Fit continues from the trained weights and the optimizer's step 20.
		cont, _ := tr.Fit(train, valid)
		if cont.Valid[0] != first.Valid[2] {
			t.Errorf("a second Fit started at %g, want where the first ended, %g", cont.Valid[0], first.Valid[2])
		}
		if cfg.Optimizer != nil {
			// Restore alone leaves the optimizer at step 40, where the cosine schedule has reached 0.
			if err := start.Restore(store); err != nil {
				t.Fatal(err)
			}
			if stuck, _ := tr.Fit(train, valid); stuck.Valid[2] != stuck.Valid[0] {
				t.Errorf("restored weights with the optimizer past its schedule still moved: %v", stuck.Valid)
			}
		}
		if err := start.Restore(store); err != nil {
			t.Fatal(err)
		}
		if err := tr.ResetOptimizer(); err != nil {
			t.Fatal(err)
		}
		again, err := tr.Fit(train, valid)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(again.Valid, first.Valid) || !slices.Equal(again.Train, first.Train) {
			t.Errorf("optimizer %v: after Restore and ResetOptimizer: %v, first run %v", cfg.Optimizer, again.Valid, first.Valid)
		}
	}
}
