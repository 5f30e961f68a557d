// Package train trains GoMLX models on in-memory data sets for the papernb
// notebooks.
//
// The pieces:
//
//   - Trainer and Config: minibatch or full-batch training of a ModelFn
//     on Data held on the backend, with the training and validation loss
//     (and any Metrics) recorded at chosen steps (every EvalEvery, or at
//     EvalAt, e.g. LogSteps), early stopping on validation (Patience), and
//     the weights of the best evaluated step restored at the end (or the
//     last, with KeepFinal).
//   - Optimizer: SGD (momentum, Nesterov), Adam and AdamW with per-group
//     learning-rate multipliers and weight decays (Group), frozen groups,
//     global-norm clipping (ClipByGlobalNorm) and a Schedule (warmup, then
//     constant, cosine or linear decay to a floor) evaluated in the graph.
//     It implements GoMLX's optimizer.Interface, so custom loops can call
//     its UpdateGraph directly.
//   - Weights: snapshots of a store's variables as tensors, Restore, and
//     Combine for interpolation, task vectors and merging.
//   - Losses beyond GoMLX's: SoftmaxCrossEntropy with integer labels,
//     Distillation, and the symmetric InfoNCE of CLIP.
//
// What it wraps, and why not train.Trainer. model.Exec compiles and runs
// the step with the variables of a model.Store. GoMLX's train.Trainer and
// train.Loop are not used: the Trainer takes every batch as fresh tensors
// from a Dataset, so in-memory data would be cut into batches on the host
// and sent to the backend at every step, and it adds moving-average
// metrics to every step; neither keeps the best checkpoint. Here the whole
// data set is put on the backend once (NewData) and each step sends only
// the B indices of its minibatch; the step's graph gathers those rows on
// the backend. Without Config.Optimizer the step is GoMLX's own Adam at
// Config.LearningRate, as in the first version of this package, so that
// notebooks written against it reproduce bit for bit.
//
// Runs are bit-identical for the same seeds: the model's initial weights
// come from the store's RNG (seed it, e.g. with nb.NewStore) and the order
// of minibatches from Config.Seed. Minibatches are drawn without
// replacement within an epoch (a fresh permutation each epoch; the last
// partial batch of an epoch is skipped).
//
// A trap this package avoids: on the Go backend a graph built with the
// store in inference mode (store.SetTraining(g, false), as GoMLX's own
// evaluation does) receives the variables' current values as constants, not
// parameters, so an evaluation graph compiled once and reused goes stale as
// training moves on. Loss, Evaluate and Predict therefore build a fresh
// graph each time; the training step runs in training mode, where weights
// are parameters.
//
// This package knows nothing of notebooks: progress goes through the
// OnEval callback.
package train

import (
	"fmt"
	"math"
	"math/rand"
	"slices"
	"time"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train/optimizer"
)

// Data is a supervised data set held on the backend: one or more input
// tensors and a target tensor, all with the example axis first.
type Data struct {
	inputs []*tensors.Tensor
	target *tensors.Tensor
	n      int
}

// NewData moves target and inputs to the backend's device once, so that
// training steps read them there. Every tensor must have rank ≥ 1 and the
// same number of examples (first dimension), at least one. The tensors
// belong to the Data afterwards.
func NewData(backend compute.Backend, target *tensors.Tensor, inputs ...*tensors.Tensor) (*Data, error) {
	if target == nil || len(inputs) == 0 {
		return nil, fmt.Errorf("train.NewData: need a target and at least one input (got %d inputs)", len(inputs))
	}
	if target.Rank() < 1 || target.Shape().Dimensions[0] < 1 {
		return nil, fmt.Errorf("train.NewData: target shape %s: need rank ≥ 1 and at least one example", target.Shape())
	}
	n := target.Shape().Dimensions[0]
	for i, x := range inputs {
		if x == nil || x.Rank() < 1 || x.Shape().Dimensions[0] != n {
			shape := "nil"
			if x != nil {
				shape = x.Shape().String()
			}
			return nil, fmt.Errorf("train.NewData: input %d has shape %s: need the example axis first with %d examples, like the target %s",
				i, shape, n, target.Shape())
		}
	}
	for _, t := range append([]*tensors.Tensor{target}, inputs...) {
		if err := t.ToDevice(backend, 0); err != nil {
			return nil, fmt.Errorf("train.NewData: moving a %s tensor to the backend: %w", t.Shape(), err)
		}
	}
	return &Data{inputs: inputs, target: target, n: n}, nil
}

