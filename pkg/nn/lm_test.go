package nn

import (
	"math"
	"math/rand"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/papernb/papernb/pkg/internal/gomlxtest"
)

var tinyLM = LMConfig{Vocab: 7, Context: 6, Width: 8, Layers: 2, Block: BlockConfig{Attention: AttentionConfig{Heads: 2}}}

func randomTokens(seed int64, b, t, vocab int) [][]int32 {
	rng := rand.New(rand.NewSource(seed))
	x := make([][]int32, b)
	for i := range x {
		x[i] = make([]int32, t)
		for j := range x[i] {
			x[i][j] = int32(rng.Intn(vocab))
		}
	}
	return x
}

// runLM returns the logits, the embedded stream and the final stream.
func runLM(t *testing.T, store *model.Store, cfg LMConfig, ctrl []BlockControl, tokens [][]int32) (logits, embedded, final []float32) {
	t.Helper()
	exec := model.MustNewExec(gomlxtest.Backend(t), store, func(scope *model.Scope, tok *graph.Node) []*graph.Node {
		out := LM(scope, tok, cfg, ctrl)
		if len(out.Blocks) != cfg.Layers {
			t.Errorf("LM returned %d block taps for %d layers", len(out.Blocks), cfg.Layers)
		}
		return []*graph.Node{out.Logits, out.Embedded, out.Final}
	})
	res := exec.MustCall(tensors.FromValue(tokens))
	if d := res[0].Shape().Dimensions; d[0] != len(tokens) || d[1] != len(tokens[0]) || d[2] != cfg.Vocab {
		t.Fatalf("logits shape %v, want [%d %d %d]", d, len(tokens), len(tokens[0]), cfg.Vocab)
	}
	return flat(res[0]), flat(res[1]), flat(res[2])
}

func TestLMIsCausal(t *testing.T) {
	const s = 3
	tokens := randomTokens(1, 2, 6, tinyLM.Vocab)
	store := gomlxtest.Store(t, 1)
	before, _, _ := runLM(t, store, tinyLM, nil, tokens)
	for i := range tokens {
		tokens[i][s] = (tokens[i][s] + 1) % int32(tinyLM.Vocab)
	}
	after, _, _ := runLM(t, store, tinyLM, nil, tokens)
	for bi := range tokens {
		changed := false
		for ti := range tokens[bi] {
			for v := range tinyLM.Vocab {
				i := (bi*6+ti)*tinyLM.Vocab + v
				if ti < s && before[i] != after[i] {
					t.Fatalf("logit [%d,%d,%d] changed when only token %d changed", bi, ti, v, s)
				}
				changed = changed || (ti == s && before[i] != after[i])
			}
		}
		if !changed {
			t.Errorf("sequence %d: logits at the changed position did not change", bi)
		}
	}
}

// With every block skipped, the final stream is the norm of the embedding.
func TestLMSkippedBlocksLeaveTheEmbedding(t *testing.T) {
	tokens := randomTokens(2, 2, 5, tinyLM.Vocab)
	ctrl := []BlockControl{{SkipBlock: true}, {SkipBlock: true}}
	_, embedded, final := runLM(t, gomlxtest.Store(t, 3), tinyLM, ctrl, tokens)
	closeTo(t, "Final", final, hostNorm(embedded, tinyLM.Width, LayerNormKind, 1), 1e-4)
	// The embedding is table[token] + positions[t].
	store := gomlxtest.Store(t, 3)
	_, embedded, _ = runLM(t, store, tinyLM, nil, tokens)
	table, pos := flat(variable(t, store, "/embedding/embeddings")), flat(variable(t, store, "/positions"))
	d := tinyLM.Width
	for bi, seq := range tokens {
		for ti, tok := range seq {
			for c := range d {
				want := float64(table[int(tok)*d+c]) + float64(pos[ti*d+c])
				if got := embedded[(bi*len(seq)+ti)*d+c]; math.Abs(float64(got)-want) > 1e-6 {
					t.Fatalf("Embedded[%d,%d,%d] = %g, want %g", bi, ti, c, got, want)
				}
			}
		}
	}
}

// A tiny LM learns a periodic sequence: next-token loss falls from about
// log 7 ≈ 1.95 nats to under 0.2 in 150 Adam steps, pre-norm with
// LayerNorm and post-norm with RMSNorm.
func TestLMLearnsPeriodicSequence(t *testing.T) {
	for _, block := range []BlockConfig{
		{Attention: AttentionConfig{Heads: 2}},
		{Attention: AttentionConfig{Heads: 2}, PostNorm: true, Norm: RMSNormKind, Activation: activation.TypeRelu},
	} {
		cfg := LMConfig{Vocab: 7, Context: 12, Width: 16, Layers: 1, Block: block}
		step, _, _, _ := lmStep(t, cfg, 1e-3, 8, 12)
		in, out := make([]int32, 8*12), make([]int32, 8*12)
		for b := range 8 {
			for i := range 12 {
				in[b*12+i] = int32((b + i) % 5)
				out[b*12+i] = int32((b + i + 1) % 5)
			}
		}
		inT, outT := tensors.FromFlatDataAndDimensions(in, 8, 12), tensors.FromFlatDataAndDimensions(out, 8, 12)
		first := step.MustCall(inT, outT)[0].Value().(float32)
		var last float32
		for range 150 {
			last = step.MustCall(inT, outT)[0].Value().(float32)
		}
		t.Logf("post-norm %v, %v: loss %.3f → %.3f", block.PostNorm, block.Norm, first, last)
		if first < 1.5 || last > 0.2 {
			t.Errorf("post-norm %v, %v: loss went from %.3f to %.3f, want from ≈ log 7 to < 0.2", block.PostNorm, block.Norm, first, last)
		}
	}
}

func TestLMBadConfigsPanic(t *testing.T) {
	tokens := randomTokens(1, 1, 4, 7)
	for name, cfg := range map[string]LMConfig{
		"no vocab":        {Context: 4, Width: 8, Layers: 1, Block: tinyLM.Block},
		"no layers":       {Vocab: 7, Context: 4, Width: 8, Block: tinyLM.Block},
		"short context":   {Vocab: 7, Context: 3, Width: 8, Layers: 1, Block: tinyLM.Block},
		"norm scales":     {Vocab: 7, Context: 4, Width: 8, Layers: 2, Block: tinyLM.Block, NormScales: []float64{1}},
		"indivisible dim": {Vocab: 7, Context: 4, Width: 9, Layers: 1, Block: tinyLM.Block},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: LM did not panic", name)
				}
			}()
			runLM(t, gomlxtest.Store(t, 1), cfg, nil, tokens)
		}()
	}
}

// tokenCrossEntropy is the mean over all positions of −log softmax
// (logits)[target]: logits [..., V], targets [...] integer ids. (Notebooks
// use train.SoftmaxCrossEntropy; pkg/nn's own tests cannot import
// pkg/train, which imports pkg/nn.)
func tokenCrossEntropy(logits, targets *graph.Node) *graph.Node {
	logp := graph.LogSoftmax(logits, -1)
	picked := graph.ReduceSum(graph.Mul(logp, graph.OneHot(targets, logits.Shape().Dimensions[logits.Rank()-1], logits.DType())), -1)
	return graph.Neg(graph.ReduceAllMean(picked))
}
