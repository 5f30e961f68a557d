package data

import (
	"math"
	"math/rand"
	"testing"
)

// A one-hidden-layer tanh teacher computes Σ_k a_k tanh(u_k·x + c_k) + b,
// exactly as written out by hand from its fields.
func TestMLPTeacherMatchesHandComputation(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	teacher, err := NewMLPTeacher(rng, []int{3, 5, 2}, math.Tanh, 1)
	if err != nil {
		t.Fatal(err)
	}
	x := []float64{0.3, -1.2, 0.7}
	got := teacher.Eval(x)
	for o := 0; o < 2; o++ {
		want := teacher.Biases[1][o]
		for k := 0; k < 5; k++ {
			pre := teacher.Biases[0][k]
			for i := range x {
				pre += teacher.Weights[0][k][i] * x[i]
			}
			want += teacher.Weights[1][o][k] * math.Tanh(pre)
		}
		if math.Abs(got[o]-want) > 1e-12 {
			t.Errorf("output %d = %.15f, want %.15f", o, got[o], want)
		}
	}
}

// Weights are N(0, 1/fan_in): over many teachers, a fixed unit input's
// linear output has variance |x|²/d = 1.
func TestLinearTeacherWeightVariance(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	const d, n = 16, 4000
	x := make([]float64, d)
	for i := range x {
		x[i] = 1
	}
	var s2 float64
	for range n {
		teacher, err := NewMLPTeacher(rng, []int{d, 1}, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		y := teacher.Eval(x)[0]
		s2 += y * y
	}
	if got, se := s2/n, math.Sqrt(2.0/n); math.Abs(got-1) > 5*se {
		t.Errorf("Var(w·1) = %.4f, want 1 within %.4f", got, 5*se)
	}
}

// After Standardize the outputs over the same inputs have mean 0 and
// variance 1 exactly, and Regression adds noise of the stated variance.
func TestStandardizeAndRegressionNoise(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	teacher, err := NewMLPTeacher(rng, []int{4, 32, 3}, math.Tanh, 1)
	if err != nil {
		t.Fatal(err)
	}
	xs := UniformCube(rng, 5000, 4, -1, 1)
	teacher.Standardize(xs)
	clean := teacher.EvalAll(xs)
	for o := 0; o < 3; o++ {
		var m, v float64
		for _, y := range clean {
			m += y[o] / 5000
		}
		for _, y := range clean {
			v += (y[o] - m) * (y[o] - m) / 5000
		}
		if math.Abs(m) > 1e-12 || math.Abs(v-1) > 1e-12 {
			t.Errorf("output %d after Standardize: mean %g, variance %.15f, want 0 and 1", o, m, v)
		}
	}
	noisy := teacher.Regression(rng, xs, 0.3)
	var s2 float64
	for i := range xs {
		for o := range 3 {
			d := noisy[i][o] - clean[i][o]
			s2 += d * d
		}
	}
	if got, se := s2/15000, 0.09*math.Sqrt(2.0/15000); math.Abs(got-0.09) > 5*se {
		t.Errorf("noise variance %.5f, want 0.09 within %.5f", got, 5*se)
	}
}

func TestMLPTeacherRejectsBadValues(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, c := range []struct {
		sizes []int
		act   func(float64) float64
		bias  float64
	}{
		{[]int{3}, math.Tanh, 0},
		{[]int{3, 0}, math.Tanh, 0},
		{[]int{3, 4, 1}, nil, 0},
		{[]int{3, 1}, nil, -1},
	} {
		if _, err := NewMLPTeacher(rng, c.sizes, c.act, c.bias); err == nil {
			t.Errorf("sizes %v, bias std %g: no error", c.sizes, c.bias)
		}
	}
}

// Scaling the last layer scales the outputs; scaling the first layer by
// √d turns its N(0, 1/d) weights into N(0, 1) ones.
func TestScaleLayer(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	const d = 64
	teacher, err := NewMLPTeacher(rng, []int{d, 200, 2}, math.Tanh, 1)
	if err != nil {
		t.Fatal(err)
	}
	x := UniformCube(rng, 1, d, -1, 1)[0]
	before := teacher.Eval(x)
	teacher.ScaleLayer(1, 3)
	after := teacher.Eval(x)
	for o := range before {
		if math.Abs(after[o]-3*before[o]) > 1e-12 {
			t.Errorf("output %d: %g after ScaleLayer(1, 3), want 3·%g", o, after[o], before[o])
		}
	}
	teacher.ScaleLayer(0, math.Sqrt(d))
	var s2 float64
	for _, row := range teacher.Weights[0] {
		for _, w := range row {
			s2 += w * w
		}
	}
	if v, se := s2/(200*d), math.Sqrt(2.0/(200*d)); math.Abs(v-1) > 5*se {
		t.Errorf("first-layer weight variance %.4f after ScaleLayer(0, √d), want 1", v)
	}
}