// Len returns the number of examples.
func (d *Data) Len() int { return d.n }

// Inputs returns the input tensors (on the backend).
func (d *Data) Inputs() []*tensors.Tensor { return d.inputs }

// Target returns the target tensor (on the backend).
func (d *Data) Target() *tensors.Tensor { return d.target }

// ModelFn builds the model's prediction from its inputs (one node per input
// tensor of the Data, with the example axis first). It is called once per
// input shape; its variables live in scope.
type ModelFn func(scope *model.Scope, inputs []*graph.Node) *graph.Node

// LossFn returns the loss of prediction against target: a scalar, or one
// value per example (then averaged).
type LossFn func(prediction, target *graph.Node) *graph.Node

// MeanSquaredError is the mean over all elements of (prediction − target)².
func MeanSquaredError(prediction, target *graph.Node) *graph.Node {
	return graph.ReduceAllMean(graph.Square(graph.Sub(prediction, target)))
}

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
	// clipping and a schedule).
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
	BestStep                   int     // the evaluated step with the lowest validation loss (the first, on ties); the last one without validation data
	BestValid                  float64 // its validation loss (NaN without validation data)
	BestTrain                  float64 // its training loss
	StoppedEarly               bool    // Patience ran out before Steps
	Seconds                    float64 // wall time of Fit
}

// Trainer trains one model, held in one model.Store.
type Trainer struct {
	backend   compute.Backend
	store     *model.Store
	modelFn   ModelFn
	cfg       Config
	loss      LossFn
	optimizer optimizer.Interface
	step      *model.Exec // minibatch step: inputs, target, indices
	fullStep  *model.Exec // full-batch step: inputs, target (built on first use)
}

// New returns a Trainer for the model modelFn, whose variables live in
// store. Use one Trainer per store.
func New(backend compute.Backend, store *model.Store, modelFn ModelFn, cfg Config) (*Trainer, error) {
	if backend == nil || store == nil || modelFn == nil {
		return nil, fmt.Errorf("train.New: backend, store and modelFn must all be set")
	}
	if err := cfg.check(); err != nil {
		return nil, err
	}
	t := &Trainer{backend: backend, store: store, modelFn: modelFn, cfg: cfg, loss: cfg.Loss}
	if t.loss == nil {
		t.loss = MeanSquaredError
	}
	if cfg.Optimizer != nil {
		t.optimizer = *cfg.Optimizer
	} else {
		t.optimizer = optimizer.Adam().LearningRate(cfg.LearningRate).Done()
	}
	var err error
	// The step's inputs: the data's inputs, its target, then the minibatch's indices.
	t.step, err = model.NewExec(backend, store, func(scope *model.Scope, in []*graph.Node) []*graph.Node {
		idx := graph.InsertAxes(in[len(in)-1], -1) // [B, 1]: Gather indexes the first axis
		rows := make([]*graph.Node, len(in)-1)
		for i, x := range in[:len(in)-1] {
			rows[i] = graph.Gather(x, idx)
		}
		return t.update(scope, rows)
	})
	if err != nil {
		return nil, err
	}
	t.fullStep, err = model.NewExec(backend, store, t.update)
	if err != nil {
		return nil, err
	}
	return t, nil
}

// update builds one optimizer step on in (the inputs, then the target) and
// returns the loss before the step.
func (t *Trainer) update(scope *model.Scope, in []*graph.Node) []*graph.Node {
	g := in[0].Graph()
	t.store.SetTraining(g, true)
	loss := t.scalarLoss(scope, in[:len(in)-1], in[len(in)-1])
	t.optimizer.UpdateGraph(scope, g, loss)
	return []*graph.Node{loss}
}

func (t *Trainer) scalarLoss(scope *model.Scope, inputs []*graph.Node, target *graph.Node) *graph.Node {
	return meanIfNotScalar(t.loss(t.modelFn(scope, inputs), target))
}

func meanIfNotScalar(x *graph.Node) *graph.Node {
	if !x.Shape().IsScalar() {
		x = graph.ReduceAllMean(x)
	}
	return x
}

