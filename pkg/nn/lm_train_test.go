package nn_test

import (
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/papernb/papernb/pkg/internal/gomlxtest"
	"github.com/papernb/papernb/pkg/nn"
	"github.com/papernb/papernb/pkg/train"
)

// The language model trains with pkg/train as the notebooks will use it:
// token windows as Data, train.SoftmaxCrossEntropy as the loss. The
// validation loss, evaluated by fresh graphs after training, falls from
// about log 5 to near 0 on a periodic sequence; and it reflects the
// trained weights, not the initial ones.
func TestLMTrainsWithPkgTrain(t *testing.T) {
	const windows, n = 40, 10
	in, out := make([]int32, windows*n), make([]int32, windows*n)
	for w := range windows {
		for i := range n {
			in[w*n+i], out[w*n+i] = int32((w+i)%5), int32((w+i+1)%5)
		}
	}
	backend := gomlxtest.Backend(t)
	data := func() *train.Data {
		d, err := train.NewData(backend, tensors.FromFlatDataAndDimensions(append([]int32{}, out...), windows, n),
			tensors.FromFlatDataAndDimensions(append([]int32{}, in...), windows, n))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	cfg := nn.LMConfig{Vocab: 5, Context: n, Width: 16, Layers: 1, Block: nn.BlockConfig{Attention: nn.AttentionConfig{Heads: 2}}}
	modelFn := func(scope *model.Scope, inputs []*graph.Node) *graph.Node {
		return nn.LM(scope, inputs[0], cfg, nil).Logits
	}
	tr, err := train.New(backend, gomlxtest.Store(t, 1), modelFn, train.Config{
		Steps: 120, BatchSize: 8, LearningRate: 3e-3, EvalEvery: 40, Loss: train.SoftmaxCrossEntropy, KeepFinal: true})
	if err != nil {
		t.Fatal(err)
	}
	h, err := tr.Fit(data(), data())
	if err != nil {
		t.Fatal(err)
	}
	first, last := h.Valid[0], h.Valid[len(h.Valid)-1]
	t.Logf("validation loss %.3f → %.3f", first, last)
	if first < 1.3 || last > 0.2 {
		t.Errorf("validation loss went from %.3f to %.3f, want from ≈ log 5 = 1.61 to < 0.2", first, last)
	}
}
