package train

import (
	"fmt"
	"math"
	"time"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train/optimizer"
)

// ModelFn builds the model's prediction from its inputs (one node per input
// tensor of the Data, with the example axis first). It is called once per
// input shape; its variables live in scope.
type ModelFn func(scope *model.Scope, inputs []*graph.Node) *graph.Node

// LossFn returns the loss of prediction against target: a scalar, or one
// value per example (then averaged).
type LossFn func(prediction, target *graph.Node) *graph.Node

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

// ResetOptimizer sets the optimizer's step counter and moments back to
// zero (see Optimizer.Reset; without Config.Optimizer, those of GoMLX's
// Adam). The state lives in the store, so without a reset a second Fit
// continues the first one's schedule and moments.
func (t *Trainer) ResetOptimizer() error {
	if t.cfg.Optimizer != nil {
		return t.cfg.Optimizer.Reset(t.store)
	}
	return zeroVariablesUnder(t.store, "/"+optimizer.AdamDefaultScope)
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
			err = t.fullBatchStep(step, train)
		} else {
			err = t.trainStep(step, train, batches.next())
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

// trainStep runs optimizer step number step on the examples idx of data.
func (t *Trainer) trainStep(step int, data *Data, idx *tensors.Tensor) error {
	out, err := t.step.Call(append(data.args(), idx)...)
	return t.stepDone(step, out, err)
}

// fullBatchStep runs optimizer step number step on all of data.
func (t *Trainer) fullBatchStep(step int, data *Data) error {
	out, err := t.fullStep.Call(data.args()...)
	return t.stepDone(step, out, err)
}

// stepDone hands a step's loss to Config.OnStep, if set, and frees it.
func (t *Trainer) stepDone(step int, out []*tensors.Tensor, err error) error {
	if err != nil {
		return err
	}
	defer out[0].FinalizeAll()
	if t.cfg.OnStep != nil {
		loss, err := scalar(out[0])
		if err != nil {
			return err
		}
		t.cfg.OnStep(step, loss)
	}
	return nil
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
