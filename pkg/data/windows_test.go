package data

import (
	"math"
	"math/rand"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"

	"github.com/papernb/papernb/pkg/internal/gomlxtest"
)

// On a sequence whose token at position i is 3i, the gathered window at
// start s holds 3s, 3(s+1), …, and the next-token pairs are the window
// without its last and without its first token.
func TestGatherWindowsOnBackend(t *testing.T) {
	backend := gomlxtest.Backend(t)
	ids := make([]int32, 50)
	for i := range ids {
		ids[i] = int32(3 * i)
	}
	w, err := NewTokenWindows(backend, ids, 9)
	if err != nil {
		t.Fatal(err)
	}
	if !w.Tokens().IsOnDevice(0) {
		t.Error("tokens are not on the backend")
	}
	exec, err := graph.NewExec(backend, func(tokens, starts *graph.Node) (*graph.Node, *graph.Node, *graph.Node) {
		win := GatherWindows(tokens, starts, w.Length())
		x, y := NextTokenPairs(win)
		return win, x, y
	})
	if err != nil {
		t.Fatal(err)
	}
	starts := []int32{0, 17, 41, 5}
	out, err := exec.Call(w.Tokens(), tensors.FromFlatDataAndDimensions(starts, len(starts)))
	if err != nil {
		t.Fatal(err)
	}
	win := tensors.MustCopyFlatData[int32](out[0])
	x := tensors.MustCopyFlatData[int32](out[1])
	y := tensors.MustCopyFlatData[int32](out[2])
	if got := out[0].Shape().Dimensions; len(got) != 2 || got[0] != 4 || got[1] != 9 {
		t.Fatalf("windows of shape %v, want [4 9]", got)
	}
	for b, s := range starts {
		for j := 0; j < 9; j++ {
			if want := 3 * (s + int32(j)); win[b*9+j] != want {
				t.Fatalf("window %d (start %d) position %d holds %d, want %d", b, s, j, win[b*9+j], want)
			}
		}
		for j := 0; j < 8; j++ {
			if x[b*8+j] != win[b*9+j] || y[b*8+j] != win[b*9+j+1] {
				t.Fatalf("window %d: pair %d is (%d, %d), want (%d, %d)", b, j, x[b*8+j], y[b*8+j], win[b*9+j], win[b*9+j+1])
			}
		}
	}
}

// Random starts are uniform over every window that fits: each of the
// NumStarts() values appears with frequency 1/NumStarts() within
// Monte-Carlo error, and none falls outside.
func TestRandomStartsUniform(t *testing.T) {
	w := &TokenWindows{n: 30, length: 11}
	rng := rand.New(rand.NewSource(1))
	count := make([]int, w.NumStarts())
	const draws, batch = 2000, 16
	for range draws {
		for _, s := range tensors.MustCopyFlatData[int32](w.RandomStarts(rng, batch)) {
			if s < 0 || int(s) >= w.NumStarts() {
				t.Fatalf("start %d outside [0, %d)", s, w.NumStarts())
			}
			count[s]++
		}
	}
	n := float64(draws * batch)
	p := 1 / float64(w.NumStarts())
	for s, c := range count {
		if se := math.Sqrt(p * (1 - p) / n); math.Abs(float64(c)/n-p) > 5*se {
			t.Errorf("start %d drawn with frequency %.4f, want %.4f", s, float64(c)/n, p)
		}
	}
}

// Tiling starts with stride length−1 make every token after the first a
// target exactly once, up to the end the windows reach.
func TestTilingStarts(t *testing.T) {
	w := &TokenWindows{n: 100, length: 10}
	starts := w.TilingStarts(9, 0)
	if len(starts) != 11 || starts[10] != 90 {
		t.Fatalf("starts %v, want 0, 9, …, 90", starts)
	}
	covered := make([]int, 100)
	for _, s := range starts {
		for j := 1; j < 10; j++ {
			covered[int(s)+j]++
		}
	}
	for i := 1; i < 100; i++ {
		if covered[i] != 1 {
			t.Fatalf("token %d is a target %d times, want once", i, covered[i])
		}
	}
	if got := w.TilingStarts(9, 3); len(got) != 3 {
		t.Errorf("limit 3 gave %d starts", len(got))
	}
}

func TestTokenWindowsRejectsBadValues(t *testing.T) {
	backend := gomlxtest.Backend(t)
	if _, err := NewTokenWindows(backend, []int32{1, 2, 3}, 4); err == nil {
		t.Error("window longer than the sequence: no error")
	}
	if _, err := NewTokenWindows(backend, []int32{1, 2, 3}, 0); err == nil {
		t.Error("window length 0: no error")
	}
}
