// Package train trains GoMLX models on in-memory data sets for the papernb
// notebooks: minibatch Adam, a history of the training and validation loss
// at chosen steps, and the weights of the step with the best validation
// loss restored at the end (early stopping's checkpoint selection without
// the stopping).
//
// What it wraps, and why not train.Trainer. GoMLX's optimizer.Adam builds
// the update (so the optimizer is GoMLX's, moments and bias correction
// included) and model.Exec compiles and runs the step with the variables of
// a model.Store. GoMLX's train.Trainer and train.Loop are not used: the
// Trainer takes every batch as fresh tensors from a Dataset, so in-memory
// data would be cut into batches on the host and sent to the backend at
// every step, and it adds moving-average metrics to every step; neither
// keeps the best checkpoint. Here the whole data set is put on the backend
// once (NewData) and each step sends only the B indices of its minibatch;
// the step's graph gathers those rows on the backend.
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
// training moves on. Loss and Predict therefore build a fresh graph each
// time; the training step runs in training mode, where weights are
// parameters.
//
// This package knows nothing of notebooks: progress goes through the
// OnEval callback.
package train

import (
	"fmt"
	"math"
	"math/rand"
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

// Config sets up a training run. Every field but Loss and OnEval is
// required.
type Config struct {
	Steps        int     // optimizer steps (≥ 1)
	BatchSize    int     // examples per minibatch (1 ≤ BatchSize ≤ training examples)
	LearningRate float64 // Adam's learning rate (> 0); Adam's other settings are GoMLX's defaults
	EvalEvery    int     // evaluate the full training and validation loss every EvalEvery steps, at step 0 and at the last step (≥ 1)
	Seed         int64   // seeds the order of minibatches
	Loss         LossFn  // nil means MeanSquaredError

	// OnEval, if set, is called after every evaluation, e.g. to update a
	// progress display.
	OnEval func(step int, trainLoss, validLoss float64)
}

func (c Config) check() error {
	switch {
	case c.Steps < 1:
		return fmt.Errorf("train: Config.Steps = %d, must be ≥ 1", c.Steps)
	case c.BatchSize < 1:
		return fmt.Errorf("train: Config.BatchSize = %d, must be ≥ 1", c.BatchSize)
	case !(c.LearningRate > 0) || math.IsInf(c.LearningRate, 0):
		return fmt.Errorf("train: Config.LearningRate = %g, must be a finite value > 0", c.LearningRate)
	case c.EvalEvery < 1:
		return fmt.Errorf("train: Config.EvalEvery = %d, must be ≥ 1", c.EvalEvery)
	}
	return nil
}

// History is the record of a Fit: the full-data losses at each evaluated
// step and the step whose weights were kept.
type History struct {
	Steps        []int
	Train, Valid []float64
	BestStep     int     // the evaluated step with the lowest validation loss (the first, on ties)
	BestValid    float64 // its validation loss
	BestTrain    float64 // its training loss
	Seconds      float64 // wall time of Fit
}

// Trainer trains one model, held in one model.Store, with Adam.
type Trainer struct {
	backend compute.Backend
	store   *model.Store
	modelFn ModelFn
	cfg     Config
	loss    LossFn
	step    *model.Exec
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
	adam := optimizer.Adam().LearningRate(cfg.LearningRate).Done()
	var err error
	// The step's inputs: the data's inputs, its target, then the minibatch's indices.
	t.step, err = model.NewExec(backend, store, func(scope *model.Scope, in []*graph.Node) []*graph.Node {
		g := in[0].Graph()
		store.SetTraining(g, true)
		idx := graph.InsertAxes(in[len(in)-1], -1) // [B, 1]: Gather indexes the first axis
		rows := make([]*graph.Node, len(in)-1)
		for i, x := range in[:len(in)-1] {
			rows[i] = graph.Gather(x, idx)
		}
		loss := t.scalarLoss(scope, rows[:len(rows)-1], rows[len(rows)-1])
		adam.UpdateGraph(scope, g, loss)
		return []*graph.Node{loss}
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

func (t *Trainer) scalarLoss(scope *model.Scope, inputs []*graph.Node, target *graph.Node) *graph.Node {
	l := t.loss(t.modelFn(scope, inputs), target)
	if !l.Shape().IsScalar() {
		l = graph.ReduceAllMean(l)
	}
	return l
}

// Fit trains on train for cfg.Steps steps, evaluates the loss on all of
// train and valid every cfg.EvalEvery steps, and leaves in the store the
// weights of the evaluated step with the lowest validation loss.
func (t *Trainer) Fit(train, valid *Data) (*History, error) {
	start := time.Now()
	if train == nil || valid == nil {
		return nil, fmt.Errorf("train.Fit: training and validation data must both be set")
	}
	if t.cfg.BatchSize > train.Len() {
		return nil, fmt.Errorf("train.Fit: Config.BatchSize = %d is more than the %d training examples", t.cfg.BatchSize, train.Len())
	}
	h := &History{BestStep: -1, BestValid: math.Inf(1)}
	var best []snapshot
	defer func() { finalize(best) }()
	evaluate := func(step int) error {
		tr, err := t.Loss(train)
		if err != nil {
			return err
		}
		va, err := t.Loss(valid)
		if err != nil {
			return err
		}
		h.Steps, h.Train, h.Valid = append(h.Steps, step), append(h.Train, tr), append(h.Valid, va)
		if va < h.BestValid {
			h.BestStep, h.BestValid, h.BestTrain = step, va, tr
			finalize(best)
			if best, err = t.snapshot(); err != nil {
				return err
			}
		}
		if t.cfg.OnEval != nil {
			t.cfg.OnEval(step, tr, va)
		}
		return nil
	}
	if err := evaluate(0); err != nil {
		return nil, err
	}
	batches := newBatcher(train.Len(), t.cfg.BatchSize, t.cfg.Seed)
	for step := 1; step <= t.cfg.Steps; step++ {
		if err := t.trainStep(train, batches.next()); err != nil {
			return nil, fmt.Errorf("train.Fit: step %d: %w", step, err)
		}
		if step%t.cfg.EvalEvery == 0 || step == t.cfg.Steps {
			if err := evaluate(step); err != nil {
				return nil, fmt.Errorf("train.Fit: evaluating at step %d: %w", step, err)
			}
		}
	}
	if err := restore(best); err != nil {
		return nil, err
	}
	best = nil // now owned by the variables
	h.Seconds = time.Since(start).Seconds()
	return h, nil
}

// trainStep runs one Adam step on the examples idx of data.
func (t *Trainer) trainStep(data *Data, idx *tensors.Tensor) error {
	args := make([]any, 0, len(data.inputs)+2)
	for _, x := range data.inputs {
		args = append(args, x)
	}
	args = append(args, data.target, idx)
	out, err := t.step.Call(args...)
	if err != nil {
		return err
	}
	return out[0].FinalizeAll()
}

// Loss returns the mean loss of the current model over all of data, in one
// pass.
func (t *Trainer) Loss(data *Data) (float64, error) {
	args := make([]any, 0, len(data.inputs)+1)
	for _, x := range data.inputs {
		args = append(args, x)
	}
	args = append(args, data.target)
	out, err := t.evaluate(func(scope *model.Scope, in []*graph.Node) *graph.Node {
		return t.scalarLoss(scope, in[:len(in)-1], in[len(in)-1])
	}, args)
	if err != nil {
		return 0, err
	}
	defer out.FinalizeAll()
	return scalar(out)
}

// evaluate runs fn once on args in a graph built for this call, with the
// store in inference mode. The graph is not kept: the Go backend embeds the
// weights of an inference-mode graph as constants when it is built, so a
// kept graph would go on computing with the weights of the step it was
// built at (measured: a rebuild costs ~0.2 ms for an MLP).
func (t *Trainer) evaluate(fn func(scope *model.Scope, in []*graph.Node) *graph.Node, args []any) (*tensors.Tensor, error) {
	exec, err := model.NewExec(t.backend, t.store, func(scope *model.Scope, in []*graph.Node) []*graph.Node {
		t.store.SetTraining(in[0].Graph(), false)
		return []*graph.Node{fn(scope, in)}
	})
	if err != nil {
		return nil, err
	}
	defer exec.Finalize()
	out, err := exec.Call(args...)
	if err != nil {
		return nil, err
	}
	return out[0], nil
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
	return t.evaluate(t.modelFn, args)
}

func scalar(t *tensors.Tensor) (float64, error) {
	switch t.DType() {
	case dtypes.Float32:
		return float64(t.Value().(float32)), nil
	case dtypes.Float64:
		return t.Value().(float64), nil
	}
	return 0, fmt.Errorf("train: loss has dtype %s, want float32 or float64", t.DType())
}

// snapshot is a trainable variable's value at the best step.
type snapshot struct {
	v     *model.Variable
	value *tensors.Tensor
}

func (t *Trainer) snapshot() ([]snapshot, error) {
	var s []snapshot
	for v := range t.store.IterVariables() {
		if !v.Trainable || !v.HasValue() {
			continue
		}
		value, err := v.MustValue().Clone()
		if err != nil {
			finalize(s)
			return nil, fmt.Errorf("train: copying variable %s: %w", v.Path(), err)
		}
		s = append(s, snapshot{v, value})
	}
	return s, nil
}

func restore(s []snapshot) error {
	for _, e := range s {
		if err := e.v.SetValue(e.value); err != nil {
			return fmt.Errorf("train: restoring variable %s: %w", e.v.Path(), err)
		}
	}
	return nil
}

func finalize(s []snapshot) {
	for _, e := range s {
		_ = e.value.FinalizeAll()
	}
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
