package nn

import (
	"fmt"
	"math"
	"strings"

	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// BatchNormConfig configures BatchNorm.
type BatchNormConfig struct {
	// Epsilon is added to the variance before the square root; 0 means 1e-5.
	Epsilon float64
	// Momentum is the weight of each batch's statistics in the running
	// averages, in (0, 1]; 0 means 0.1. This is PyTorch's convention;
	// Keras's momentum 0.99 is Momentum 0.01 here.
	Momentum float64
	// NoGain and NoOffset drop the learned per-feature γ and β.
	NoGain, NoOffset bool
}

// BatchNorm normalises each feature (the last axis) of x over all other
// axes, so it serves [B, D] activations, [B, T, D] tokens and [B, H, W, C]
// images alike (Ioffe & Szegedy 2015), then applies γ and β.
//
// In a graph built in training mode (store.SetTraining(g, true)) it uses
// the batch's mean and biased variance, and updates the running averages
// mean ← (1−m)·mean + m·batch mean and variance ← (1−m)·variance +
// m·(unbiased batch variance), as PyTorch does. Otherwise it uses the
// running averages. Those are the non-trainable variables "mean" (zeros)
// and "variance" (ones), beside "gain" and "offset", in the sub-scope
// "batch_norm" of scope; ε is kept there too, for FoldBatchNorm.
//
// The running averages change every training step, so an inference graph
// must be built after training: on the Go backend an inference graph takes
// the variables' values at build time as constants and will not see later
// updates (pkg/train builds a fresh evaluation graph each time for this
// reason).
func BatchNorm(scope *model.Scope, x *graph.Node, cfg BatchNormConfig) *graph.Node {
	eps := NormConfig{Epsilon: cfg.Epsilon}.epsilon("nn.BatchNorm")
	m := cfg.Momentum
	if m == 0 {
		m = 0.1
	}
	if !(m > 0 && m <= 1) {
		panic(fmt.Errorf("nn.BatchNorm: Momentum = %g, must be in (0, 1] (0 means 0.1)", cfg.Momentum))
	}
	d := featureDim("nn.BatchNorm", x)
	scope = scope.In("batch_norm")
	scope.SetParam(batchNormEpsilonKey, eps)
	g := x.Graph()
	dtype := x.DType()
	runMean := scope.WithInitializer(func(g *graph.Graph, s shapes.Shape) *graph.Node { return graph.Zeros(g, s) }).
		VariableWithShape("mean", shapes.Make(dtype, d)).SetTrainable(false)
	runVar := scope.WithInitializer(func(g *graph.Graph, s shapes.Shape) *graph.Node { return graph.Ones(g, s) }).
		VariableWithShape("variance", shapes.Make(dtype, d)).SetTrainable(false)

	axes := make([]int, x.Rank()-1)
	for i := range axes {
		axes[i] = i
	}
	var mean, variance *graph.Node // [D]
	if scope.Store().IsTraining(g) {
		n := x.Shape().Size() / d
		if n < 2 {
			panic(fmt.Errorf("nn.BatchNorm: input %s has %d value(s) per feature: training needs at least 2", x.Shape(), n))
		}
		mean = graph.ReduceMean(x, axes...)
		variance = graph.ReduceMean(graph.Square(graph.Sub(x, graph.ExpandLeftToRank(mean, x.Rank()))), axes...)
		bm, bv := graph.StopGradient(mean), graph.StopGradient(variance)
		unbiased := graph.MulScalar(bv, float64(n)/float64(n-1))
		runMean.SetNodeValue(graph.Add(graph.MulScalar(runMean.NodeValue(g), 1-m), graph.MulScalar(bm, m)))
		runVar.SetNodeValue(graph.Add(graph.MulScalar(runVar.NodeValue(g), 1-m), graph.MulScalar(unbiased, m)))
	} else {
		mean, variance = runMean.NodeValue(g), runVar.NodeValue(g)
	}
	y := graph.Mul(graph.Sub(x, graph.ExpandLeftToRank(mean, x.Rank())),
		graph.ExpandLeftToRank(invSqrt(graph.AddScalar(variance, eps)), x.Rank()))
	return affine(scope, y, d, !cfg.NoGain, !cfg.NoOffset)
}

const batchNormEpsilonKey = "nn_batch_norm_epsilon"

// FoldBatchNorm returns the weights and biases of a single layer computing,
// in inference mode, BatchNorm(layer(x)): a Dense or Conv2D layer built in
// scope layerScope (variables "<layerScope>/dense/…" or
// "<layerScope>/conv2d/…"), followed, with no activation between them, by a
// BatchNorm built in scope batchNormScope. With s = γ/√(variance + ε), the
// folded layer has weights W·s (scaling each output column) and biases
// (b − mean)·s + β, so deployment skips the normalisation. The tensors are
// new; the store is not changed.
func FoldBatchNorm(store *model.Store, layerScope, batchNormScope string) (weights, biases *tensors.Tensor, err error) {
	get := func(p string) *tensors.Tensor {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p
		}
		if v := store.GetVariable(p); v != nil {
			if t, e := v.Value(); e == nil {
				return t
			}
		}
		return nil
	}
	var w, b *tensors.Tensor
	for _, kind := range []string{"dense", "conv2d"} {
		if w = get(model.JoinPath(layerScope, kind, "weights")); w != nil {
			b = get(model.JoinPath(layerScope, kind, "biases"))
			break
		}
	}
	if w == nil {
		return nil, nil, fmt.Errorf("nn.FoldBatchNorm: no dense or conv2d weights under %q", layerScope)
	}
	bn := model.JoinPath(batchNormScope, "batch_norm")
	mean, variance := get(model.JoinPath(bn, "mean")), get(model.JoinPath(bn, "variance"))
	if mean == nil || variance == nil {
		return nil, nil, fmt.Errorf("nn.FoldBatchNorm: no batch-norm running mean and variance under %q", bn)
	}
	epsAny, found := store.GetParam(model.JoinPath("/", bn, batchNormEpsilonKey))
	eps, ok := epsAny.(float64)
	if !found || !ok {
		return nil, nil, fmt.Errorf("nn.FoldBatchNorm: no batch-norm ε recorded under %q", bn)
	}
	wv := tensors.MustCopyFlatData[float32](w)
	d := w.Shape().Dimensions[w.Rank()-1]
	if mean.Shape().Size() != d {
		return nil, nil, fmt.Errorf("nn.FoldBatchNorm: layer %q has %d outputs but batch norm %q has %d features", layerScope, d, bn, mean.Shape().Size())
	}
	mv, vv := tensors.MustCopyFlatData[float32](mean), tensors.MustCopyFlatData[float32](variance)
	gain, offset := make([]float32, d), make([]float32, d)
	for j := range d {
		gain[j] = 1
	}
	if t := get(model.JoinPath(bn, "gain")); t != nil {
		gain = tensors.MustCopyFlatData[float32](t)
	}
	if t := get(model.JoinPath(bn, "offset")); t != nil {
		offset = tensors.MustCopyFlatData[float32](t)
	}
	bv := make([]float32, d)
	if b != nil {
		bv = tensors.MustCopyFlatData[float32](b)
	}
	scale := make([]float64, d)
	outB := make([]float32, d)
	for j := range d {
		scale[j] = float64(gain[j]) / math.Sqrt(float64(vv[j])+eps)
		outB[j] = float32((float64(bv[j])-float64(mv[j]))*scale[j] + float64(offset[j]))
	}
	for i := range wv {
		wv[i] = float32(float64(wv[i]) * scale[i%d])
	}
	return tensors.FromFlatDataAndDimensions(wv, w.Shape().Dimensions...), tensors.FromFlatDataAndDimensions(outB, d), nil
}
