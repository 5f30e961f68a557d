// Package ntk computes neural tangent kernels.
//
// The empirical neural tangent kernel of a model f with parameters θ is the
// Gram matrix of its parameter gradients,
//
//	Θ(x, x') = Σ_p ∂f(x)/∂θ_p · ∂f(x')/∂θ_p .
//
// Under gradient descent on a squared loss the outputs move as
// df/dt = −η Θ (f − y), so Θ is the kernel the network regresses with at
// each moment. In the infinite-width limit it stays fixed during training (the
// "kernel regime"); how much it moves at finite width measures how far a
// network is from that limit — for deep MLPs, by the depth-to-width ratio.
//
// Empirical measures Θ of a finite network inside a graph. ReLU gives the
// infinite-width limits in closed form on the host (float64): the NNGP
// kernel (the output covariance of random networks) and the NTK of a fully
// connected ReLU network of any depth, with weight and bias variances.
// DualKernels runs the same recursion for any normalised activation given
// its dual (ReLUDual, HermiteDual for Hermite combinations, QuadratureDual
// for anything else).
// RidgeSolve and FitKernelRegression do the kernel regression those kernels
// are used for: a Cholesky solve with several right-hand sides, a ridge, and
// a reported jitter where a singular kernel needs one; RidgePath sweeps the
// ridge from one eigendecomposition, down to the interpolating limit.
package ntk

import (
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/support/exceptions"
)

// Empirical builds, inside a graph, the empirical NTK of a model with one
// scalar output per example: outputs is f(x_1), …, f(x_B) with shape [B], and
// params are the parameter nodes they depend on (graph inputs or variable
// values). It returns Θ with shape [B, B].
//
// It differentiates each output separately (B reverse passes through the
// whole batch), then forms J·Jᵀ from the flattened gradients J [B, P], so it
// suits probe sets of tens of examples. Like every GoMLX graph-building
// function it panics on bad input: outputs must have rank 1, and at least one
// parameter is needed.
func Empirical(outputs *graph.Node, params ...*graph.Node) *graph.Node {
	if outputs.Rank() != 1 {
		exceptions.Panicf("ntk.Empirical: outputs has shape %s; want one scalar output per example, shape [B]", outputs.Shape())
	}
	if len(params) == 0 {
		exceptions.Panicf("ntk.Empirical: no parameters given; pass the parameter nodes the outputs depend on")
	}
	batch := outputs.Shape().Dimensions[0]
	rows := make([]*graph.Node, batch)
	for i := range batch {
		fi := graph.Reshape(graph.Slice(outputs, graph.AxisElem(i))) // scalar f(x_i)
		grads := graph.Gradient(fi, params...)
		flat := make([]*graph.Node, len(grads))
		for p, g := range grads {
			flat[p] = graph.Reshape(g, -1)
		}
		rows[i] = graph.Concatenate(flat, 0)
	}
	jac := graph.Stack(rows, 0) // [B, P]
	return graph.Dot(jac, jac).General([]int{1}, nil, []int{1}, nil)
}
