package nn

import (
	"fmt"
	"math"
	"math/rand"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// GenerateConfig configures Generate.
type GenerateConfig struct {
	// Tokens is the number of new tokens per sequence (≥ 1).
	Tokens int
	// Temperature divides the logits before sampling; 0 picks the most
	// likely token (greedy decoding, ties to the lower id).
	Temperature float64
	// Seed seeds the sampling (unused when greedy).
	Seed int64
}

// Generate continues each prompt by cfg.Tokens tokens with the causal
// language model logits ([B, T] ids → [B, T, V] logits, its variables in
// store, e.g. nn.LM(...).Logits), and returns the new tokens only.
//
// Every step runs the model once on a fixed [len(prompts), context] window
// (the last context tokens of each sequence, right-padded with id 0,
// which a causal model cannot see from the positions it is read at), so
// the graph is compiled once per call and prompts may differ in length.
// There is no key/value cache: a step costs a full forward pass. The graph
// is built anew at each call, so it always reads the store's current
// weights.
func Generate(backend compute.Backend, store *model.Store, logits func(scope *model.Scope, tokens *graph.Node) *graph.Node,
	context int, prompts [][]int32, cfg GenerateConfig) ([][]int32, error) {
	switch {
	case context < 1:
		return nil, fmt.Errorf("nn.Generate: context = %d, must be ≥ 1", context)
	case len(prompts) == 0:
		return nil, fmt.Errorf("nn.Generate: no prompts")
	case cfg.Tokens < 1:
		return nil, fmt.Errorf("nn.Generate: GenerateConfig.Tokens = %d, must be ≥ 1", cfg.Tokens)
	case !(cfg.Temperature >= 0) || math.IsInf(cfg.Temperature, 0):
		return nil, fmt.Errorf("nn.Generate: GenerateConfig.Temperature = %g, must be a finite value ≥ 0", cfg.Temperature)
	}
	seqs := make([][]int32, len(prompts))
	for i, p := range prompts {
		if len(p) == 0 {
			return nil, fmt.Errorf("nn.Generate: prompt %d is empty: give at least one token", i)
		}
		seqs[i] = append([]int32(nil), p...)
	}
	exec, err := model.NewExec(backend, store, logits)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewSource(cfg.Seed))
	window := make([]int32, len(seqs)*context)
	for range cfg.Tokens {
		last := make([]int, len(seqs)) // position read in each window row
		clear(window)
		for i, s := range seqs {
			start := max(0, len(s)-context)
			copy(window[i*context:], s[start:])
			last[i] = len(s) - start - 1
		}
		out, err := exec.Call(tensors.FromFlatDataAndDimensions(window, len(seqs), context))
		if err != nil {
			return nil, fmt.Errorf("nn.Generate: %w", err)
		}
		d := out[0].Shape().Dimensions
		if len(d) != 3 || d[0] != len(seqs) || d[1] != context {
			return nil, fmt.Errorf("nn.Generate: the model returned logits %s, want [%d, %d, vocab]", out[0].Shape(), len(seqs), context)
		}
		vocab := d[2]
		flat := tensors.MustCopyFlatData[float32](out[0])
		for i := range seqs {
			row := flat[(i*context+last[i])*vocab : (i*context+last[i]+1)*vocab]
			seqs[i] = append(seqs[i], pick(row, cfg.Temperature, rng))
		}
	}
	news := make([][]int32, len(seqs))
	for i, s := range seqs {
		news[i] = s[len(prompts[i]):]
	}
	return news, nil
}

// pick returns the argmax of logits (temperature 0) or a sample from
// softmax(logits/temperature).
func pick(logits []float32, temperature float64, rng *rand.Rand) int32 {
	best := 0
	for j, v := range logits {
		if v > logits[best] {
			best = j
		}
	}
	if temperature == 0 {
		return int32(best)
	}
	p := make([]float64, len(logits))
	var sum float64
	for j, v := range logits {
		p[j] = math.Exp((float64(v) - float64(logits[best])) / temperature)
		sum += p[j]
	}
	u := rng.Float64() * sum
	for j, pj := range p {
		if u < pj {
			return int32(j)
		}
		u -= pj
	}
	return int32(len(p) - 1)
}
