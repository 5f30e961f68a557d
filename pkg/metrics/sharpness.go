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
)

// LossFn builds a scalar loss from the model's variables in scope and the
// input nodes (data, targets), as the loss a notebook trains on.
type LossFn func(scope *model.Scope, inputs []*graph.Node) *graph.Node

// HVPMethod selects how HessianTopEigenvalue computes Hessian-vector products.
type HVPMethod int

const (
	// HVPAuto uses double backward and falls back to finite differences
	// when the loss uses an op whose gradient GoMLX cannot differentiate
	// again. In GoMLX v0.28.16 that includes the fused dense op behind
	// gomlx's nn.Dense (and so pkg/nn's Dense and MLP) on backends that fuse it.
	HVPAuto HVPMethod = iota
	// HVPDoubleBackward is exact: ∇_θ⟨∇_θ L, v⟩ (HessianVectorProduct).
	HVPDoubleBackward
	// HVPFiniteDifference is the central difference of gradients
	// (∇L(θ + εv) − ∇L(θ − εv)) / 2ε with ε = ∛(machine ε)·max(1, ‖θ‖): it
	// needs only first derivatives, and is accurate to a few parts in 10⁴ in
	// float32 for a smooth loss, and wherever ReLU kinks are not crossed.
	HVPFiniteDifference
)

func (m HVPMethod) String() string {
	switch m {
	case HVPAuto:
		return "auto"
	case HVPDoubleBackward:
		return "double backward"
	case HVPFiniteDifference:
		return "finite differences"
	}
	return fmt.Sprintf("HVPMethod(%d)", int(m))
}

// PowerIteration configures HessianTopEigenvalue.
type PowerIteration struct {
	// MaxIterations bounds the Hessian-vector products (≥ 1; 0 means 100).
	MaxIterations int
	// Tolerance stops when the eigenvalue estimate changes by less than
	// Tolerance·|λ| between iterations (0 means 1e-4).
	Tolerance float64
	Seed      int64     // seeds the random start vector
	Method    HVPMethod // how to compute H·v (default HVPAuto)
}

// HessianEigen is the result of HessianTopEigenvalue.
type HessianEigen struct {
	Value      float64   // the eigenvalue of largest magnitude
	Iterations int       // Hessian-vector products used
	Converged  bool      // whether Tolerance was reached within MaxIterations
	Method     HVPMethod // how the products were computed
}