// Fit trains on train for cfg.Steps steps (fewer if Patience runs out),
// evaluates the loss and metrics on all of train and valid at the steps
// the Config names, and leaves in the store the weights of the evaluated
// step with the lowest validation loss, or the last step's with
// Config.KeepFinal. valid may be nil: then nothing is validated, the last
// weights stay, and Patience must be 0.
func (t *Trainer) Fit(train, valid *Data) (*History, error) {
	start := time.Now()
	if train == nil {
		return nil, fmt.Errorf("train.Fit: no training data")
	}
	if t.cfg.BatchSize > train.Len() {
		return nil, fmt.Errorf("train.Fit: Config.BatchSize = %d is more than the %d training examples", t.cfg.BatchSize, train.Len())
	}
	if valid == nil && t.cfg.Patience > 0 {
		return nil, fmt.Errorf("train.Fit: Config.Patience = %d needs validation data", t.cfg.Patience)
	}
	keepBest := valid != nil && !t.cfg.KeepFinal
	h := &History{BestStep: -1, BestValid: math.Inf(1)}
	if len(t.cfg.Metrics) > 0 {
		h.TrainMetrics, h.ValidMetrics = map[string][]float64{}, map[string][]float64{}
	}
	var best Weights
	defer func() { best.Finalize() }()
	sinceBest := 0
	evaluate := func(step int) error {
		tr, trMetrics, err := t.Evaluate(train)
		if err != nil {
			return err
		}
		h.Steps, h.Train = append(h.Steps, step), append(h.Train, tr)
		for i, m := range t.cfg.Metrics {
			h.TrainMetrics[m.Name] = append(h.TrainMetrics[m.Name], trMetrics[i])
		}
		va := math.NaN()
		if valid == nil {
			h.BestStep, h.BestValid, h.BestTrain = step, va, tr
		} else {
			var vaMetrics []float64
			if va, vaMetrics, err = t.Evaluate(valid); err != nil {
				return err
			}
			h.Valid = append(h.Valid, va)
			for i, m := range t.cfg.Metrics {
				h.ValidMetrics[m.Name] = append(h.ValidMetrics[m.Name], vaMetrics[i])
			}
			sinceBest++
			if va < h.BestValid {
				h.BestStep, h.BestValid, h.BestTrain = step, va, tr
				sinceBest = 0
				if keepBest {
					best.Finalize()
					if best, err = Snapshot(t.store); err != nil {
						return err
					}
				}
			}
		}
		if t.cfg.OnEval != nil {
			t.cfg.OnEval(step, tr, va)
		}
		return nil
	}
	if t.cfg.evaluates(0) {
		if err := evaluate(0); err != nil {
			return nil, err
		}
	}
	batches := newBatcher(train.Len(), max(t.cfg.BatchSize, 1), t.cfg.Seed)
	for step := 1; step <= t.cfg.Steps; step++ {
		var err error
		if t.cfg.BatchSize == 0 {
			err = t.fullBatchStep(train)
		} else {
			err = t.trainStep(train, batches.next())
		}
		if err != nil {
			return nil, fmt.Errorf("train.Fit: step %d: %w", step, err)
		}
		if t.cfg.evaluates(step) {
			if err := evaluate(step); err != nil {
				return nil, fmt.Errorf("train.Fit: evaluating at step %d: %w", step, err)
			}
			if t.cfg.Patience > 0 && sinceBest >= t.cfg.Patience && step < t.cfg.Steps {
				h.StoppedEarly = true
				break
			}
		}
	}
	if best != nil {
		if err := best.Restore(t.store); err != nil {
			return nil, err
		}
	}
	h.Seconds = time.Since(start).Seconds()
	return h, nil
}

// trainStep runs one optimizer step on the examples idx of data.
func (t *Trainer) trainStep(data *Data, idx *tensors.Tensor) error {
	out, err := t.step.Call(append(data.args(), idx)...)
	if err != nil {
		return err
	}
	return out[0].FinalizeAll()
}

// fullBatchStep runs one optimizer step on all of data.
func (t *Trainer) fullBatchStep(data *Data) error {
	out, err := t.fullStep.Call(data.args()...)
	if err != nil {
		return err
	}
	return out[0].FinalizeAll()
}

