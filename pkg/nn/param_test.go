package nn

import (
	"fmt"
	"math"
	"math/rand"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/papernb/papernb/pkg/internal/gomlxtest"
)

// meanSquareOutput returns the mean of y² over the outputs of an MLP of cfg
// on inputs x, averaged over seeds 1..seeds.
func meanSquareOutput(t *testing.T, cfg MLPConfig, x [][]float32, seeds int) float64 {
	t.Helper()
	backend := gomlxtest.Backend(t)
	var sum float64
	var n int
	for seed := 1; seed <= seeds; seed++ {
		exec := model.MustNewExec(backend, gomlxtest.Store(t, int64(seed)), func(scope *model.Scope, x *graph.Node) *graph.Node {
			return MLP(scope, x, cfg)
		})
		for _, v := range flat(exec.MustCall(x)[0]) {
			sum += float64(v) * float64(v)
			n++
		}
	}
	return sum / float64(n)
}

// A linear MLP d → n → n → 64 on inputs with E|x|²/d = 1 has output second
// moment c³ at every width n when each layer has variance c/fan_in: He
// (c = 2) under Standard, Gain c under NTK. Under μP the output layer's
// variance falls as 1/m_in, so the output moment does too.
func TestOutputVarianceAtInit(t *testing.T) {
	const d, seeds = 64, 10
	x := randomTensor(rand.New(rand.NewSource(1)), 32, d).Value().([][]float32)
	// Finite-width noise: each hidden layer's Σz²/n has relative standard
	// deviation √(2/n) ≈ 0.18 at n = 64; over 10 nets the estimate's is
	// about 0.08, so a 25% band is a 3σ check.
	for _, tc := range []struct {
		name string
		cfg  MLPConfig
		want func(n int) float64
	}{
		{"Standard He", MLPConfig{Init: HeNormal}, func(int) float64 { return 8 }},
		{"NTK c=1", MLPConfig{Param: NTK}, func(int) float64 { return 1 }},
		{"NTK c=2", MLPConfig{Param: NTK, Gain: 2}, func(int) float64 { return 8 }},
		{"MuP He base 64", MLPConfig{Param: MuP, Init: HeNormal, BaseWidth: 64}, func(n int) float64 { return 8 * 64 / float64(n) }},
	} {
		for _, n := range []int{64, 512} {
			cfg := tc.cfg
			cfg.Widths = []int{n, n, 64}
			got := meanSquareOutput(t, cfg, x, seeds)
			t.Logf("%s, width %d: %.4g", tc.name, n, got)
			if want := tc.want(n); math.Abs(got/want-1) > 0.25 {
				t.Errorf("%s, width %d: output mean square %.3g, want %.3g", tc.name, n, got, want)
			}
		}
	}
}

// The NTK layer must compute x·W·√(c/fan_in) + b from its N(0,1) weights.
func TestNTKForwardMultiplier(t *testing.T) {
	x := [][]float32{{0.5, -1, 2, 0.25}}
	cfg := MLPConfig{Widths: []int{3}, Param: NTK, Gain: 2}
	got, store := runMLP(t, 1, cfg, x)
	w, b := flat(variable(t, store, "/layer_0/dense/weights")), flat(variable(t, store, "/layer_0/dense/biases"))
	for j := range 3 {
		want := float64(b[j])
		for i, xi := range x[0] {
			want += float64(xi) * float64(w[i*3+j]) * math.Sqrt(2.0/4)
		}
		if math.Abs(float64(got[0][j])-want) > 1e-5 {
			t.Errorf("output %d = %g, want %g", j, got[0][j], want)
		}
	}
}

