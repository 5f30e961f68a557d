package nn

import (
	"math"
	"math/rand"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/papernb/papernb/pkg/internal/gomlxtest"
)

// randomRows returns an n×d matrix of normals with mean shift and scale.
func randomRows(rng *rand.Rand, n, d int, shift, scale float64) [][]float32 {
	x := make([][]float32, n)
	for i := range x {
		x[i] = make([]float32, d)
		for j := range x[i] {
			x[i][j] = float32(shift + scale*rng.NormFloat64())
		}
	}
	return x
}

func randomVector(rng *rand.Rand, d int, shift float64) []float32 {
	return randomRows(rng, 1, d, shift, 0.5)[0]
}

func expectClose(t *testing.T, what string, got, want float64, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol*max(1, math.Abs(want)) {
		t.Errorf("%s = %.6g, want %.6g", what, got, want)
	}
}

// LayerNorm and RMSNorm must match the textbook formulas row by row, with
// gains and offsets that are not 1 and 0.
func TestLayerAndRMSNormMatchReference(t *testing.T) {
	const n, d, eps = 4, 6, 1e-3
	rng := rand.New(rand.NewSource(3))
	x := randomRows(rng, n, d, 2, 3)
	gain, offset := randomVector(rng, d, 1), randomVector(rng, d, 0)
	for _, rms := range []bool{false, true} {
		store := gomlxtest.Store(t, 1)
		scopeName := "/layer_norm"
		if rms {
			scopeName = "/rms_norm"
		}
		store.VariableWithValue(scopeName+"/gain", gain)
		if !rms {
			store.VariableWithValue(scopeName+"/offset", offset)
		}
		out := model.MustNewExec(gomlxtest.Backend(t), store, func(scope *model.Scope, x *graph.Node) *graph.Node {
			if rms {
				return RMSNorm(scope, x, NormConfig{Epsilon: eps})
			}
			return LayerNorm(scope, x, NormConfig{Epsilon: eps})
		}).MustCall(x)[0].Value().([][]float32)
		for i, row := range x {
			var mean, ms float64
			for _, v := range row {
				mean += float64(v) / d
				ms += float64(v) * float64(v) / d
			}
			variance := ms - mean*mean
			for j, v := range row {
				want := (float64(v)-mean)/math.Sqrt(variance+eps)*float64(gain[j]) + float64(offset[j])
				if rms {
					want = float64(v) / math.Sqrt(ms+eps) * float64(gain[j])
				}
				expectClose(t, "norm output", float64(out[i][j]), want, 1e-5)
			}
		}
	}
}

// batchStats returns per-column mean and biased variance.
func batchStats(x [][]float32) (mean, variance []float64) {
	d := len(x[0])
	mean, variance = make([]float64, d), make([]float64, d)
	for _, row := range x {
		for j, v := range row {
			mean[j] += float64(v) / float64(len(x))
		}
	}
	for _, row := range x {
		for j, v := range row {
			variance[j] += (float64(v) - mean[j]) * (float64(v) - mean[j]) / float64(len(x))
		}
	}
	return mean, variance
}

