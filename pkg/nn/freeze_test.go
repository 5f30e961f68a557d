package nn

import (
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train/optimizer"

	"github.com/papernb/papernb/pkg/internal/gomlxtest"
)

// Adam moves the layers in "free" and "frozen_more" (a name that merely
// starts like the frozen scope) but not those under "frozen".
func TestFreezeStopsTraining(t *testing.T) {
	store := gomlxtest.Store(t, 1)
	adam := optimizer.Adam().LearningRate(0.1).Done()
	exec := model.MustNewExec(gomlxtest.Backend(t), store, func(scope *model.Scope, x *graph.Node) *graph.Node {
		store.SetTraining(x.Graph(), true)
		frozen := scope.In("frozen")
		h := Dense(frozen.In("inner"), Dense(frozen, x, 4, DenseConfig{}), 4, DenseConfig{})
		h = Dense(scope.In("frozen_more"), h, 4, DenseConfig{})
		y := Dense(scope.In("free"), h, 1, DenseConfig{})
		Freeze(frozen)
		loss := graph.ReduceAllMean(graph.Square(graph.AddScalar(y, 1)))
		adam.UpdateGraph(scope, x.Graph(), loss)
		return loss
	})
	x := localCopy(t, randomInput(1, 1, 8, 3))
	exec.MustCall(x)
	paths := []string{"/frozen/dense/weights", "/frozen/inner/dense/weights", "/frozen_more/dense/weights", "/free/dense/weights"}
	before := map[string][]float32{}
	for _, p := range paths {
		before[p] = flat(variable(t, store, p))
	}
	for range 3 {
		exec.MustCall(x)
	}
	for _, p := range paths {
		after := flat(variable(t, store, p))
		moved := false
		for i := range after {
			moved = moved || after[i] != before[p][i]
		}
		wantFrozen := p == "/frozen/dense/weights" || p == "/frozen/inner/dense/weights"
		if moved == wantFrozen {
			t.Errorf("%s moved: %v, want %v", p, moved, !wantFrozen)
		}
	}
}
