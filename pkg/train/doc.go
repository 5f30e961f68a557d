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
//     per-variable multipliers (LRScales, and pkg/nn's μP ones with MuP),
//     global-norm clipping (ClipByGlobalNorm), gradient and projection
//     hooks, and a Schedule (warmup, then constant, cosine or linear decay
//     to a floor, and step decay at milestones) evaluated in the graph. It
//     implements GoMLX's optimizer.Interface, so custom loops can call its
//     UpdateGraph directly; Reset zeroes its state in place.
//   - Weights: snapshots of a store's variables as tensors, Restore, and
//     Combine for interpolation, task vectors and merging; with
//     Trainer.ResetOptimizer, a Trainer refits from a restored start
//     without recompiling.
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
