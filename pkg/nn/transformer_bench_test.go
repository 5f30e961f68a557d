package nn

import (
	"math/rand"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train/optimizer"

	"github.com/papernb/papernb/pkg/internal/gomlxtest"
)

// benchLM is the language model of the ARCHITECTURE.md measurement: 4
// pre-norm GELU blocks of width 128 with 4 heads, on 96 characters.
var benchLM = LMConfig{Vocab: 96, Context: 64, Width: 128, Layers: 4, Block: BlockConfig{Attention: AttentionConfig{Heads: 4}}}

// lmStep returns a compiled Adam step (learning rate lr) of cfg on
// [batch, t] token windows, its store and a random batch of inputs and
// targets.
func lmStep(tb testing.TB, cfg LMConfig, lr float64, batch, t int) (*model.Exec, *model.Store, *tensors.Tensor, *tensors.Tensor) {
	store := gomlxtest.Store(tb, 1)
	adam := optimizer.Adam().LearningRate(lr).Done()
	step := model.MustNewExec(gomlxtest.Backend(tb), store, func(scope *model.Scope, tokens, targets *graph.Node) *graph.Node {
		store.SetTraining(tokens.Graph(), true)
		loss := tokenCrossEntropy(LM(scope, tokens, cfg, nil).Logits, targets)
		adam.UpdateGraph(scope, tokens.Graph(), loss)
		return loss
	})
	rng := rand.New(rand.NewSource(1))
	in, out := make([]int32, batch*t), make([]int32, batch*t)
	for i := range in {
		in[i], out[i] = int32(rng.Intn(cfg.Vocab)), int32(rng.Intn(cfg.Vocab))
	}
	return step, store, tensors.FromFlatDataAndDimensions(in, batch, t), tensors.FromFlatDataAndDimensions(out, batch, t)
}

// einsumCore is the decomposed path of GoMLX's attention.Core
// (DisableFusion) for the BHSD layout: einsum products and a boolean
// causal mask through MaskedSoftmax. (ml/layers/attention itself is not
// imported: it would add klog to go.mod for a benchmark.)
func einsumCore(q, k, v *graph.Node, scale float64, causal bool) (*graph.Node, *graph.Node) {
	scores := graph.MulScalar(graph.Einsum("bhqd,bhkd->bhqk", q, k), scale)
	var mask *graph.Node
	if causal {
		t := q.Shape().Dimensions[2]
		mask = graph.Reshape(graph.LowerTriangular(q.Graph(), t), 1, 1, t, t)
	}
	weights := graph.MaskedSoftmax(scores, mask, -1)
	return graph.Einsum("bhqk,bhkd->bhqd", weights, v), weights
}

// BenchmarkLMStepEinsum is BenchmarkLMStep with einsumCore.
func BenchmarkLMStepEinsum(b *testing.B) {
	cfg := benchLM
	cfg.Block.Attention.Core = einsumCore
	step, _, in, out := lmStep(b, cfg, 1e-3, 32, 64)
	step.MustCall(in, out)
	b.ResetTimer()
	for b.Loop() {
		step.MustCall(in, out)
	}
}

// BenchmarkLMStep times one training step (forward, backward, Adam) of
// benchLM at batch 32 × 64 tokens.
//
// Measured on the 2-core development machine with nothing else running
// (load ≈ 1), benchmarks alternated: 182–215 ms a step; with the
// projections built on Dense instead (the backend's fused bias gradient
// sums columns with a stride, and every weight is stored [in, out])
// 238–252 ms; with einsumCore instead of ScaledDotProductAttention
// 187–197 ms, the same within noise. The step uses about 1.2 cores: most
// ops run one at a time (the backend's ops_sequential and ops_parallel
// options measured the same). CPU profile (40 steps, ~220 ms of CPU a step):
// matrix products 51% (kernel 40%, packing 11%; ~10.6 GFLOP a step, ~90
// GFLOP/s a core), the attention gradients' generic [0,1,3,2] transposes
// 10.5%, the fused dense gradient's one-core transpose of each
// projection's input 9%, GELU and its gradient 5%, softmax 2%, norms,
// Adam and elementwise ops the rest. The matrix products alone take ~110
// ms of CPU a step, so ~100 ms a step is out of reach at this size.
func BenchmarkLMStep(b *testing.B) {
	step, _, in, out := lmStep(b, benchLM, 1e-3, 32, 64)
	step.MustCall(in, out) // compile outside the timing
	b.ResetTimer()
	for b.Loop() {
		step.MustCall(in, out)
	}
}
