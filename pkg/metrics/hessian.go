package metrics

import (
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/support/exceptions"
)

// HessianVectorProduct builds, inside a graph, the product H·v of the
// Hessian of a scalar loss with respect to params and a direction v given
// as one node per parameter (same shapes). It differentiates twice —
// H·v = ∇_θ⟨∇_θ L, v⟩ (Pearlmutter's trick by double backward) — which
// GoMLX v0.28 supports: the gradient graph is made of ordinary,
// differentiable ops. The result is exact up to rounding (no finite
// differences), at the cost of about two extra backward passes.
//
// Like every graph-building function it panics on bad input.
func HessianVectorProduct(loss *graph.Node, params, v []*graph.Node) []*graph.Node {
	if loss.Shape().Size() != 1 {
		exceptions.Panicf("metrics.HessianVectorProduct: loss has shape %s; want a scalar", loss.Shape())
	}
	if len(params) == 0 || len(params) != len(v) {
		exceptions.Panicf("metrics.HessianVectorProduct: %d params and %d directions; want one direction per parameter, at least one", len(params), len(v))
	}
	for i := range params {
		if !params[i].Shape().Equal(v[i].Shape()) {
			exceptions.Panicf("metrics.HessianVectorProduct: param %d has shape %s but its direction has shape %s", i, params[i].Shape(), v[i].Shape())
		}
	}
	grads := graph.Gradient(graph.Reshape(loss), params...)
	var dot *graph.Node
	for i, g := range grads {
		term := graph.ReduceAllSum(graph.Mul(g, v[i]))
		if dot == nil {
			dot = term
		} else {
			dot = graph.Add(dot, term)
		}
	}
	return graph.Gradient(dot, params...)
}
