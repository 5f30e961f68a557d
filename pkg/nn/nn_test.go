package nn

import (
	"math"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/papernb/papernb/pkg/internal/gomlxtest"
)

// runMLP applies an MLP of cfg to x ([rows, in]) and returns the output and the store.
func runMLP(t testing.TB, seed int64, cfg MLPConfig, x [][]float32) ([][]float32, *model.Store) {
	t.Helper()
	store := gomlxtest.Store(t, seed)
	exec := model.MustNewExec(gomlxtest.Backend(t), store, func(scope *model.Scope, x *graph.Node) *graph.Node {
		return MLP(scope, x, cfg)
	})
	out := exec.MustCall(tensors.FromValue(x))[0]
	return out.Value().([][]float32), store
}

func variable(t testing.TB, store *model.Store, path string) *tensors.Tensor {
	t.Helper()
	v := store.GetVariable(path)
	if v == nil {
		var names []string
		for v := range store.IterVariables() {
			names = append(names, v.Path())
		}
		t.Fatalf("no variable %q; the store has %s", path, strings.Join(names, ", "))
	}
	return v.MustValue()
}

func flat(t *tensors.Tensor) []float32 { return tensors.MustCopyFlatData[float32](t) }

// The forward pass must equal x·W1 + b1 → ReLU → ·W2 + b2 computed by hand
// from the variables the layer created.
func TestMLPMatchesReferenceMath(t *testing.T) {
	x := [][]float32{{0.5, -1, 2}, {1, 0, -0.25}}
	cfg := MLPConfig{Widths: []int{4, 2}, Activation: activation.TypeRelu}
	got, store := runMLP(t, 1, cfg, x)
	w1, b1 := flat(variable(t, store, "/layer_0/dense/weights")), flat(variable(t, store, "/layer_0/dense/biases"))
	w2, b2 := flat(variable(t, store, "/layer_1/dense/weights")), flat(variable(t, store, "/layer_1/dense/biases"))
	for r, row := range x {
		h := make([]float64, 4)
		for j := range h {
			h[j] = float64(b1[j])
			for i, xi := range row {
				h[j] += float64(xi) * float64(w1[i*4+j])
			}
			h[j] = max(h[j], 0)
		}
		for k := 0; k < 2; k++ {
			want := float64(b2[k])
			for j := range h {
				want += h[j] * float64(w2[j*2+k])
			}
			if math.Abs(float64(got[r][k])-want) > 1e-5 {
				t.Errorf("output[%d][%d] = %g, want %g", r, k, got[r][k], want)
			}
		}
	}
	if n := NumParams(3, cfg); n != 3*4+4+4*2+2 {
		t.Errorf("NumParams = %d, want %d", n, 3*4+4+4*2+2)
	}
}

// Weights must have the documented variance and zero mean; biases must be 0.
func TestInitVariance(t *testing.T) {
	const in, out = 300, 500
	x := make([][]float32, 1)
	x[0] = make([]float32, in)
	for _, tc := range []struct {
		init Init
		want float64
	}{
		{GlorotNormal, 2.0 / (in + out)},
		{HeNormal, 2.0 / in},
	} {
		_, store := runMLP(t, 3, MLPConfig{Widths: []int{out}, Init: tc.init}, x)
		w := flat(variable(t, store, "/layer_0/dense/weights"))
		var sum, sum2 float64
		for _, v := range w {
			sum += float64(v)
			sum2 += float64(v) * float64(v)
		}
		n := float64(len(w))
		mean, variance := sum/n, sum2/n-(sum/n)*(sum/n)
		// The variance estimate of n normals has relative standard error sqrt(2/n) ≈ 0.4%.
		if math.Abs(variance/tc.want-1) > 0.02 {
			t.Errorf("%v: weight variance %.3g, want %.3g", tc.init, variance, tc.want)
		}
		if math.Abs(mean) > 5*math.Sqrt(tc.want/n) {
			t.Errorf("%v: weight mean %.3g, want 0", tc.init, mean)
		}
		for i, b := range flat(variable(t, store, "/layer_0/dense/biases")) {
			if b != 0 {
				t.Fatalf("%v: bias %d = %g, want 0", tc.init, i, b)
			}
		}
	}
}

func TestActivateOutputAndSeeds(t *testing.T) {
	x := make([][]float32, 64)
	for i := range x {
		x[i] = []float32{float32(i)/32 - 1, float32(i%7) - 3}
	}
	linearOut, _ := runMLP(t, 1, MLPConfig{Widths: []int{8, 8}, Activation: activation.TypeRelu}, x)
	reluOut, _ := runMLP(t, 1, MLPConfig{Widths: []int{8, 8}, Activation: activation.TypeRelu, ActivateOutput: true}, x)
	again, _ := runMLP(t, 1, MLPConfig{Widths: []int{8, 8}, Activation: activation.TypeRelu}, x)
	other, _ := runMLP(t, 2, MLPConfig{Widths: []int{8, 8}, Activation: activation.TypeRelu}, x)
	negatives, same, differ := 0, true, false
	for i := range x {
		for j := range linearOut[i] {
			if linearOut[i][j] < 0 {
				negatives++
			}
			if reluOut[i][j] < 0 {
				t.Fatalf("ActivateOutput with ReLU gave a negative output %g", reluOut[i][j])
			}
			same = same && linearOut[i][j] == again[i][j]
			differ = differ || linearOut[i][j] != other[i][j]
		}
	}
	if negatives == 0 {
		t.Errorf("a linear output layer gave no negative value in %d outputs", len(x)*8)
	}
	if !same {
		t.Errorf("the same seed gave different outputs")
	}
	if !differ {
		t.Errorf("different seeds gave identical outputs")
	}
}

func TestBadConfigsPanic(t *testing.T) {
	x := [][]float32{{1, 2}}
	for name, cfg := range map[string]MLPConfig{
		"no widths":    {},
		"zero width":   {Widths: []int{4, 0}},
		"unknown init": {Widths: []int{4}, Init: Init(9)},
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
}
