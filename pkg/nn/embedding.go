package nn

import (
	"fmt"
	"math"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// EmbeddingConfig configures Embedding.
type EmbeddingConfig struct {
	// Std is the standard deviation of the table's N(0, Std²)
	// initialisation; 0 means 1, as PyTorch's nn.Embedding (and μP's
	// Θ(1) input layer). Transformers often use 0.02.
	Std float64
	// Param is Standard (default) or MuP. Under MuP the table is an input
	// layer whose fan-out grows with width: its initialisation does not
	// change, and LRMultipliers gives it dim/BaseDim for SGD and 1 for Adam.
	Param Parameterization
	// BaseDim is, for MuP (where it is required, ≥ 1), the embedding
	// dimension of the base model.
	BaseDim int
}

// Embedding looks up integer ids of any shape [...] in a float32 table of
// vocab rows of dim values, returning [..., dim]. The table is the
// variable "embeddings" [vocab, dim] in the sub-scope "embedding" of scope.
// It is a one-hot input times a matrix, done as a gather: its gradient
// adds into the rows that were looked up. Ids must lie in [0, vocab); the
// graph does not check them.
func Embedding(scope *model.Scope, ids *graph.Node, vocab, dim int, cfg EmbeddingConfig) *graph.Node {
	switch {
	case vocab < 1 || dim < 1:
		panic(fmt.Errorf("nn.Embedding: vocab = %d, dim = %d: both must be ≥ 1", vocab, dim))
	case !ids.DType().IsInt():
		panic(fmt.Errorf("nn.Embedding: ids have dtype %s, need an integer type", ids.DType()))
	case cfg.Std < 0 || math.IsNaN(cfg.Std) || math.IsInf(cfg.Std, 0):
		panic(fmt.Errorf("nn.Embedding: Std = %g, must be a finite value ≥ 0 (0 means 1)", cfg.Std))
	case cfg.Param != Standard && cfg.Param != MuP:
		panic(fmt.Errorf("nn.Embedding: Param = %v, must be Standard or MuP", cfg.Param))
	case cfg.Param == MuP && cfg.BaseDim < 1:
		panic(fmt.Errorf("nn.Embedding: MuP needs BaseDim ≥ 1, the base model's embedding dimension (got %d)", cfg.BaseDim))
	}
	std := cfg.Std
	if std == 0 {
		std = 1
	}
	scope = scope.In("embedding")
	store := scope.Store()
	table := scope.WithInitializer(func(g *graph.Graph, shape shapes.Shape) *graph.Node {
		return graph.MulScalar(store.RandomNormal(g, shape), std)
	}).VariableWithShape("embeddings", shapes.Make(dtypes.Float32, vocab, dim))
	if cfg.Param == MuP {
		setLRMultipliers(scope, "embeddings", [2]float64{SGDRule: float64(dim) / float64(cfg.BaseDim), AdamRule: 1})
	}
	return graph.Gather(table.NodeValue(ids.Graph()), graph.InsertAxes(ids, -1))
}
