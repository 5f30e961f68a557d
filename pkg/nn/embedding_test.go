package nn

import (
	"math"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/papernb/papernb/pkg/internal/gomlxtest"
)

// The lookup must return the table's rows, and the table's gradient must
// add up the output gradients of every position that looked a row up.
func TestEmbeddingLookupAndGradient(t *testing.T) {
	const vocab, dim = 5, 3
	ids := [][]int32{{0, 3}, {2, 2}}
	r := [][][]float32{{{1, 2, 3}, {4, 5, 6}}, {{7, 8, 9}, {10, 11, 12}}}
	store := gomlxtest.Store(t, 1)
	out := model.MustNewExec(gomlxtest.Backend(t), store, func(scope *model.Scope, ids, r *graph.Node) []*graph.Node {
		y := Embedding(scope, ids, vocab, dim, EmbeddingConfig{})
		table := scope.Store().GetVariable("/embedding/embeddings").NodeValue(ids.Graph())
		return []*graph.Node{y, graph.Gradient(graph.ReduceAllSum(graph.Mul(y, r)), table)[0]}
	}).MustCall(ids, r)
	table := flat(variable(t, store, "/embedding/embeddings"))
	got, grad := out[0].Value().([][][]float32), out[1].Value().([][]float32)
	for i, row := range ids {
		for j, id := range row {
			for k := range dim {
				if got[i][j][k] != table[int(id)*dim+k] {
					t.Errorf("output[%d][%d][%d] = %g, want table[%d][%d] = %g", i, j, k, got[i][j][k], id, k, table[int(id)*dim+k])
				}
			}
		}
	}
	want := [][]float32{{1, 2, 3}, {0, 0, 0}, {17, 19, 21}, {4, 5, 6}, {0, 0, 0}}
	for v := range vocab {
		for k := range dim {
			if grad[v][k] != want[v][k] {
				t.Errorf("d/dtable[%d][%d] = %g, want %g", v, k, grad[v][k], want[v][k])
			}
		}
	}
	// N(0, 1) initialisation: 15 values, a loose check of the scale.
	var s2 float64
	for _, v := range table {
		s2 += float64(v) * float64(v)
	}
	if v := s2 / 15; v < 0.3 || v > 2.5 {
		t.Errorf("table variance %.3g, want about 1", v)
	}
}

func TestEmbeddingMuPMultipliers(t *testing.T) {
	store := gomlxtest.Store(t, 1)
	model.MustNewExec(gomlxtest.Backend(t), store, func(scope *model.Scope, ids *graph.Node) *graph.Node {
		return Embedding(scope, ids, 10, 256, EmbeddingConfig{Param: MuP, BaseDim: 64})
	}).MustCall([]int32{1, 2})
	for rule, want := range map[UpdateRule]float64{SGDRule: 4, AdamRule: 1} {
		if got := LRMultipliers(store, rule)["/embedding/embeddings"]; math.Abs(got-want) > 1e-12 {
			t.Errorf("%v: multiplier %g, want %g (input layer: SGD fan_out, Adam 1)", rule, got, want)
		}
	}
}

func TestEmbeddingBadInputsPanic(t *testing.T) {
	backend := gomlxtest.Backend(t)
	for name, fn := range map[string]func(scope *model.Scope, ids *graph.Node) *graph.Node{
		"vocab 0": func(s *model.Scope, ids *graph.Node) *graph.Node { return Embedding(s, ids, 0, 4, EmbeddingConfig{}) },
		"float ids": func(s *model.Scope, ids *graph.Node) *graph.Node {
			return Embedding(s, graph.ConvertDType(ids, 10), 5, 4, EmbeddingConfig{})
		},
		"negative std": func(s *model.Scope, ids *graph.Node) *graph.Node {
			return Embedding(s, ids, 5, 4, EmbeddingConfig{Std: -1})
		},
		"NTK": func(s *model.Scope, ids *graph.Node) *graph.Node {
			return Embedding(s, ids, 5, 4, EmbeddingConfig{Param: NTK})
		},
		"MuP no base": func(s *model.Scope, ids *graph.Node) *graph.Node {
			return Embedding(s, ids, 5, 4, EmbeddingConfig{Param: MuP})
		},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: did not panic", name)
				}
			}()
			model.MustNewExec(backend, gomlxtest.Store(t, 1), fn).MustCall(tensors.FromValue([]int32{1, 2}))
		}()
	}
}
