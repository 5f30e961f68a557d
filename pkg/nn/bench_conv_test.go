package nn

import (
	"math"
	"math/rand"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train/optimizer"

	"github.com/papernb/papernb/pkg/internal/gomlxtest"
)

// The small MNIST CNN of the convolution benchmark: conv 3×3×32 ReLU, max
// pool 2, conv 3×3×64 ReLU, max pool 2, dense 10, on 28×28×1 images.
var cnnParamDims = [][]int{{3, 3, 1, 32}, {32}, {3, 3, 32, 64}, {64}, {7 * 7 * 64, 10}, {10}}

// cnnParams draws the CNN's weights (He-scaled normals, zero biases).
func cnnParams(rng *rand.Rand) []*tensors.Tensor {
	out := make([]*tensors.Tensor, len(cnnParamDims))
	fanIns := []float64{9, 0, 9 * 32, 0, 7 * 7 * 64, 0}
	for i, dims := range cnnParamDims {
		t := randomTensor(rng, dims...)
		tensors.MustMutableFlatData(t, func(v []float32) {
			for j := range v {
				if fanIns[i] == 0 {
					v[j] = 0
				} else {
					v[j] *= float32(math.Sqrt(2 / fanIns[i]))
				}
			}
		})
		out[i] = t
	}
	return out
}

// cnnLogits applies the CNN with parameters p, using this package's
// Convolve2D and MaxPool2D, or GoMLX's native Convolve and MaxPool.
func cnnLogits(x *graph.Node, p []*graph.Node, native bool) *graph.Node {
	conv := func(x, k, b *graph.Node) *graph.Node {
		var y *graph.Node
		if native {
			y = graph.Convolve(x, k).PadSame().Done()
		} else {
			y = Convolve2D(x, k, Conv2DConfig{})
		}
		y = graph.Add(y, graph.Reshape(b, 1, 1, 1, b.Shape().Dimensions[0]))
		y = graph.Max(y, graph.ZerosLike(y))
		if native {
			return graph.MaxPool(y).Window(2).Strides(2).NoPadding().Done()
		}
		return MaxPool2D(y, 2)
	}
	h := conv(conv(x, p[0], p[1]), p[2], p[3])
	h = graph.Reshape(h, h.Shape().Dimensions[0], -1)
	return graph.Add(graph.Dot(h, p[4]).Product(), graph.InsertAxes(p[5], 0))
}

// crossEntropy is the mean softmax cross-entropy of logits against one-hot labels.
func crossEntropy(logits, onehot *graph.Node) *graph.Node {
	return graph.Neg(graph.ReduceAllMean(graph.ReduceSum(graph.Mul(onehot, graph.LogSoftmax(logits, -1)), -1)))
}

// mnistLikeBatch returns random images [n, 28, 28, 1] and one-hot labels [n, 10].
func mnistLikeBatch(rng *rand.Rand, n int) (*tensors.Tensor, *tensors.Tensor) {
	x := randomTensor(rng, n, 28, 28, 1)
	y := make([]float32, n*10)
	for i := range n {
		y[i*10+rng.Intn(10)] = 1
	}
	return x, tensors.FromFlatDataAndDimensions(y, n, 10)
}

// The patches CNN and the native one must give the same loss and
// gradients for the same weights.
func TestCNNMatchesNative(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	params := cnnParams(rng)
	x, y := mnistLikeBatch(rng, 3)
	exec := graph.MustNewExec(gomlxtest.Backend(t), func(in []*graph.Node) []*graph.Node {
		x, y, p := in[0], in[1], in[2:]
		var outs []*graph.Node
		for _, native := range []bool{false, true} {
			loss := crossEntropy(cnnLogits(x, p, native), y)
			outs = append(append(outs, loss), graph.Gradient(loss, p...)...)
		}
		return outs
	})
	args := []any{x, y}
	for _, p := range params {
		args = append(args, p)
	}
	got := exec.MustCall(args...)
	n := len(got) / 2
	for i := range n {
		diff, scale := maxAbsDiff(t, got[i], got[i+n])
		if diff > 1e-4*max(1, scale) {
			t.Errorf("output %d (0 = loss, then gradients) differs by %.3g (largest value %.3g)", i, diff, scale)
		}
	}
}

// benchmarkCNNStep times one Adam step (forward, backward, update) of the
// CNN at batch 64.
func benchmarkCNNStep(b *testing.B, native bool) {
	rng := rand.New(rand.NewSource(1))
	params := cnnParams(rng)
	x, y := mnistLikeBatch(rng, 64)
	store := gomlxtest.Store(b, 1)
	adam := optimizer.Adam().LearningRate(1e-3).Done()
	exec := model.MustNewExec(gomlxtest.Backend(b), store, func(scope *model.Scope, x, y *graph.Node) *graph.Node {
		g := x.Graph()
		store.SetTraining(g, true)
		p := make([]*graph.Node, len(params))
		for i, v := range params {
			p[i] = scope.VariableWithValue(string(rune('a'+i)), v).NodeValue(g)
		}
		loss := crossEntropy(cnnLogits(x, p, native), y)
		adam.UpdateGraph(scope, g, loss)
		return loss
	})
	exec.MustCall(x, y) // compile outside the timing
	b.ResetTimer()
	for b.Loop() {
		exec.MustCall(x, y)
	}
}

// BenchmarkCNNStepPatches times the MNIST CNN step with Convolve2D and MaxPool2D.
func BenchmarkCNNStepPatches(b *testing.B) { benchmarkCNNStep(b, false) }

// BenchmarkCNNStepNative times the same step with GoMLX's Convolve and MaxPool.
func BenchmarkCNNStepNative(b *testing.B) { benchmarkCNNStep(b, true) }
