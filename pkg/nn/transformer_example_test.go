package nn_test

import (
	"fmt"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/papernb/papernb/pkg/nn"
)

// A two-layer character language model whose second block's FFN is
// skipped, returning the logits and the residual stream after each block
// (the taps the depth and FFN-skipping notebooks read).
func ExampleLM() {
	backend, err := compute.NewWithConfig("go")
	if err != nil {
		panic(err)
	}
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(1); err != nil {
		panic(err)
	}
	cfg := nn.LMConfig{Vocab: 96, Context: 64, Width: 32, Layers: 2,
		Block: nn.BlockConfig{Attention: nn.AttentionConfig{Heads: 4}}}
	ctrl := []nn.BlockControl{{}, {SkipFFN: true}}
	exec := model.MustNewExec(backend, store, func(scope *model.Scope, tokens *graph.Node) []*graph.Node {
		out := nn.LM(scope, tokens, cfg, ctrl)
		return []*graph.Node{out.Logits, out.Blocks[0].Output, out.Blocks[1].Output}
	})
	tokens := tensors.FromFlatDataAndDimensions(make([]int32, 3*10), 3, 10)
	res := exec.MustCall(tokens)
	fmt.Println("logits:", res[0].Shape().Dimensions)
	fmt.Println("stream after block 1:", res[2].Shape().Dimensions)
	// Output:
	// logits: [3 10 96]
	// stream after block 1: [3 10 32]
}
