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

// runOnce builds a fresh graph of fn over store and runs it once (a fresh
// graph each time, so variables changed in between are read anew).
func runOnce(t *testing.T, store *model.Store, fn func(scope *model.Scope, in []*graph.Node) []*graph.Node, inputs ...*tensors.Tensor) [][]float32 {
	t.Helper()
	exec := model.MustNewExec(gomlxtest.Backend(t), store, fn)
	args := make([]any, len(inputs))
	for i, x := range inputs {
		args[i] = localCopy(t, x)
	}
	res := exec.MustCall(args...)
	out := make([][]float32, len(res))
	for i, r := range res {
		out[i] = flat(r)
	}
	return out
}

// hostLoRA computes base(x) + Σₖ sₖ·scale·(x·Aₖ)·Bₖ from the store's
// variables; s has one row of K values per row of x (nil: no adapters).
func hostLoRA(t *testing.T, store *model.Store, x []float32, in, width, rank, k int, scale float64, s []float32) []float64 {
	w, bias := flat(variable(t, store, "/base/dense/weights")), flat(variable(t, store, "/base/dense/biases"))
	a, b := flat(variable(t, store, "/lora/a")), flat(variable(t, store, "/lora/b"))
	rows := len(x) / in
	y := make([]float64, rows*width)
	for r := range rows {
		xa := make([]float64, k*rank)
		for c := range xa {
			for i := range in {
				xa[c] += float64(x[r*in+i]) * float64(a[i*k*rank+c])
			}
		}
		for o := range width {
			v := float64(bias[o])
			for i := range in {
				v += float64(x[r*in+i]) * float64(w[i*width+o])
			}
			if s != nil {
				for c := range xa {
					v += float64(s[r*k+c/rank]) * scale * xa[c] * float64(b[c*width+o])
				}
			}
			y[r*width+o] = v
		}
	}
	return y
}

// setRandom fills the variable at path with standard normals.
func setRandom(t *testing.T, store *model.Store, path string, seed int64) {
	v := store.GetVariable(path)
	rng := rand.New(rand.NewSource(seed))
	data := make([]float32, v.Shape().Size())
	for i := range data {
		data[i] = float32(rng.NormFloat64())
	}
	v.MustSetValue(tensors.FromFlatDataAndDimensions(data, v.Shape().Dimensions...))
}

func TestLoRAStartsAtBaseAndAddsTheAdapter(t *testing.T) {
	const b, n, in, width = 2, 3, 5, 4
	cfg := LoRAConfig{Rank: 2, Alpha: 6}
	store := gomlxtest.Store(t, 1)
	x := randomInput(1, b, n, in)
	fn := func(scope *model.Scope, in []*graph.Node) []*graph.Node {
		return []*graph.Node{LoRA(scope, in[0], width, cfg)}
	}
	got := runOnce(t, store, fn, x)[0]
	closeTo(t, "LoRA at init", got, hostLoRA(t, store, flat(x), in, width, 2, 1, 3, nil), 1e-5)
	// With a nonzero B the adapter term appears, scaled by α/r = 3.
	setRandom(t, store, "/lora/b", 2)
	setRandom(t, store, "/base/dense/biases", 3)
	ones := make([]float32, b*n)
	for i := range ones {
		ones[i] = 1
	}
	got = runOnce(t, store, fn, x)[0]
	closeTo(t, "LoRA with B ≠ 0", got, hostLoRA(t, store, flat(x), in, width, 2, 1, 3, ones), 1e-5)
	if cfg.Scale() != 3 || (LoRAConfig{Rank: 4}).Scale() != 1 {
		t.Errorf("Scale() = %g and %g, want 3 and 1", cfg.Scale(), LoRAConfig{Rank: 4}.Scale())
	}
}

