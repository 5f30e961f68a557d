package metrics

import (
	"fmt"
	"math"

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

// checkHessianSetup checks what every Hessian measurement needs and fills
// in vars (nil: the store's trainable variables).
func checkHessianSetup(fn string, backend compute.Backend, store *model.Store, loss LossFn, vars []*model.Variable, method HVPMethod) ([]*model.Variable, error) {
	switch {
	case backend == nil || store == nil || loss == nil:
		return nil, fmt.Errorf("metrics.%s: backend, store and loss must all be set", fn)
	case method < HVPAuto || method > HVPFiniteDifference:
		return nil, fmt.Errorf("metrics.%s: Method = %v; want HVPAuto, HVPDoubleBackward or HVPFiniteDifference", fn, method)
	}
	if vars == nil {
		for v := range store.IterVariables() {
			if v.Trainable {
				vars = append(vars, v)
			}
		}
	}
	if len(vars) == 0 {
		return nil, fmt.Errorf("metrics.%s: no variables to differentiate; pass vars, or build and initialise the model first", fn)
	}
	for _, v := range vars {
		if dt := v.DType(); dt != dtypes.Float32 && dt != dtypes.Float64 {
			return nil, fmt.Errorf("metrics.%s: variable %s has dtype %s; want Float32 or Float64", fn, v.Path(), dt)
		}
		if !v.HasValue() {
			return nil, fmt.Errorf("metrics.%s: variable %s has no value yet; run the model once first", fn, v.Path())
		}
	}
	return vars, nil
}

// hessianProducts computes Hessian-vector products on the host, compiling
// the graph on first use; under HVPAuto it switches to finite differences
// if the first double-backward product fails.
type hessianProducts struct {
	fn      string // the exported caller, for error messages
	backend compute.Backend
	store   *model.Store
	loss    LossFn
	inputs  []*tensors.Tensor
	vars    []*model.Variable
	method  HVPMethod // HVPAuto until the first product succeeds

	hvp       func(dir [][]float64) ([][]float64, error)
	releaseFn func()
}

func (p *hessianProducts) apply(dir [][]float64) ([][]float64, error) {
	try := func(method HVPMethod) ([][]float64, error) {
		p.release()
		hvp, release, err := newHVP(p.backend, p.store, p.loss, p.inputs, p.vars, method)
		if err != nil {
			p.hvp, p.releaseFn = nil, nil
			return nil, err
		}
		p.hvp, p.releaseFn = hvp, release
		return hvp(dir)
	}
	if p.hvp != nil {
		hv, err := p.hvp(dir)
		if err != nil {
			return nil, fmt.Errorf("metrics.%s (%v): %w", p.fn, p.method, err)
		}
		return hv, nil
	}
	if p.method != HVPAuto {
		hv, err := try(p.method)
		if err != nil {
			return nil, fmt.Errorf("metrics.%s (%v): %w", p.fn, p.method, err)
		}
		return hv, nil
	}
	hv, err := try(HVPDoubleBackward)
	if err == nil {
		p.method = HVPDoubleBackward
		return hv, nil
	}
	// Double backward failed: finite differences need first derivatives only.
	p.method = HVPFiniteDifference
	hv, fdErr := try(HVPFiniteDifference)
	if fdErr != nil {
		return nil, fmt.Errorf("metrics.%s: double backward failed (%v), and so did finite differences: %w", p.fn, err, fdErr)
	}
	return hv, nil
}

// release frees the compiled graph, if any.
func (p *hessianProducts) release() {
	if p.releaseFn != nil {
		p.releaseFn()
		p.releaseFn = nil
	}
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
		return nil, nil, err
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
