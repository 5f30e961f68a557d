package nn_test

import (
	"fmt"
	"math"

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

// Two tokens routed among three experts, top-1 (Switch Transformer): each
// token's gate is its chosen expert's probability, and the balancing loss
// is 3·Σₑ fₑ·Pₑ = 3·(½·0.4 + ½·0.4) = 1.2.
func ExampleTopKGating() {
	backend, err := compute.NewWithConfig("go")
	if err != nil {
		panic(err)
	}
	exec := graph.MustNewExec(backend, func(logits *graph.Node) []*graph.Node {
		r := nn.TopKGating(logits, nn.RouterConfig{Experts: 3, TopK: 1})
		return []*graph.Node{r.Gates, r.BalanceLoss}
	})
	// Probabilities (0.2, 0.5, 0.3) and (0.6, 0.3, 0.1).
	logits := [][]float64{{math.Log(2), math.Log(5), math.Log(3)}, {math.Log(6), math.Log(3), 0}}
	res := exec.MustCall(logits)
	fmt.Printf("gates: %.2f\n", res[0].Value())
	fmt.Printf("balance loss: %.2f\n", res[1].Value())
	// Output:
	// gates: [[0.00 0.50 0.00] [0.60 0.00 0.00]]
	// balance loss: 1.20
}

// A LoRA adapter of rank 4 on a 16 → 8 layer: at initialisation B = 0, so
// the output is the frozen base layer's; only the adapter trains.
func ExampleLoRA() {
	backend, err := compute.NewWithConfig("go")
	if err != nil {
		panic(err)
	}
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(1); err != nil {
		panic(err)
	}
	exec := model.MustNewExec(backend, store, func(scope *model.Scope, x *graph.Node) *graph.Node {
		return nn.LoRA(scope, x, 8, nn.LoRAConfig{Rank: 4, Alpha: 8})
	})
	exec.MustCall(tensors.FromFlatDataAndDimensions(make([]float32, 2*16), 2, 16))
	for _, path := range []string{"/base/dense/weights", "/lora/a", "/lora/b"} {
		v := store.GetVariable(path)
		fmt.Println(path, v.Shape().Dimensions, "trainable:", v.Trainable)
	}
	// Output:
	// /base/dense/weights [16 8] trainable: false
	// /lora/a [16 4] trainable: true
	// /lora/b [4 8] trainable: true
}

// Vector quantisation of three 2-d vectors against a fixed codebook of
// four codes: each vector is replaced by its nearest code.
func ExampleQuantize() {
	backend, err := compute.NewWithConfig("go")
	if err != nil {
		panic(err)
	}
	exec := graph.MustNewExec(backend, func(x, codebook *graph.Node) []*graph.Node {
		out := nn.Quantize(x, codebook, nn.VQConfig{}, nn.VQControl{})
		return []*graph.Node{out.Codes, out.Quantized}
	})
	x := [][]float32{{0.9, 0.1}, {-1.2, 0}, {0.1, -0.8}}
	codebook := [][]float32{{1, 0}, {-1, 0}, {0, 1}, {0, -1}}
	res := exec.MustCall(x, codebook)
	fmt.Println("codes:", res[0].Value())
	fmt.Println("quantized:", res[1].Value())
	// Output:
	// codes: [[0] [1] [3]]
	// quantized: [[1 0] [-1 0] [0 -1]]
}
