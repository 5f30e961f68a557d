package train

import (
	"fmt"
	"math"
	"slices"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// MeanSquaredError is the mean over all elements of (prediction − target)².
func MeanSquaredError(prediction, target *graph.Node) *graph.Node {
	return graph.ReduceAllMean(graph.Square(graph.Sub(prediction, target)))
}

// integerLabels checks that labels index the classes of logits [..., K]
// and returns them with the logits' batch shape [...] (a trailing axis of
// size 1 is dropped, so Data targets of shape [N, 1] work).
func integerLabels(caller string, logits, labels *graph.Node) *graph.Node {
	if !labels.DType().IsInt() {
		panic(fmt.Errorf("train.%s: labels have dtype %s, want integer class indices", caller, labels.DType()))
	}
	if logits.Rank() < 1 {
		panic(fmt.Errorf("train.%s: logits shape %s has no class axis", caller, logits.Shape()))
	}
	batch := logits.Shape().Dimensions[:logits.Rank()-1]
	if labels.Rank() == logits.Rank() && labels.Shape().Dimensions[labels.Rank()-1] == 1 {
		labels = graph.Reshape(labels, batch...)
	}
	if !slices.Equal(labels.Shape().Dimensions, batch) {
		panic(fmt.Errorf("train.%s: labels shape %s does not match logits %s: want the logits' shape without its class axis (optionally with a last axis of 1)",
			caller, labels.Shape(), logits.Shape()))
	}
	return labels
}

// SoftmaxCrossEntropy returns −log softmax(logits)[label] per example:
// logits [..., K], labels integer class indices [...] or [..., 1]; the
// result has shape [...] (the Trainer averages it). It is a LossFn.
func SoftmaxCrossEntropy(logits, labels *graph.Node) *graph.Node {
	labels = integerLabels("SoftmaxCrossEntropy", logits, labels)
	k := logits.Shape().Dimensions[logits.Rank()-1]
	oneHot := graph.OneHot(labels, k, logits.DType())
	return graph.Neg(graph.ReduceSum(graph.Mul(oneHot, graph.LogSoftmax(logits, -1)), -1))
}

// Accuracy returns 1 where the largest logit is the label's and 0
// elsewhere, per example (ties go to the first largest): logits [..., K],
// labels [...] or [..., 1]. Use it as a Metric's Fn.
func Accuracy(logits, labels *graph.Node) *graph.Node {
	labels = integerLabels("Accuracy", logits, labels)
	pred := graph.ArgMax(logits, -1, labels.DType())
	return graph.ConvertDType(graph.Equal(pred, labels), logits.DType())
}

// Distillation returns a LossFn for knowledge distillation (Hinton et al.
// 2015): with the teacher's logits as target, the per-example
// T²·KL(softmax(teacher/T) ‖ softmax(student/T)). The T² keeps the
// gradient's scale independent of the temperature; no gradient flows into
// the teacher. temperature must be > 0.
func Distillation(temperature float64) LossFn {
	if !(temperature > 0) || math.IsInf(temperature, 0) {
		panic(fmt.Errorf("train.Distillation: temperature = %g, must be a finite value > 0", temperature))
	}
	return func(student, teacher *graph.Node) *graph.Node {
		if !student.Shape().Equal(teacher.Shape()) {
			panic(fmt.Errorf("train.Distillation: student logits %s and teacher logits %s must have the same shape", student.Shape(), teacher.Shape()))
		}
		logQ := graph.LogSoftmax(graph.DivScalar(student, temperature), -1)
		logP := graph.LogSoftmax(graph.DivScalar(graph.StopGradient(teacher), temperature), -1)
		kl := graph.ReduceSum(graph.Mul(graph.Exp(logP), graph.Sub(logP, logQ)), -1)
		return graph.MulScalar(kl, temperature*temperature)
	}
}

// MaxLogitScale caps InfoNCE's logit scale at 100, as CLIP does, so that
// the learned temperature cannot fall below 0.01.
const MaxLogitScale = 100.0

// LogitScale returns the learnable log logit scale of InfoNCE: a scalar
// variable "log_logit_scale" in scope, initialised to log(1/temperature)
// (CLIP starts at temperature 0.07). temperature must be > 0.
func LogitScale(scope *model.Scope, g *graph.Graph, temperature float64) *graph.Node {
	if !(temperature > 0) || math.IsInf(temperature, 0) {
		panic(fmt.Errorf("train.LogitScale: temperature = %g, must be a finite value > 0", temperature))
	}
	return scope.VariableWithValue("log_logit_scale", float32(-math.Log(temperature))).NodeValue(g)
}

// InfoNCE returns CLIP's symmetric contrastive loss (Radford et al. 2021)
// for a batch of N matching pairs: a and b are [N, D] embeddings (row i of
// a matches row i of b), normalised here to unit length; the logits are
// s·âb̂ᵀ with s = exp(logScale) capped at MaxLogitScale; the loss is the
// mean of the cross-entropy of each row (a to b) and of each column (b to
// a) against the diagonal, a scalar. logScale is a scalar node, usually
// LogitScale's learnable variable.
func InfoNCE(a, b, logScale *graph.Node) *graph.Node {
	if a.Rank() != 2 || !a.Shape().Equal(b.Shape()) {
		panic(fmt.Errorf("train.InfoNCE: embeddings a %s and b %s must both be [N, D]", a.Shape(), b.Shape()))
	}
	if !logScale.Shape().IsScalar() {
		panic(fmt.Errorf("train.InfoNCE: logScale has shape %s, want a scalar", logScale.Shape()))
	}
	n := a.Shape().Dimensions[0]
	scale := graph.MinScalar(graph.Exp(graph.ConvertDType(logScale, a.DType())), MaxLogitScale)
	logits := graph.Mul(graph.MatMul(graph.L2Normalize(a, -1), graph.Transpose(graph.L2Normalize(b, -1), 0, 1)), scale)
	diag := graph.Iota(a.Graph(), shapes.Make(dtypes.Int32, n), 0)
	rows := graph.ReduceAllMean(SoftmaxCrossEntropy(logits, diag))
	cols := graph.ReduceAllMean(SoftmaxCrossEntropy(graph.Transpose(logits, 0, 1), diag))
	return graph.DivScalar(graph.Add(rows, cols), 2)
}
