package nn

import (
	"fmt"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// Dropout zeroes each value of x with probability rate and scales the rest
// by 1/(1−rate) ("inverted" dropout, Srivastava et al. 2014), so the
// expected output equals x, in a graph built in training mode
// (store.SetTraining(g, true)); otherwise it returns x unchanged. rate must
// lie in [0, 1). The mask comes from the store's RNG, so a seeded store
// repeats it and each training step draws a new one. Drawing the mask costs
// a random number per value, which on the Go backend is tens of
// nanoseconds: dropout on large activations is not free there.
func Dropout(scope *model.Scope, x *graph.Node, rate float64) *graph.Node {
	if !(rate >= 0 && rate < 1) {
		panic(fmt.Errorf("nn.Dropout: rate = %g, must be in [0, 1)", rate))
	}
	store := scope.Store()
	if rate == 0 || !store.IsTraining(x.Graph()) {
		return x
	}
	u := store.RandomUniform(x.Graph(), x.Shape())
	keep := graph.ConvertDType(graph.GreaterOrEqual(u, graph.Scalar(x.Graph(), u.DType(), rate)), x.DType())
	return graph.Mul(x, graph.MulScalar(keep, 1/(1-rate)))
}
