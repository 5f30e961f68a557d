package nn

import (
	"math/rand"
	"testing"

	"github.com/gomlx/gomlx/core/graph"

	"github.com/papernb/papernb/pkg/internal/gomlxtest"
)

// Patchify must put x[b, pi·p+i, pj·p+j, c] at token pi·(W/p)+pj, position
// (i·p+j)·C+c, and Unpatchify must undo it.
func TestPatchifyMatchesReference(t *testing.T) {
	const b, h, w, c, p = 2, 6, 4, 3, 2
	x := randomTensor(rand.New(rand.NewSource(1)), b, h, w, c)
	backend := gomlxtest.Backend(t)
	out := graph.MustExecOnceN(backend, func(x *graph.Node) []*graph.Node {
		tokens := Patchify(x, p)
		return []*graph.Node{tokens, Unpatchify(tokens, h, w, p)}
	}, x)
	tokens, xv := flat(out[0]), flat(x)
	if got := out[0].Shape().Dimensions; len(got) != 3 || got[1] != (h/p)*(w/p) || got[2] != p*p*c {
		t.Fatalf("tokens shape %v, want [%d %d %d]", got, b, (h/p)*(w/p), p*p*c)
	}
	for bi := range b {
		for y := range h {
			for xx := range w {
				for ci := range c {
					tok := (y/p)*(w/p) + xx/p
					pos := ((y%p)*p+xx%p)*c + ci
					got := tokens[(bi*(h/p)*(w/p)+tok)*p*p*c+pos]
					want := xv[((bi*h+y)*w+xx)*c+ci]
					if got != want {
						t.Fatalf("token %d position %d = %g, want x[%d,%d,%d,%d] = %g", tok, pos, got, bi, y, xx, ci, want)
					}
				}
			}
		}
	}
	if diff, _ := maxAbsDiff(t, out[1], x); diff != 0 {
		t.Errorf("Unpatchify(Patchify(x)) differs from x by %g", diff)
	}
}

// Nearest upsampling must copy each pixel into a factor×factor block, and
// its gradient must be the block sums (factor² times AvgPool2D).
func TestUpsampleNearest2D(t *testing.T) {
	const f = 3
	rng := rand.New(rand.NewSource(2))
	x := randomTensor(rng, 2, 2, 3, 2)
	r := randomTensor(rng, 2, 2*f, 3*f, 2)
	out := graph.MustExecOnceN(gomlxtest.Backend(t), func(x, r *graph.Node) []*graph.Node {
		y := UpsampleNearest2D(x, f)
		g := graph.Gradient(graph.ReduceAllSum(graph.Mul(y, r)), x)[0]
		return []*graph.Node{y, g, graph.MulScalar(AvgPool2D(r, f), f*f)}
	}, x, r)
	y, xv := flat(out[0]), flat(x)
	for bi := range 2 {
		for i := range 2 * f {
			for j := range 3 * f {
				for c := range 2 {
					if got, want := y[((bi*2*f+i)*3*f+j)*2+c], xv[((bi*2+i/f)*3+j/f)*2+c]; got != want {
						t.Fatalf("y[%d,%d,%d,%d] = %g, want %g", bi, i, j, c, got, want)
					}
				}
			}
		}
	}
	if diff, scale := maxAbsDiff(t, out[1], out[2]); diff > 1e-5*max(1, scale) {
		t.Errorf("gradient differs from the block sums by %g", diff)
	}
}

func TestImageOpsBadInputsPanic(t *testing.T) {
	backend := gomlxtest.Backend(t)
	x := randomTensor(rand.New(rand.NewSource(3)), 1, 6, 4, 2)
	for name, fn := range map[string]func(x *graph.Node) *graph.Node{
		"patch not dividing": func(x *graph.Node) *graph.Node { return Patchify(x, 4) },
		"patch 0":            func(x *graph.Node) *graph.Node { return Patchify(x, 0) },
		"upsample 0":         func(x *graph.Node) *graph.Node { return UpsampleNearest2D(x, 0) },
		"unpatchify wrong h": func(x *graph.Node) *graph.Node { return Unpatchify(Patchify(x, 2), 4, 4, 2) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: did not panic", name)
				}
			}()
			graph.MustExecOnce(backend, fn, x)
		}()
	}
}