// In training mode BatchNorm must normalise with the batch's statistics
// and move the running averages by PyTorch's rule; in inference mode it
// must use the running averages, and an inference graph built after more
// training must see the new averages (no stale constants).
func TestBatchNormTrainingAndInference(t *testing.T) {
	const n, d, eps, m = 8, 3, 1e-5, 0.25
	rng := rand.New(rand.NewSource(4))
	backend := gomlxtest.Backend(t)
	store := gomlxtest.Store(t, 1)
	cfg := BatchNormConfig{Momentum: m}
	trainStep := model.MustNewExec(backend, store, func(scope *model.Scope, x *graph.Node) *graph.Node {
		store.SetTraining(x.Graph(), true)
		return BatchNorm(scope, x, cfg)
	})
	infer := func(x [][]float32) [][]float32 {
		return model.MustNewExec(backend, store, func(scope *model.Scope, x *graph.Node) *graph.Node {
			return BatchNorm(scope, x, cfg)
		}).MustCall(x)[0].Value().([][]float32)
	}
	runMean, runVar := []float64{0, 0, 0}, []float64{1, 1, 1}
	probe := randomRows(rng, 2, d, 0, 1)
	var before [][]float32
	for step := range 3 {
		x := randomRows(rng, n, d, 5, 2)
		out := trainStep.MustCall(x)[0].Value().([][]float32)
		mean, variance := batchStats(x)
		for i, row := range x {
			for j, v := range row {
				expectClose(t, "training output", float64(out[i][j]), (float64(v)-mean[j])/math.Sqrt(variance[j]+eps), 1e-4)
			}
		}
		for j := range d {
			runMean[j] = (1-m)*runMean[j] + m*mean[j]
			runVar[j] = (1-m)*runVar[j] + m*variance[j]*n/(n-1)
		}
		for j, want := range runMean {
			expectClose(t, "running mean", float64(flat(variable(t, store, "/batch_norm/mean"))[j]), want, 1e-5)
			expectClose(t, "running variance", float64(flat(variable(t, store, "/batch_norm/variance"))[j]), runVar[j], 1e-5)
		}
		got := infer(probe)
		for i, row := range probe {
			for j, v := range row {
				expectClose(t, "inference output", float64(got[i][j]), (float64(v)-runMean[j])/math.Sqrt(runVar[j]+eps), 1e-4)
			}
		}
		if step > 0 && got[0][0] == before[0][0] {
			t.Errorf("step %d: inference output unchanged after a training step (stale running averages)", step)
		}
		before = got
	}
}

// Folding a BatchNorm into the Dense (or Conv2D) before it must give the
// same inference outputs as the two layers.
func TestFoldBatchNorm(t *testing.T) {
	rng := rand.New(rand.NewSource(6))
	for _, conv := range []bool{false, true} {
		backend := gomlxtest.Backend(t)
		store := gomlxtest.Store(t, 2)
		store.VariableWithValue("/bn/batch_norm/gain", randomVector(rng, 4, 1))
		store.VariableWithValue("/bn/batch_norm/offset", randomVector(rng, 4, 0))
		modelFn := func(scope *model.Scope, x *graph.Node) *graph.Node {
			if conv {
				x = Conv2D(scope.In("layer"), graph.Reshape(x, -1, 2, 3, 1), 4, Conv2DConfig{Kernel: [2]int{2, 2}})
			} else {
				x = Dense(scope.In("layer"), x, 4, DenseConfig{})
			}
			return BatchNorm(scope.In("bn"), x, BatchNormConfig{Epsilon: 1e-3, Momentum: 0.5})
		}
		train := model.MustNewExec(backend, store, func(scope *model.Scope, x *graph.Node) *graph.Node {
			store.SetTraining(x.Graph(), true)
			return modelFn(scope, x)
		})
		for range 3 {
			train.MustCall(randomRows(rng, 16, 6, 1, 2))
		}
		x := randomRows(rng, 5, 6, 1, 2)
		want := model.MustNewExec(backend, store, modelFn).MustCall(x)[0]
		w, b, err := FoldBatchNorm(store, "/layer", "/bn")
		if err != nil {
			t.Fatal(err)
		}
		got := graph.MustExecOnce(backend, func(x, w, b *graph.Node) *graph.Node {
			if conv {
				return graph.Add(Convolve2D(graph.Reshape(x, -1, 2, 3, 1), w, Conv2DConfig{}), graph.Reshape(b, 1, 1, 1, 4))
			}
			return graph.Add(graph.Dot(x, w).Product(), graph.InsertAxes(b, 0))
		}, x, w, b)
		if diff, scale := maxAbsDiff(t, got, want); diff > 1e-5*max(1, scale) {
			t.Errorf("conv %v: folded layer differs from Dense/Conv2D + BatchNorm by %.3g (largest value %.3g)", conv, diff, scale)
		}
	}
	if _, _, err := FoldBatchNorm(model.NewStore(), "/nowhere", "/bn"); err == nil {
		t.Errorf("FoldBatchNorm on an empty store returned no error")
	}
}