// Training moves A and B but never the frozen base.
func TestLoRATrainsOnlyTheAdapter(t *testing.T) {
	const rows, in, width = 16, 6, 3
	store := gomlxtest.Store(t, 1)
	adam := optimizer.Adam().LearningRate(0.05).Done()
	exec := model.MustNewExec(gomlxtest.Backend(t), store, func(scope *model.Scope, x, target *graph.Node) *graph.Node {
		store.SetTraining(x.Graph(), true)
		y := LoRA(scope, x, width, LoRAConfig{Rank: 2})
		loss := graph.ReduceAllMean(graph.Square(graph.Sub(y, target)))
		adam.UpdateGraph(scope, x.Graph(), loss)
		return loss
	})
	x, target := randomInput(1, 1, rows, in), randomInput(2, 1, rows, width)
	x, target = localCopy(t, x), localCopy(t, target)
	first := exec.MustCall(x, target)[0].Value().(float32)
	snapshot := map[string][]float32{}
	for _, p := range []string{"/base/dense/weights", "/base/dense/biases", "/lora/a", "/lora/b"} {
		snapshot[p] = flat(variable(t, store, p))
	}
	var last float32
	for range 30 {
		last = exec.MustCall(x, target)[0].Value().(float32)
	}
	for p, before := range snapshot {
		after := flat(variable(t, store, p))
		moved := false
		for i := range before {
			moved = moved || before[i] != after[i]
		}
		frozen := p[:5] == "/base"
		if moved == frozen {
			t.Errorf("%s moved during training: %v, want %v", p, moved, !frozen)
		}
		if v := store.GetVariable(p); v.Trainable == frozen {
			t.Errorf("%s Trainable = %v, want %v", p, v.Trainable, !frozen)
		}
	}
	if !(last < first) {
		t.Errorf("loss went from %g to %g: the adapter did not learn", first, last)
	}
}

func TestMultiLoRAMixesAdaptersByScalings(t *testing.T) {
	const b, n, in, width, k, rank = 2, 3, 4, 5, 3, 2
	cfg := LoRAConfig{Rank: rank, Alpha: 1, Adapters: k}
	rng := rand.New(rand.NewSource(4))
	s := make([]float32, b*n*k)
	for i := range s {
		s[i] = float32(rng.Float64())
	}
	scalings := tensors.FromFlatDataAndDimensions(s, b, n, k)
	store := gomlxtest.Store(t, 1)
	x := randomInput(5, b, n, in)
	fn := func(scope *model.Scope, in []*graph.Node) []*graph.Node {
		return []*graph.Node{MultiLoRA(scope, in[0], width, cfg, in[1])}
	}
	runOnce(t, store, fn, x, scalings) // creates the variables
	setRandom(t, store, "/lora/b", 6)
	got := runOnce(t, store, fn, x, scalings)[0]
	closeTo(t, "MultiLoRA", got, hostLoRA(t, store, flat(x), in, width, rank, k, 0.5, s), 1e-5)
	disabled := runOnce(t, store, func(scope *model.Scope, in []*graph.Node) []*graph.Node {
		return []*graph.Node{MultiLoRA(scope, in[0], width, cfg, nil)}
	}, x)[0]
	closeTo(t, "MultiLoRA disabled", disabled, hostLoRA(t, store, flat(x), in, width, rank, k, 0.5, nil), 1e-5)
	if math.Abs(float64(got[0]-disabled[0])) < 1e-6 {
		t.Errorf("enabling the adapters did not change the output")
	}
}

func TestLoRABadConfigsPanic(t *testing.T) {
	x := randomInput(1, 1, 2, 3)
	wrongScalings := tensors.FromFlatDataAndDimensions(make([]float32, 2*3), 1, 2, 3)
	for name, fn := range map[string]func(scope *model.Scope, in []*graph.Node) []*graph.Node{
		"rank 0": func(scope *model.Scope, in []*graph.Node) []*graph.Node {
			return []*graph.Node{LoRA(scope, in[0], 2, LoRAConfig{})}
		},
		"negative alpha": func(scope *model.Scope, in []*graph.Node) []*graph.Node {
			return []*graph.Node{LoRA(scope, in[0], 2, LoRAConfig{Rank: 1, Alpha: -1})}
		},
		"several adapters in LoRA": func(scope *model.Scope, in []*graph.Node) []*graph.Node {
			return []*graph.Node{LoRA(scope, in[0], 2, LoRAConfig{Rank: 1, Adapters: 2})}
		},
		"scalings shape": func(scope *model.Scope, in []*graph.Node) []*graph.Node {
			return []*graph.Node{MultiLoRA(scope, in[0], 2, LoRAConfig{Rank: 1, Adapters: 2}, graph.ConstCachedTensor(in[0].Graph(), wrongScalings))}
		},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: did not panic", name)
				}
			}()
			runOnce(t, gomlxtest.Store(t, 1), fn, x)
		}()
	}
}
