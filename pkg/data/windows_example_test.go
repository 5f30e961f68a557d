package data_test

import (
	"fmt"
	"math/rand"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend"
	"github.com/gomlx/gomlx/core/graph"

	"github.com/papernb/papernb/pkg/data"
)

// A character-level language model's minibatches: the encoded training
// text stays on the backend, and each step sends 32 start offsets; the
// graph cuts [32, 65] windows and splits them into 64 inputs and 64
// next-character targets per window.
func ExampleTokenWindows() {
	backend, err := compute.NewWithConfig("go")
	if err != nil {
		panic(err)
	}
	corpus, err := data.GoDocCorpus(data.GoDocOptions{})
	if err != nil {
		panic(err)
	}
	vocab := data.ASCIIVocab()
	parts, err := corpus.SplitBytes(0.95)
	if err != nil {
		panic(err)
	}
	train, err := data.NewTokenWindows(backend, vocab.Encode(parts[0]), 65)
	if err != nil {
		panic(err)
	}
	step := graph.MustNewExec(backend, func(tokens, starts *graph.Node) (*graph.Node, *graph.Node) {
		return data.NextTokenPairs(data.GatherWindows(tokens, starts, train.Length()))
	})
	rng := rand.New(rand.NewSource(1))
	out := step.MustCall(train.Tokens(), train.RandomStarts(rng, 32))
	fmt.Println("inputs", out[0].Shape(), "targets", out[1].Shape())
	// Output: inputs (Int32)[32, 64] targets (Int32)[32, 64]
}