// args returns the data's inputs then its target, as Exec arguments.
func (d *Data) args() []any {
	args := make([]any, 0, len(d.inputs)+2)
	for _, x := range d.inputs {
		args = append(args, x)
	}
	return append(args, d.target)
}

// Loss returns the mean loss of the current model over all of data, in one
// pass.
func (t *Trainer) Loss(data *Data) (float64, error) {
	loss, _, err := t.evaluateLoss(data, nil)
	return loss, err
}

// Evaluate returns the mean loss and the value of each Config.Metrics entry
// (in order) of the current model over all of data, in one pass.
func (t *Trainer) Evaluate(data *Data) (loss float64, metrics []float64, err error) {
	return t.evaluateLoss(data, t.cfg.Metrics)
}

func (t *Trainer) evaluateLoss(data *Data, metrics []Metric) (float64, []float64, error) {
	out, err := t.evaluate(func(scope *model.Scope, in []*graph.Node) []*graph.Node {
		inputs, target := in[:len(in)-1], in[len(in)-1]
		pred := t.modelFn(scope, inputs)
		nodes := []*graph.Node{meanIfNotScalar(t.loss(pred, target))}
		for _, m := range metrics {
			nodes = append(nodes, meanIfNotScalar(m.Fn(pred, target)))
		}
		return nodes
	}, data.args())
	if err != nil {
		return 0, nil, err
	}
	values := make([]float64, len(out))
	for i, o := range out {
		values[i], err = scalar(o)
		_ = o.FinalizeAll()
		if err != nil {
			return 0, nil, err
		}
	}
	return values[0], values[1:], nil
}

// evaluate runs fn once on args in a graph built for this call, with the
// store in inference mode. The graph is not kept: the Go backend embeds the
// weights of an inference-mode graph as constants when it is built, so a
// kept graph would go on computing with the weights of the step it was
// built at (measured: a rebuild costs ~0.2 ms for an MLP).
func (t *Trainer) evaluate(fn func(scope *model.Scope, in []*graph.Node) []*graph.Node, args []any) ([]*tensors.Tensor, error) {
	exec, err := model.NewExec(t.backend, t.store, func(scope *model.Scope, in []*graph.Node) []*graph.Node {
		t.store.SetTraining(in[0].Graph(), false)
		return fn(scope, in)
	})
	if err != nil {
		return nil, err
	}
	defer exec.Finalize()
	return exec.Call(args...)
}

// Predict returns the current model's prediction for inputs (with the
// example axis first, as in the Data it was trained on).
func (t *Trainer) Predict(inputs ...*tensors.Tensor) (*tensors.Tensor, error) {
	if len(inputs) == 0 {
		return nil, fmt.Errorf("train.Predict: no inputs")
	}
	args := make([]any, len(inputs))
	for i, x := range inputs {
		args[i] = x
	}
	out, err := t.evaluate(func(scope *model.Scope, in []*graph.Node) []*graph.Node {
		return []*graph.Node{t.modelFn(scope, in)}
	}, args)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

func scalar(t *tensors.Tensor) (float64, error) {
	switch t.DType() {
	case dtypes.Float32:
		return float64(t.Value().(float32)), nil
	case dtypes.Float64:
		return t.Value().(float64), nil
	}
	return 0, fmt.Errorf("train: loss or metric has dtype %s, want float32 or float64", t.DType())
}

// batcher deals minibatch indices: a fresh permutation of the examples per
// epoch, cut into consecutive batches.
type batcher struct {
	rng  *rand.Rand
	perm []int
	pos  int
	size int
	buf  []int32
}

func newBatcher(n, size int, seed int64) *batcher {
	b := &batcher{rng: rand.New(rand.NewSource(seed)), size: size, buf: make([]int32, size)}
	b.perm = b.rng.Perm(n)
	return b
}

func (b *batcher) next() *tensors.Tensor {
	if b.pos+b.size > len(b.perm) {
		b.perm = b.rng.Perm(len(b.perm))
		b.pos = 0
	}
	for i, j := range b.perm[b.pos : b.pos+b.size] {
		b.buf[i] = int32(j)
	}
	b.pos += b.size
	return tensors.FromFlatDataAndDimensions(append([]int32(nil), b.buf...), b.size)
}
