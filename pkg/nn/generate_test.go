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

// A tiny LM trained on the cycle 0 1 2 3 4 0 1 … continues any prompt
// along the cycle, greedily, past its context window, for prompts of
// different lengths.
func TestGenerateContinuesTheCycle(t *testing.T) {
	cfg := LMConfig{Vocab: 5, Context: 8, Width: 16, Layers: 1, Block: BlockConfig{Attention: AttentionConfig{Heads: 2}}}
	step, store, _, _ := lmStep(t, cfg, 3e-3, 10, 8)
	backend := gomlxtest.Backend(t)
	in, out := make([]int32, 10*8), make([]int32, 10*8)
	for b := range 10 {
		for i := range 8 {
			in[b*8+i], out[b*8+i] = int32((b+i)%5), int32((b+i+1)%5)
		}
	}
	for range 200 {
		step.MustCall(tensors.FromFlatDataAndDimensions(in, 10, 8), tensors.FromFlatDataAndDimensions(out, 10, 8))
	}
	lm := func(scope *model.Scope, tokens *graph.Node) *graph.Node { return LM(scope, tokens, cfg, nil).Logits }
	prompts := [][]int32{{2}, {0, 1, 2, 3}, {4, 0, 1, 2, 3, 4, 0, 1}}
	got, err := Generate(backend, store, lm, cfg.Context, prompts, GenerateConfig{Tokens: 12})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range prompts {
		next := p[len(p)-1]
		for j, tok := range got[i] {
			next = (next + 1) % 5
			if tok != next {
				t.Fatalf("prompt %v: continuation %v departs from the cycle at %d", p, got[i], j)
			}
		}
	}
	// Sampling at a high temperature departs from the cycle; the same seed repeats.
	hot := GenerateConfig{Tokens: 20, Temperature: 50, Seed: 3}
	a, _ := Generate(backend, store, lm, cfg.Context, prompts[:1], hot)
	b, _ := Generate(backend, store, lm, cfg.Context, prompts[:1], hot)
	departs := false
	for j := range a[0] {
		departs = departs || a[0][j] != int32((3+j)%5)
		if a[0][j] != b[0][j] {
			t.Fatalf("the same seed sampled %v and %v", a[0], b[0])
		}
	}
	if !departs {
		t.Errorf("sampling at temperature 50 followed the cycle exactly: %v", a[0])
	}
	for name, c := range map[string]GenerateConfig{"no tokens": {}, "negative temperature": {Tokens: 1, Temperature: -1}} {
		if _, err := Generate(backend, store, lm, cfg.Context, prompts, c); err == nil {
			t.Errorf("%s: Generate returned no error", name)
		}
	}
	if _, err := Generate(backend, store, lm, cfg.Context, [][]int32{{}}, GenerateConfig{Tokens: 1}); err == nil {
		t.Errorf("empty prompt: Generate returned no error")
	}
}

// pick samples in proportion to softmax(logits/temperature).
func TestPickSamplesTheSoftmax(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	logits := []float32{0, float32(math.Log(3))} // probabilities 1/4, 3/4 at temperature 1
	ones := 0
	const n = 20000
	for range n {
		ones += int(pick(logits, 1, rng))
	}
	// Binomial standard error √(n·¼·¾) ≈ 61: allow 5 of them.
	if math.Abs(float64(ones)-0.75*n) > 5*math.Sqrt(n*0.25*0.75) {
		t.Errorf("sampled id 1 %d times in %d, want about %d", ones, n, int(0.75*n))
	}
	if pick([]float32{1, 3, 3}, 0, rng) != 1 {
		t.Errorf("greedy pick did not take the first largest logit")
	}
}
