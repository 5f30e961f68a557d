package train

import (
	"fmt"
	"maps"
	"slices"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// Weights is a copy of a model's variables, keyed by variable path (as
// model.Variable.Path gives it): a checkpoint held in memory, for
// restoring the best step, branching runs from a shared trunk,
// interpolating between two trained models (linear mode connectivity),
// task vectors and model merging.
//
// The tensors belong to the Weights and stay valid after Restore; call
// Finalize to free them early.
type Weights map[string]*tensors.Tensor

// Snapshot copies the values of store's trainable variables.
func Snapshot(store *model.Store) (Weights, error) {
	return snapshot(store, func(v *model.Variable) bool { return v.Trainable })
}

// SnapshotAll copies the values of all store's variables, optimizer state
// (moments, step counter) and the store's RNG state included, so that
// training can resume exactly.
func SnapshotAll(store *model.Store) (Weights, error) {
	return snapshot(store, func(*model.Variable) bool { return true })
}

func snapshot(store *model.Store, keep func(*model.Variable) bool) (Weights, error) {
	if store == nil {
		return nil, fmt.Errorf("train.Snapshot: nil store")
	}
	w := Weights{}
	for v := range store.IterVariables() {
		if !keep(v) || !v.HasValue() {
			continue
		}
		value, err := v.MustValue().Clone()
		if err != nil {
			w.Finalize()
			return nil, fmt.Errorf("train.Snapshot: copying variable %s: %w", v.Path(), err)
		}
		w[v.Path()] = value
	}
	return w, nil
}

// Restore sets store's variables to copies of w's tensors. Every path of w
// must name a variable of the store with the same shape; variables w does
// not hold keep their values. Nothing is changed when a check fails.
func (w Weights) Restore(store *model.Store) error {
	if store == nil {
		return fmt.Errorf("train.Weights.Restore: nil store")
	}
	paths := w.Paths()
	for _, p := range paths {
		v := store.GetVariable(p)
		if v == nil {
			return fmt.Errorf("train.Weights.Restore: the store has no variable %s", p)
		}
		if !v.Shape().Equal(w[p].Shape()) {
			return fmt.Errorf("train.Weights.Restore: variable %s has shape %s, the weights %s", p, v.Shape(), w[p].Shape())
		}
	}
	for _, p := range paths {
		value, err := w[p].Clone()
		if err != nil {
			return fmt.Errorf("train.Weights.Restore: copying %s: %w", p, err)
		}
		if err := store.GetVariable(p).SetValue(value); err != nil {
			return fmt.Errorf("train.Weights.Restore: setting %s: %w", p, err)
		}
	}
	return nil
}

// Paths returns w's variable paths, sorted.
func (w Weights) Paths() []string { return slices.Sorted(maps.Keys(w)) }

// Finalize frees w's tensors; w is empty afterwards. A nil Weights is
// fine.
func (w Weights) Finalize() {
	for p, t := range w {
		_ = t.FinalizeAll()
		delete(w, p)
	}
}

// Combine returns Σᵢ coefs[i]·ws[i], variable by variable, computed on the
// host in float64 and stored in each variable's dtype (float32 or
// float64): (1−α, α) interpolates between two models, (1, −1) gives a task
// vector, (1, λ) adds a scaled one. All ws must hold the same paths with
// the same shapes.
func Combine(coefs []float64, ws ...Weights) (Weights, error) {
	if len(ws) == 0 || len(coefs) != len(ws) {
		return nil, fmt.Errorf("train.Combine: %d coefficients for %d weights: need one per weights, at least one", len(coefs), len(ws))
	}
	paths := ws[0].Paths()
	for i, w := range ws[1:] {
		if !slices.Equal(w.Paths(), paths) {
			return nil, fmt.Errorf("train.Combine: weights %d hold variables %v, weights 0 hold %v", i+1, w.Paths(), paths)
		}
	}
	out := Weights{}
	for _, p := range paths {
		shape := ws[0][p].Shape()
		sum := make([]float64, shape.Size())
		for i, w := range ws {
			t := w[p]
			if !t.Shape().Equal(shape) {
				out.Finalize()
				return nil, fmt.Errorf("train.Combine: variable %s has shape %s in weights %d, %s in weights 0", p, t.Shape(), i, shape)
			}
			switch t.DType() {
			case dtypes.Float32:
				for j, x := range tensors.MustCopyFlatData[float32](t) {
					sum[j] += coefs[i] * float64(x)
				}
			case dtypes.Float64:
				for j, x := range tensors.MustCopyFlatData[float64](t) {
					sum[j] += coefs[i] * x
				}
			default:
				out.Finalize()
				return nil, fmt.Errorf("train.Combine: variable %s has dtype %s: only float32 and float64 combine", p, t.DType())
			}
		}
		if shape.DType == dtypes.Float64 {
			out[p] = tensors.FromFlatDataAndDimensions(sum, shape.Dimensions...)
			continue
		}
		f := make([]float32, len(sum))
		for j, x := range sum {
			f[j] = float32(x)
		}
		out[p] = tensors.FromFlatDataAndDimensions(f, shape.Dimensions...)
	}
	return out, nil
}
