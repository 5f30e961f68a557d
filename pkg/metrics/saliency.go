package metrics

import (
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/support/exceptions"
)

// InputGradient builds, inside a graph, the gradient of each example's
// class log-probability log softmax(logits)[b, labels[b]] with respect to
// its input: the saliency map, and the direction of gradient-based
// adversarial steps. logits is [B, K], labels [B] (integers) and inputs the
// [B, …] node the logits were computed from; the result has the shape of
// inputs.
//
// It differentiates the sum over the batch once, which gives every
// example's own gradient only if examples do not interact in the model
// (true for MLPs and convnets in inference mode, not for batch norm in
// training mode).
func InputGradient(logits, labels, inputs *graph.Node) *graph.Node {
	if logits.Rank() != 2 || labels.Rank() != 1 || inputs.Rank() < 1 {
		exceptions.Panicf("metrics.InputGradient: logits %s, labels %s, inputs %s; want [B, K], [B] and [B, …]", logits.Shape(), labels.Shape(), inputs.Shape())
	}
	b := logits.Shape().Dimensions[0]
	if labels.Shape().Dimensions[0] != b || inputs.Shape().Dimensions[0] != b {
		exceptions.Panicf("metrics.InputGradient: batch sizes %d (logits), %d (labels), %d (inputs); they must match", b, labels.Shape().Dimensions[0], inputs.Shape().Dimensions[0])
	}
	k := logits.Shape().Dimensions[1]
	picked := graph.Mul(graph.OneHot(labels, k, logits.DType()), graph.LogSoftmax(logits, -1))
	return graph.Gradient(graph.ReduceAllSum(picked), inputs)[0]
}
