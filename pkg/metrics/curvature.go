package metrics

import (
	"fmt"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// DirectionalCurvature returns the curvature of loss along a direction in
// parameter space, the Rayleigh quotient vᵀHv / vᵀv: the second derivative
// of the loss along the unit vector v/‖v‖ (the height of the barrier
// between two solutions scales with it, and a positive value means the
// loss curves up along v). direction holds one tensor per variable of
// vars, of the same shape (e.g. the difference of two trained weight sets);
// vars nil means every trainable variable of store, in the store's order.
// The product is computed as method says (see HVPMethod; the method used
// is returned). The store is left unchanged.
func DirectionalCurvature(backend compute.Backend, store *model.Store, loss LossFn, inputs []*tensors.Tensor, vars []*model.Variable, direction []*tensors.Tensor, method HVPMethod) (float64, HVPMethod, error) {
	vars, err := checkHessianSetup("DirectionalCurvature", backend, store, loss, vars, method)
	if err != nil {
		return 0, method, err
	}
	if len(direction) != len(vars) {
		return 0, method, fmt.Errorf("metrics.DirectionalCurvature: %d direction tensors for %d variables; want one per variable", len(direction), len(vars))
	}
	dir := make([][]float64, len(vars))
	for i, v := range vars {
		if d := direction[i]; d == nil || !d.Shape().EqualDimensions(v.Shape()) || (d.DType() != dtypes.Float32 && d.DType() != dtypes.Float64) {
			return 0, method, fmt.Errorf("metrics.DirectionalCurvature: direction %d is not a Float32 or Float64 tensor of the shape %s of variable %s", i, v.Shape(), v.Path())
		}
		dir[i] = flatFloat64(direction[i])
	}
	if normalise(dir) == 0 {
		return 0, method, fmt.Errorf("metrics.DirectionalCurvature: the direction is zero; a curvature needs a direction")
	}
	products := &hessianProducts{fn: "DirectionalCurvature", backend: backend, store: store, loss: loss, inputs: inputs, vars: vars, method: method}
	defer products.release()
	hv, err := products.apply(dir)
	if err != nil {
		return 0, products.method, err
	}
	var q float64
	for i := range hv {
		for j, x := range hv[i] {
			q += x * dir[i][j]
		}
	}
	return q, products.method, nil
}
