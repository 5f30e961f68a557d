package train

import (
	"fmt"
	"math"
	"slices"

	"github.com/gomlx/gomlx/core/graph"
)

// Config sets up a training run. Steps is required, and one of EvalEvery
// and EvalAt; the rest have defaults.
type Config struct {
	Steps int // optimizer steps (≥ 1)
	// BatchSize is the number of examples per minibatch (1 ≤ BatchSize ≤
	// training examples); 0 trains full-batch: every step uses all the
	// training examples, in one pass and without sampling.
	BatchSize int
	// LearningRate is the rate of GoMLX's Adam (with GoMLX's other
	// defaults), used when Optimizer is nil: the original behaviour of this
	// package, kept so that earlier notebooks reproduce. With an Optimizer it
	// must be 0: the rate is Optimizer.LearningRate.
	LearningRate float64
	// Optimizer, if set, is the update rule (SGD, Adam, AdamW with groups,
	// clipping and a schedule). Its step counter and moments live in the
	// store: a second Fit continues the schedule unless
	// Trainer.ResetOptimizer is called first.
	Optimizer *Optimizer
	// EvalEvery evaluates the full training and validation loss every
	// EvalEvery steps, at step 0 and at the last step (≥ 1). Leave it 0 when
	// setting EvalAt.
	EvalEvery int
	// EvalAt lists the steps to evaluate at instead (ascending, each in
	// [0, Steps]; see LogSteps for log-spaced steps).
	EvalAt []int
	// Patience, if > 0, stops training early once the validation loss has
	// not improved on its best for Patience evaluations in a row.
	Patience int
	// KeepFinal leaves the last step's weights in the store instead of
	// restoring those of the best evaluated step.
	KeepFinal bool
	Seed      int64    // seeds the order of minibatches
	Loss      LossFn   // nil means MeanSquaredError
	Metrics   []Metric // more quantities recorded at each evaluation, e.g. Accuracy

	// OnEval, if set, is called after every evaluation, e.g. to update a
	// progress display. validLoss is NaN when Fit has no validation data.
	OnEval func(step int, trainLoss, validLoss float64)
	// OnStep, if set, is called after every step with the loss of its
	// minibatch (or full batch) before the update: the per-step training
	// curve, loss spikes. It costs a small read from the backend per step.
	OnStep func(step int, batchLoss float64)
}

// Metric is a named quantity of the model's prediction against the target,
// recorded on the training and validation data at each evaluation.
type Metric struct {
	Name string
	// Fn returns a scalar, or one value per example (then averaged).
	Fn func(prediction, target *graph.Node) *graph.Node
}

func (c Config) check() error {
	switch {
	case c.Steps < 1:
		return fmt.Errorf("train: Config.Steps = %d, must be ≥ 1", c.Steps)
	case c.BatchSize < 0:
		return fmt.Errorf("train: Config.BatchSize = %d, must be ≥ 1 (or 0 for full-batch training)", c.BatchSize)
	case c.Optimizer == nil && (!(c.LearningRate > 0) || math.IsInf(c.LearningRate, 0)):
		return fmt.Errorf("train: Config.LearningRate = %g, must be a finite value > 0 (or set Config.Optimizer)", c.LearningRate)
	case c.Optimizer != nil && c.LearningRate != 0:
		return fmt.Errorf("train: Config.LearningRate = %g with an Optimizer: set the rate in Optimizer.LearningRate and leave Config.LearningRate 0", c.LearningRate)
	case c.EvalEvery < 0 || (c.EvalEvery == 0) == (len(c.EvalAt) == 0):
		return fmt.Errorf("train: Config.EvalEvery = %d with %d EvalAt steps: set EvalEvery ≥ 1 or EvalAt, not both", c.EvalEvery, len(c.EvalAt))
	case c.Patience < 0:
		return fmt.Errorf("train: Config.Patience = %d, must be ≥ 0 (0: never stop early)", c.Patience)
	}
	for i, s := range c.EvalAt {
		if s < 0 || s > c.Steps || (i > 0 && s <= c.EvalAt[i-1]) {
			return fmt.Errorf("train: Config.EvalAt[%d] = %d: steps must be ascending, distinct and in [0, Steps = %d]", i, s, c.Steps)
		}
	}
	for i, m := range c.Metrics {
		if m.Name == "" || m.Fn == nil {
			return fmt.Errorf("train: Config.Metrics[%d] (%q) needs a Name and an Fn", i, m.Name)
		}
	}
	if c.Optimizer != nil {
		return c.Optimizer.Check()
	}
	return nil
}

// evaluates reports whether step is one to evaluate at.
func (c Config) evaluates(step int) bool {
	if c.EvalEvery > 0 {
		return step%c.EvalEvery == 0 || step == c.Steps
	}
	_, found := slices.BinarySearch(c.EvalAt, step)
	return found
}

// LogSteps returns about n distinct steps from 0 to last, spaced evenly
// in log(1 + step), always including 0 and last: evaluation steps for runs
// whose interesting changes happen early (grokking, edge of stability).
// n must be ≥ 2 and last ≥ 1.
func LogSteps(last, n int) []int {
	if last < 1 || n < 2 {
		panic(fmt.Errorf("train.LogSteps: last = %d, n = %d: need last ≥ 1 and n ≥ 2", last, n))
	}
	steps := []int{0}
	for i := 1; i < n; i++ {
		s := int(math.Round(math.Expm1(float64(i) / float64(n-1) * math.Log1p(float64(last)))))
		if s > steps[len(steps)-1] {
			steps = append(steps, s)
		}
	}
	if steps[len(steps)-1] != last {
		steps = append(steps, last)
	}
	return steps
}

// History is the record of a Fit: the full-data losses (and Metrics) at
// each evaluated step and the step whose weights were kept.
type History struct {
	Steps        []int
	Train, Valid []float64 // Valid is empty when Fit had no validation data
	// TrainMetrics and ValidMetrics hold each Config.Metrics entry by
	// name, one value per evaluated step.
	TrainMetrics, ValidMetrics map[string][]float64
	BestStep                   int     // the evaluated step with the lowest validation loss (the first, on ties; −1 if none was a number); the last one without validation data
	BestValid                  float64 // its validation loss (NaN without validation data)
	BestTrain                  float64 // its training loss
	StoppedEarly               bool    // Patience ran out before Steps
	Seconds                    float64 // wall time of Fit
}
