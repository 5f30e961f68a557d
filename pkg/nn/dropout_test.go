package nn

import (
	"math"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/papernb/papernb/pkg/internal/gomlxtest"
)

// In training mode about rate of the values must be zeroed and the rest
// scaled by 1/(1−rate), with a fresh mask each step; in inference mode x
// must pass unchanged.
func TestDropout(t *testing.T) {
	const n, rate = 20000, 0.3
	x := make([]float32, n)
	for i := range x {
		x[i] = 2
	}
	backend, store := gomlxtest.Backend(t), gomlxtest.Store(t, 1)
	step := model.MustNewExec(backend, store, func(scope *model.Scope, x *graph.Node) *graph.Node {
		store.SetTraining(x.Graph(), true)
		return Dropout(scope, x, rate)
	})
	first := flat(step.MustCall(tensors.FromFlatDataAndDimensions(x, n))[0])
	second := flat(step.MustCall(tensors.FromFlatDataAndDimensions(x, n))[0])
	zeros, differ := 0, 0
	for i, v := range first {
		switch {
		case v == 0:
			zeros++
		case math.Abs(float64(v)-2/(1-rate)) > 1e-5:
			t.Fatalf("kept value %g, want %g", v, 2/(1-rate))
		}
		if (v == 0) != (second[i] == 0) {
			differ++
		}
	}
	// Binomial(20000, 0.3): standard deviation of the share ≈ 0.0032.
	if share := float64(zeros) / n; math.Abs(share-rate) > 0.015 {
		t.Errorf("dropped share %.4f, want %.2f", share, rate)
	}
	if differ == 0 {
		t.Errorf("two training steps drew the same mask")
	}
	infer := model.MustNewExec(backend, store, func(scope *model.Scope, x *graph.Node) *graph.Node {
		return Dropout(scope, x, rate)
	})
	for i, v := range flat(infer.MustCall(tensors.FromFlatDataAndDimensions(x, n))[0]) {
		if v != 2 {
			t.Fatalf("inference output[%d] = %g, want 2", i, v)
		}
	}
	for _, bad := range []float64{-0.1, 1, math.NaN()} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("rate %g: did not panic", bad)
				}
			}()
			Dropout(store.RootScope(), nil, bad)
		}()
	}
}