func TestNormBadConfigsPanic(t *testing.T) {
	backend := gomlxtest.Backend(t)
	for name, fn := range map[string]func(scope *model.Scope, x *graph.Node) *graph.Node{
		"negative epsilon": func(s *model.Scope, x *graph.Node) *graph.Node { return LayerNorm(s, x, NormConfig{Epsilon: -1}) },
		"NaN epsilon":      func(s *model.Scope, x *graph.Node) *graph.Node { return RMSNorm(s, x, NormConfig{Epsilon: math.NaN()}) },
		"momentum 2":       func(s *model.Scope, x *graph.Node) *graph.Node { return BatchNorm(s, x, BatchNormConfig{Momentum: 2}) },
		"one row training": func(s *model.Scope, x *graph.Node) *graph.Node {
			s.Store().SetTraining(x.Graph(), true)
			return BatchNorm(s, graph.Slice(x, graph.AxisRange(0, 1)), BatchNormConfig{})
		},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: did not panic", name)
				}
			}()
			model.MustNewExec(backend, gomlxtest.Store(t, 1), fn).MustCall(tensors.FromValue([][]float32{{1, 2}, {3, 4}}))
		}()
	}
}

// The norms must be differentiable, with input gradients matching central
// finite differences (in float64), BatchNorm in training mode included.
func TestNormGradientsFiniteDifferences(t *testing.T) {
	const n, d = 4, 5
	rng := rand.New(rand.NewSource(8))
	x, r := make([]float64, n*d), make([]float64, n*d)
	for i := range x {
		x[i], r[i] = 1+2*rng.NormFloat64(), rng.NormFloat64()
	}
	for name, norm := range map[string]func(scope *model.Scope, x *graph.Node) *graph.Node{
		"LayerNorm": func(s *model.Scope, x *graph.Node) *graph.Node { return LayerNorm(s, x, NormConfig{}) },
		"RMSNorm":   func(s *model.Scope, x *graph.Node) *graph.Node { return RMSNorm(s, x, NormConfig{}) },
		"BatchNorm": func(s *model.Scope, x *graph.Node) *graph.Node {
			s.Store().SetTraining(x.Graph(), true)
			return BatchNorm(s, x, BatchNormConfig{})
		},
	} {
		backend, store := gomlxtest.Backend(t), gomlxtest.Store(t, 1)
		loss := func(scope *model.Scope, x, r *graph.Node) *graph.Node {
			return graph.ReduceAllSum(graph.Mul(norm(scope, x), r))
		}
		lossExec := model.MustNewExec(backend, store, loss)
		grad := flatF64(model.MustNewExec(backend, store, func(scope *model.Scope, x, r *graph.Node) *graph.Node {
			return graph.Gradient(loss(scope, x, r), x)[0]
		}).MustCall(tensors.FromFlatDataAndDimensions(x, n, d), tensors.FromFlatDataAndDimensions(r, n, d))[0])
		const h = 1e-5
		for i := range x {
			v := x[i]
			x[i] = v + h
			up := lossExec.MustCall(tensors.FromFlatDataAndDimensions(x, n, d), tensors.FromFlatDataAndDimensions(r, n, d))[0].Value().(float64)
			x[i] = v - h
			down := lossExec.MustCall(tensors.FromFlatDataAndDimensions(x, n, d), tensors.FromFlatDataAndDimensions(r, n, d))[0].Value().(float64)
			x[i] = v
			expectClose(t, name+" d loss/dx", grad[i], (up-down)/(2*h), 1e-6)
		}
	}
}

func flatF64(t *tensors.Tensor) []float64 { return tensors.MustCopyFlatData[float64](t) }