// HessianTopEigenvalue estimates the eigenvalue of largest magnitude of the
// Hessian of loss with respect to vars by power iteration on
// Hessian-vector products. Near a minimum that is the top eigenvalue
// λ_max, the "sharpness" that gradient descent with step η keeps at or below
// 2/η. At a saddle a large negative eigenvalue can dominate instead; the
// sign of Value tells which.
//
// The loss is evaluated in inference mode on inputs, with the variables at
// their current values in store, which is left unchanged; vars lists the
// parameters (nil: every trainable variable of store, which must then
// already hold its values, e.g. after a first run of the model). The graph
// is compiled once; each iteration runs one product (two gradients with
// finite differences) and normalises the direction on the host in
// float64. Power iteration converges at rate |λ₂/λ₁| per step, so close
// top eigenvalues need more iterations: Converged reports whether the
// tolerance was met, and Method how the products were computed.
func HessianTopEigenvalue(backend compute.Backend, store *model.Store, loss LossFn, inputs []*tensors.Tensor, vars []*model.Variable, cfg PowerIteration) (HessianEigen, error) {
	vars, cfg, err := checkPowerIteration(backend, store, loss, vars, cfg)
	if err != nil {
		return HessianEigen{}, err
	}
	rng := rand.New(rand.NewSource(cfg.Seed))
	dir := make([][]float64, len(vars))
	for i, v := range vars {
		dir[i] = make([]float64, v.Shape().Size())
		for j := range dir[i] {
			dir[i][j] = rng.NormFloat64()
		}
	}
	normalise(dir)

	res := HessianEigen{Value: math.NaN(), Method: cfg.Method}
	hvp, closeHVP, err := newHVP(backend, store, loss, inputs, vars, cfg.Method)
	if err != nil {
		return res, err
	}
	defer func() { closeHVP() }()
	for res.Iterations < cfg.MaxIterations {
		hv, err := hvp(dir)
		if err != nil && res.Iterations == 0 && cfg.Method == HVPAuto {
			// Double backward failed on the first product: retry with
			// finite differences, which need first derivatives only.
			closeHVP()
			closeHVP = func() {}
			res.Method = HVPFiniteDifference
			fdHVP, release, fdErr := newHVP(backend, store, loss, inputs, vars, res.Method)
			if fdErr == nil {
				hvp, closeHVP = fdHVP, release
				hv, fdErr = hvp(dir)
			}
			if fdErr != nil {
				return res, fmt.Errorf("metrics.HessianTopEigenvalue: double backward failed (%v), and so did finite differences: %w", err, fdErr)
			}
			err = nil
		}
		if err != nil {
			return res, fmt.Errorf("metrics.HessianTopEigenvalue (%v): %w", res.Method, err)
		}
		if res.Method == HVPAuto {
			res.Method = HVPDoubleBackward
		}
		var lambda float64 // Rayleigh quotient ⟨v, Hv⟩ with ‖v‖ = 1
		for i := range hv {
			for j, x := range hv[i] {
				lambda += x * dir[i][j]
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

func checkPowerIteration(backend compute.Backend, store *model.Store, loss LossFn, vars []*model.Variable, cfg PowerIteration) ([]*model.Variable, PowerIteration, error) {
	switch {
	case backend == nil || store == nil || loss == nil:
		return nil, cfg, errors.New("metrics.HessianTopEigenvalue: backend, store and loss must all be set")
	case cfg.MaxIterations < 0:
		return nil, cfg, fmt.Errorf("metrics.HessianTopEigenvalue: MaxIterations = %d; want ≥ 1 (0 for the default 100)", cfg.MaxIterations)
	case !(cfg.Tolerance >= 0) || math.IsInf(cfg.Tolerance, 0):
		return nil, cfg, fmt.Errorf("metrics.HessianTopEigenvalue: Tolerance = %v; want a finite value ≥ 0 (0 for the default 1e-4)", cfg.Tolerance)
	case cfg.Method < HVPAuto || cfg.Method > HVPFiniteDifference:
		return nil, cfg, fmt.Errorf("metrics.HessianTopEigenvalue: Method = %v; want HVPAuto, HVPDoubleBackward or HVPFiniteDifference", cfg.Method)
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
		return nil, cfg, errors.New("metrics.HessianTopEigenvalue: no variables to differentiate; pass vars, or build and initialise the model first")
	}
	for _, v := range vars {
		if dt := v.DType(); dt != dtypes.Float32 && dt != dtypes.Float64 {
			return nil, cfg, fmt.Errorf("metrics.HessianTopEigenvalue: variable %s has dtype %s; want Float32 or Float64", v.Path(), dt)
		}
		if !v.HasValue() {
			return nil, cfg, fmt.Errorf("metrics.HessianTopEigenvalue: variable %s has no value yet; run the model once first", v.Path())
		}
	}
	return vars, cfg, nil
}

// newHVP compiles the Hessian-vector product of loss over vars by method
// (HVPAuto meaning double backward) and returns it as a host function of a
// direction, with a function releasing the compiled graph.
func newHVP(backend compute.Backend, store *model.Store, loss LossFn, inputs []*tensors.Tensor, vars []*model.Variable, method HVPMethod) (hvp func(dir [][]float64) ([][]float64, error), release func(), err error) {
	nIn := len(inputs)
	// parameterNodes returns the variables as graph parameters (not the
	// constants the Go backend substitutes in inference mode, which would
	// have no gradient), then switches the graph to inference mode.
	parameterNodes := func(g *graph.Graph) []*graph.Node {
		store.SetTraining(g, true)
		params := make([]*graph.Node, len(vars))
		for i, v := range vars {
			params[i] = v.NodeValue(g)
		}
		store.SetTraining(g, false)
		return params
	}
	var fn func(scope *model.Scope, in []*graph.Node) []*graph.Node
	if method == HVPFiniteDifference {
		// Gradient at θ + step·v: in = inputs…, step (scalar), v….
		fn = func(scope *model.Scope, in []*graph.Node) []*graph.Node {
			params := parameterNodes(in[0].Graph())
			step, dirs := in[nIn], in[nIn+1:]
			moved := make([]*graph.Node, len(vars))
			for i, v := range vars {
				moved[i] = graph.Add(params[i], graph.Mul(graph.ConvertDType(step, v.DType()), dirs[i]))
				v.SetNodeValue(moved[i])
			}
			grads := graph.Gradient(graph.Reshape(loss(scope, in[:nIn])), moved...)
			for i, v := range vars {
				v.SetNodeValue(params[i]) // leave the store's values unchanged
			}
			return grads
		}
	} else {
		fn = func(scope *model.Scope, in []*graph.Node) []*graph.Node {
			params := parameterNodes(in[0].Graph())
			return HessianVectorProduct(loss(scope, in[:nIn]), params, in[nIn:])
		}
	}
	exec, err := model.NewExec(backend, store, fn)
	if err != nil {
		return nil, nil, fmt.Errorf("metrics.HessianTopEigenvalue: %w", err)
	}
	run := func(dir [][]float64, extra ...any) ([][]float64, error) {
		args := make([]any, 0, nIn+1+len(vars))
		for _, t := range inputs {
			args = append(args, t)
		}
		args = append(args, extra...)
		for i, v := range vars {
			args = append(args, directionTensor(dir[i], v))
		}
		out, err := exec.Exec(args...)
		if err != nil {
			return nil, err
		}
		flat := make([][]float64, len(out))
		for i, t := range out {
			flat[i] = flatFloat64(t)
		}
		return flat, nil
	}
	if method != HVPFiniteDifference {
		return func(dir [][]float64) ([][]float64, error) { return run(dir) }, exec.Finalize, nil
	}
	eps := finiteDifferenceStep(vars)
	return func(dir [][]float64) ([][]float64, error) {
		plus, err := run(dir, eps)
		if err != nil {
			return nil, err
		}
		minus, err := run(dir, -eps)
		if err != nil {
			return nil, err
		}
		for i := range plus {
			for j := range plus[i] {
				plus[i][j] = (plus[i][j] - minus[i][j]) / (2 * eps)
			}
		}
		return plus, nil
	}, exec.Finalize, nil
}

// finiteDifferenceStep returns ε = ∛(machine ε)·max(1, ‖θ‖) for a unit
// direction: it balances the O(ε²) truncation error of a central difference
// against the O(machine ε/ε) rounding of the gradients, in the precision of
// the lowest-precision variable.
func finiteDifferenceStep(vars []*model.Variable) float64 {
	machine := 0x1p-52
	var ss float64
	for _, v := range vars {
		if v.DType() == dtypes.Float32 {
			machine = 0x1p-23
		}
		for _, x := range flatFloat64(v.MustValue()) {
			ss += x * x
		}
	}
	return math.Cbrt(machine) * math.Max(1, math.Sqrt(ss))
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
