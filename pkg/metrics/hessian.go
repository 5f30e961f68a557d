package metrics

import (
	"errors"
	"fmt"
	"math"
	"math/rand"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
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

// LossFn builds a scalar loss from the model's variables in scope and the
// input nodes (data, targets), as the loss a notebook trains on.
type LossFn func(scope *model.Scope, inputs []*graph.Node) *graph.Node

// PowerIteration configures HessianTopEigenvalue.
type PowerIteration struct {
	// MaxIterations bounds the Hessian-vector products (≥ 1; 0 means 100).
	MaxIterations int
	// Tolerance stops when the eigenvalue estimate changes by less than
	// Tolerance·|λ| between iterations (0 means 1e-4).
	Tolerance float64
	Seed      int64 // seeds the random start vector
}

// HessianEigen is the result of HessianTopEigenvalue.
type HessianEigen struct {
	Value      float64 // the eigenvalue of largest magnitude
	Iterations int     // Hessian-vector products used
	Converged  bool    // whether Tolerance was reached within MaxIterations
}

// HessianTopEigenvalue estimates the eigenvalue of largest magnitude of the
// Hessian of loss with respect to vars by power iteration on exact
// Hessian-vector products (HessianVectorProduct, by double backward). Near
// a minimum that is the top eigenvalue λ_max, the "sharpness" that gradient
// descent with step η keeps at or below 2/η. At a saddle a large negative
// eigenvalue can dominate instead; the sign of Value tells which.
//
// The loss is evaluated in inference mode on inputs, the variables at
// their current values in store; vars lists the parameters (nil: every
// trainable variable of store, which must then already hold its values).
// The graph is compiled once; each iteration runs one HVP and normalises
// the direction on the host in float64. Power iteration converges at rate
// |λ₂/λ₁| per step, so close top eigenvalues need more iterations:
// Converged reports whether the tolerance was met.
func HessianTopEigenvalue(backend compute.Backend, store *model.Store, loss LossFn, inputs []*tensors.Tensor, vars []*model.Variable, cfg PowerIteration) (HessianEigen, error) {
	switch {
	case backend == nil || store == nil || loss == nil:
		return HessianEigen{}, errors.New("metrics.HessianTopEigenvalue: backend, store and loss must all be set")
	case cfg.MaxIterations < 0:
		return HessianEigen{}, fmt.Errorf("metrics.HessianTopEigenvalue: MaxIterations = %d; want ≥ 1 (0 for the default 100)", cfg.MaxIterations)
	case !(cfg.Tolerance >= 0) || math.IsInf(cfg.Tolerance, 0):
		return HessianEigen{}, fmt.Errorf("metrics.HessianTopEigenvalue: Tolerance = %v; want a finite value ≥ 0 (0 for the default 1e-4)", cfg.Tolerance)
	}
	if cfg.MaxIterations == 0 {
		cfg.MaxIterations = 100
	}
	if cfg.Tolerance == 0 {
		cfg.Tolerance = 1e-4
	}
	if vars == nil {
		for v := range store.IterVariables() {
			if v.Trainable {
				vars = append(vars, v)
			}
		}
	}
	if len(vars) == 0 {
		return HessianEigen{}, errors.New("metrics.HessianTopEigenvalue: no variables to differentiate; pass vars, or build and initialise the model first")
	}
	for _, v := range vars {
		if dt := v.DType(); dt != dtypes.Float32 && dt != dtypes.Float64 {
			return HessianEigen{}, fmt.Errorf("metrics.HessianTopEigenvalue: variable %s has dtype %s; want Float32 or Float64", v.Path(), dt)
		}
	}
	nIn := len(inputs)
	exec, err := model.NewExec(backend, store, func(scope *model.Scope, in []*graph.Node) []*graph.Node {
		g := in[0].Graph()
		// Parameter nodes (not constants) for the variables, then the loss in
		// inference mode.
		store.SetTraining(g, true)
		params := make([]*graph.Node, len(vars))
		for i, v := range vars {
			params[i] = v.NodeValue(g)
		}
		store.SetTraining(g, false)
		return HessianVectorProduct(loss(scope, in[:nIn]), params, in[nIn:])
	})
	if err != nil {
		return HessianEigen{}, fmt.Errorf("metrics.HessianTopEigenvalue: %w", err)
	}
	defer exec.Finalize()

	rng := rand.New(rand.NewSource(cfg.Seed))
	dir := make([][]float64, len(vars))
	for i, v := range vars {
		dir[i] = make([]float64, v.Shape().Size())
		for j := range dir[i] {
			dir[i][j] = rng.NormFloat64()
		}
	}
	normalise(dir)
	res := HessianEigen{Value: math.NaN()}
	for res.Iterations < cfg.MaxIterations {
		args := make([]any, 0, nIn+len(vars))
		for _, t := range inputs {
			args = append(args, t)
		}
		for i, v := range vars {
			args = append(args, directionTensor(dir[i], v))
		}
		out, err := exec.Exec(args...)
		if err != nil {
			return res, fmt.Errorf("metrics.HessianTopEigenvalue: %w", err)
		}
		hv := make([][]float64, len(out))
		var lambda float64
		for i, t := range out {
			hv[i] = flatFloat64(t)
			for j, x := range hv[i] {
				lambda += x * dir[i][j] // Rayleigh quotient ⟨v, Hv⟩ with ‖v‖ = 1
			}
		}
		res.Iterations++
		prev := res.Value
		res.Value = lambda
		if normalise(hv) == 0 {
			res.Value, res.Converged = 0, true // v is in the null space: H·v = 0
			return res, nil
		}
		dir = hv
		if math.Abs(lambda-prev) <= cfg.Tolerance*math.Abs(lambda) {
			res.Converged = true
			break
		}
	}
	return res, nil
}

// normalise scales the concatenation of parts to unit length and returns
// its former norm (leaving a zero vector unchanged).
func normalise(parts [][]float64) float64 {
	var ss float64
	for _, p := range parts {
		for _, x := range p {
			ss += x * x
		}
	}
	norm := math.Sqrt(ss)
	if norm == 0 {
		return 0
	}
	for _, p := range parts {
		for j := range p {
			p[j] /= norm
		}
	}
	return norm
}

// directionTensor makes a tensor of v's shape and dtype from flat values.
func directionTensor(flat []float64, v *model.Variable) *tensors.Tensor {
	dims := v.Shape().Dimensions
	if v.DType() == dtypes.Float64 {
		return tensors.FromFlatDataAndDimensions(append([]float64(nil), flat...), dims...)
	}
	f32 := make([]float32, len(flat))
	for i, x := range flat {
		f32[i] = float32(x)
	}
	return tensors.FromFlatDataAndDimensions(f32, dims...)
}

// flatFloat64 copies a Float32 or Float64 tensor's values to float64.
func flatFloat64(t *tensors.Tensor) []float64 {
	if t.DType() == dtypes.Float64 {
		return tensors.MustCopyFlatData[float64](t)
	}
	f32 := tensors.MustCopyFlatData[float32](t)
	out := make([]float64, len(f32))
	for i, x := range f32 {
		out[i] = float64(x)
	}
	return out
}
