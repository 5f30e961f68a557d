package nb

import (
	"hash/fnv"
	"math/rand"

	"github.com/gomlx/gomlx/ml/model"
)

// RNG returns a math/rand generator for one named stream of the run. Streams
// with different names are independent; the same name and seed always give the
// same numbers. Use it for host-side sampling and as the dataset RNG
// (dataset.InMemoryDataset.WithRand), which GoMLX otherwise seeds from the
// clock.
func RNG(stream string) *rand.Rand {
	return rand.New(rand.NewSource(StreamSeed(stream)))
}

// StreamSeed derives the seed of a named stream from the run's seed.
func StreamSeed(stream string) int64 {
	h := fnv.New64a()
	h.Write([]byte(stream))
	return Seed() ^ int64(h.Sum64()&0x7fffffffffffffff)
}

// NewStore returns a GoMLX model store whose RNG (used by initializers,
// dropout and random ops in the graph) is seeded from the named stream.
// Together with RNG for the dataset, this makes a training run bit-identical
// across runs.
func NewStore(stream string) *model.Store {
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(StreamSeed(stream)); err != nil {
		panic(err)
	}
	return store
}
