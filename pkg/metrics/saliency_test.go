package metrics

import (
	"math"
	"math/rand"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/papernb/papernb/pkg/internal/gomlxtest"
)

// For a linear model logits = x·W the gradient of log p_y with respect to x
// is W[:, y] − Σ_k p_k W[:, k].
func TestInputGradientLinearModel(t *testing.T) {
	rng := rand.New(rand.NewSource(18))
	const b, d, k = 3, 4, 5
	x := randomMatrix(rng, b, d)
	w := randomMatrix(rng, d, k)
	labels := []int32{4, 0, 2}
	rows := func(r, c int, at func(i, j int) float64) [][]float64 {
		out := make([][]float64, r)
		for i := range out {
			out[i] = make([]float64, c)
			for j := range out[i] {
				out[i][j] = at(i, j)
			}
		}
		return out
	}
	exec, err := graph.NewExec(gomlxtest.Backend(t), func(x, w, y *graph.Node) *graph.Node {
		return InputGradient(graph.Dot(x, w).Product(), y, x)
	})
	if err != nil {
		t.Fatal(err)
	}
	got := exec.MustCall(rows(b, d, x.At), rows(d, k, w.At), labels)[0].Value().([][]float64)
	var logits = rows(b, k, func(i, j int) float64 {
		var s float64
		for c := range d {
			s += x.At(i, c) * w.At(c, j)
		}
		return s
	})
	for i := range b {
		var z float64
		for j := range k {
			z += math.Exp(logits[i][j])
		}
		for c := range d {
			want := w.At(c, int(labels[i]))
			for j := range k {
				want -= math.Exp(logits[i][j]) / z * w.At(c, j)
			}
			if !near(got[i][c], want, 1e-12) {
				t.Errorf("∂log p/∂x[%d][%d] = %v, want %v", i, c, got[i][c], want)
			}
		}
	}
}
