package data

import (
	"fmt"
	"math/rand"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
)

// TokenWindows keeps a long token sequence (an encoded corpus) on the
// backend and deals minibatches of windows of it, for next-token language
// models. A step sends only the B start offsets of its windows; the step's
// graph cuts the windows out of the resident sequence with GatherWindows.
// This is the sequence counterpart of pkg/train's Data, whose steps gather
// whole rows by index: a corpus is one long row, and its examples overlap.
//
// A training step built with model.NewExec then takes (tokens, starts):
//
//	win := data.GatherWindows(tokens, starts, T+1) // [B, T+1]
//	x, y := data.NextTokenPairs(win)               // [B, T] each
//
// and is called with w.Tokens() and w.RandomStarts(rng, B).
type TokenWindows struct {
	tokens *tensors.Tensor
	n      int
	length int
}

// NewTokenWindows moves ids to the backend once, as an int32 tensor of
// shape [len(ids)], for windows of the given length (for a model of context
// T, length T+1: inputs and next-token targets). The sequence must hold at
// least one window.
func NewTokenWindows(backend compute.Backend, ids []int32, length int) (*TokenWindows, error) {
	if length < 1 {
		return nil, fmt.Errorf("data.NewTokenWindows: window length %d: need ≥ 1", length)
	}
	if len(ids) < length {
		return nil, fmt.Errorf("data.NewTokenWindows: %d tokens, shorter than one window of %d", len(ids), length)
	}
	t := tensors.FromFlatDataAndDimensions(append([]int32(nil), ids...), len(ids))
	if err := t.ToDevice(backend, 0); err != nil {
		return nil, fmt.Errorf("data.NewTokenWindows: moving %d tokens to the backend: %w", len(ids), err)
	}
	return &TokenWindows{tokens: t, n: len(ids), length: length}, nil
}

// Tokens returns the resident sequence, [Len()] int32.
func (w *TokenWindows) Tokens() *tensors.Tensor { return w.tokens }

// Len returns the number of tokens.
func (w *TokenWindows) Len() int { return w.n }

// Length returns the window length.
func (w *TokenWindows) Length() int { return w.length }

// NumStarts returns the number of distinct windows, Len()−Length()+1.
func (w *TokenWindows) NumStarts() int { return w.n - w.length + 1 }

// RandomStarts returns batch start offsets drawn independently and
// uniformly from [0, NumStarts()), as a [batch] int32 tensor: every window
// of the sequence is equally likely, as in the usual "random crops of the
// corpus" language-model training.
func (w *TokenWindows) RandomStarts(rng *rand.Rand, batch int) *tensors.Tensor {
	if batch < 1 {
		panic(fmt.Errorf("data.TokenWindows.RandomStarts: batch %d, need ≥ 1", batch))
	}
	starts := make([]int32, batch)
	for i := range starts {
		starts[i] = int32(rng.Intn(w.NumStarts()))
	}
	return tensors.FromFlatDataAndDimensions(starts, batch)
}

// TilingStarts returns the starts 0, stride, 2·stride, … of every window
// that fits, at most limit of them (limit ≤ 0: no limit): with stride =
// Length()−1 consecutive windows share one token, so every token after
// the first is a prediction target exactly once, the usual fixed
// evaluation set. Cut the result into batches with tensors of your own or
// pass it whole.
func (w *TokenWindows) TilingStarts(stride, limit int) []int32 {
	if stride < 1 {
		panic(fmt.Errorf("data.TokenWindows.TilingStarts: stride %d, need ≥ 1", stride))
	}
	var starts []int32
	for s := 0; s < w.NumStarts() && (limit <= 0 || len(starts) < limit); s += stride {
		starts = append(starts, int32(s))
	}
	return starts
}

// GatherWindows returns the windows tokens[s : s+length] for every start s
// in starts ([B] integer), as a [B, length] tensor of the tokens' type,
// cut on the backend. Starts must lie in [0, len(tokens)−length]; the
// backend clamps others, silently.
func GatherWindows(tokens, starts *graph.Node, length int) *graph.Node {
	if tokens.Rank() != 1 {
		panic(fmt.Errorf("data.GatherWindows: tokens of shape %s: need rank 1", tokens.Shape()))
	}
	if starts.Rank() != 1 {
		panic(fmt.Errorf("data.GatherWindows: starts of shape %s: need rank 1 ([batch])", starts.Shape()))
	}
	if length < 1 || length > tokens.Shape().Dimensions[0] {
		panic(fmt.Errorf("data.GatherWindows: window length %d: need 1 ≤ length ≤ %d (the tokens)", length, tokens.Shape().Dimensions[0]))
	}
	return graph.GatherSlices(tokens, []int{0}, graph.InsertAxes(starts, -1), []int{length}, false)
}

// NextTokenPairs splits [B, T+1] windows into inputs (the first T tokens)
// and targets (the last T, each the token after its input).
func NextTokenPairs(windows *graph.Node) (inputs, targets *graph.Node) {
	if windows.Rank() != 2 || windows.Shape().Dimensions[1] < 2 {
		panic(fmt.Errorf("data.NextTokenPairs: windows of shape %s: need [batch, T+1] with T ≥ 1", windows.Shape()))
	}
	t := windows.Shape().Dimensions[1] - 1
	inputs = graph.Slice(windows, graph.AxisRange(), graph.AxisRange(0, t))
	targets = graph.Slice(windows, graph.AxisRange(), graph.AxisRange(1, t+1))
	return inputs, targets
}