// μP's per-layer learning-rate multipliers and init variances must follow
// Table 3 of Tensor Programs V for an input, a hidden and an output layer,
// and reduce to the Standard parameterisation at the base width.
func TestMuPMatchesTable3(t *testing.T) {
	const d, base, out = 20, 64, 10
	x := [][]float32{make([]float32, d)}
	for _, n := range []int{base, 4 * base} {
		m := float64(n) / base
		cfg := MLPConfig{Widths: []int{n, n, out}, Init: HeNormal, Param: MuP, BaseWidth: base}
		_, store := runMLP(t, 1, cfg, x)
		want := map[UpdateRule]map[string]float64{
			AdamRule: {
				"/layer_0/dense/weights": 1, "/layer_0/dense/biases": 1, // input weights & biases: 1
				"/layer_1/dense/weights": 1 / m, "/layer_1/dense/biases": 1, // hidden weights: 1/fan_in
				"/layer_2/dense/weights": 1 / m, "/layer_2/dense/biases": 1, // output weights: 1/fan_in
			},
			SGDRule: {
				"/layer_0/dense/weights": m, "/layer_0/dense/biases": m, // input weights & biases: fan_out
				"/layer_1/dense/weights": 1, "/layer_1/dense/biases": m, // hidden weights: 1
				"/layer_2/dense/weights": 1 / m, "/layer_2/dense/biases": 1, // output weights: 1/fan_in
			},
		}
		for rule, table := range want {
			got := LRMultipliers(store, rule)
			if len(got) != len(table) {
				t.Errorf("width %d, %v: %d multipliers %v, want %d", n, rule, len(got), got, len(table))
			}
			for p, w := range table {
				if g, ok := got[p]; !ok || math.Abs(g-w) > 1e-12 {
					t.Errorf("width %d, %v: multiplier of %s = %v (present %v), want %v", n, rule, p, g, ok, w)
				}
			}
		}
		// Init variances: input 2/d (He at the base), hidden 2/n, output (2/base)/m².
		for layer, wantVar := range map[int]float64{0: 2.0 / d, 1: 2 / float64(n), 2: 2.0 / base / (m * m)} {
			w := flat(variable(t, store, fmt.Sprintf("/layer_%d/dense/weights", layer)))
			var s2 float64
			for _, v := range w {
				s2 += float64(v) * float64(v)
			}
			got := s2 / float64(len(w))
			// Relative standard error √(2/N) ≤ 6% for the smallest layer (640 weights).
			if math.Abs(got/wantVar-1) > 0.2 {
				t.Errorf("width %d, layer %d: weight variance %.4g, want %.4g", n, layer, got, wantVar)
			}
		}
	}
	// Standard and NTK layers record no multipliers.
	_, store := runMLP(t, 1, MLPConfig{Widths: []int{8, 2}, Param: NTK}, x)
	if got := LRMultipliers(store, AdamRule); len(got) != 0 {
		t.Errorf("NTK MLP has multipliers %v, want none", got)
	}
}

func TestBadParameterizationsPanic(t *testing.T) {
	x := [][]float32{{1, 2}}
	for name, cfg := range map[string]MLPConfig{
		"MuP without base":  {Widths: []int{4, 1}, Param: MuP},
		"negative gain":     {Widths: []int{4, 1}, Param: NTK, Gain: -1},
		"unknown param":     {Widths: []int{4, 1}, Param: Parameterization(7)},
		"negative base fan": {Widths: []int{4, 1}, Param: MuP, BaseWidth: -3},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: MLP did not panic", name)
				}
			}()
			runMLP(t, 1, cfg, x)
		}()
	}
	defer func() {
		if recover() == nil {
			t.Errorf("LRMultipliers with an unknown rule did not panic")
		}
	}()
	LRMultipliers(model.NewStore(), UpdateRule(5))
}

// ZeroReadout must zero the last layer's weights only, in any parameterisation.
func TestZeroReadout(t *testing.T) {
	for _, p := range []Parameterization{Standard, NTK, MuP} {
		_, store := runMLP(t, 1, MLPConfig{Widths: []int{8, 8, 3}, Param: p, BaseWidth: 4, ZeroReadout: true}, [][]float32{{1, 2}})
		for _, v := range flat(variable(t, store, "/layer_2/dense/weights")) {
			if v != 0 {
				t.Fatalf("%v: readout weight %g, want 0", p, v)
			}
		}
		nonzero := 0
		for _, v := range flat(variable(t, store, "/layer_1/dense/weights")) {
			if v != 0 {
				nonzero++
			}
		}
		if nonzero == 0 {
			t.Errorf("%v: the hidden layer's weights are all zero too", p)
		}
	}
}
