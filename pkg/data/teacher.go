package data

import (
	"fmt"
	"math"
	"math/rand"
)

// MLPTeacher is a fixed random fully connected network used as the ground
// truth of a teacher–student experiment: its outputs on random inputs are
// the targets a student learns. Layer l maps a vector v to
// Weights[l]·v + Biases[l] (Weights[l] is [out][in]), with Activation
// applied between layers but not after the last. The fields are exported so
// a notebook can set a paper's own initialisation.
type MLPTeacher struct {
	Weights    [][][]float64
	Biases     [][]float64
	Activation func(float64) float64
}

// NewMLPTeacher draws a teacher with layer sizes sizes[0] → … → sizes[L]
// (at least an input and an output size): weights N(0, 1/fan_in), so a
// unit-variance input gives unit-variance pre-activations, and biases
// N(0, biasStd²). activation may be nil (identity) only for a linear
// teacher, sizes of length 2: NewMLPTeacher(rng, []int{d, 1}, nil, 0) is
// the linear teacher y = w·x with w ~ N(0, I/d).
func NewMLPTeacher(rng *rand.Rand, sizes []int, activation func(float64) float64, biasStd float64) (*MLPTeacher, error) {
	if len(sizes) < 2 {
		return nil, fmt.Errorf("data.NewMLPTeacher: sizes %v: need an input and an output size at least", sizes)
	}
	for i, s := range sizes {
		if s < 1 {
			return nil, fmt.Errorf("data.NewMLPTeacher: sizes[%d] = %d: every size must be ≥ 1", i, s)
		}
	}
	if activation == nil && len(sizes) > 2 {
		return nil, fmt.Errorf("data.NewMLPTeacher: no activation for %d layers: a hidden layer needs one (nil is allowed for a linear teacher only)", len(sizes)-1)
	}
	if !(biasStd >= 0) || math.IsInf(biasStd, 0) {
		return nil, fmt.Errorf("data.NewMLPTeacher: bias std %g: need a finite value ≥ 0", biasStd)
	}
	t := &MLPTeacher{Activation: activation}
	for l := 0; l+1 < len(sizes); l++ {
		in, out := sizes[l], sizes[l+1]
		std := 1 / math.Sqrt(float64(in))
		w := make([][]float64, out)
		b := make([]float64, out)
		for o := range w {
			w[o] = make([]float64, in)
			for i := range w[o] {
				w[o][i] = std * rng.NormFloat64()
			}
		}
		for o := range b {
			b[o] = biasStd * rng.NormFloat64()
		}
		t.Weights = append(t.Weights, w)
		t.Biases = append(t.Biases, b)
	}
	return t, nil
}

// InputDim returns the size of an input.
func (t *MLPTeacher) InputDim() int { return len(t.Weights[0][0]) }

// OutputDim returns the size of an output.
func (t *MLPTeacher) OutputDim() int { return len(t.Weights[len(t.Weights)-1]) }

// Eval returns the teacher's output at x.
func (t *MLPTeacher) Eval(x []float64) []float64 {
	if len(x) != t.InputDim() {
		panic(fmt.Errorf("data.MLPTeacher.Eval: input of size %d, the teacher takes %d", len(x), t.InputDim()))
	}
	v := x
	for l, w := range t.Weights {
		next := make([]float64, len(w))
		for o, row := range w {
			s := t.Biases[l][o]
			for i, wi := range row {
				s += wi * v[i]
			}
			if l+1 < len(t.Weights) {
				s = t.Activation(s)
			}
			next[o] = s
		}
		v = next
	}
	return v
}

// EvalAll returns the outputs at every row of xs.
func (t *MLPTeacher) EvalAll(xs [][]float64) [][]float64 {
	out := make([][]float64, len(xs))
	for i, x := range xs {
		out[i] = t.Eval(x)
	}
	return out
}

// Standardize rescales and shifts the last layer so that every output has
// mean 0 and variance 1 over the inputs xs (population variance): the usual
// normalisation "rescale so that Var f* = 1", which makes losses comparable
// across teachers. An output constant over xs is left unscaled.
func (t *MLPTeacher) Standardize(xs [][]float64) {
	if len(xs) < 2 {
		panic(fmt.Errorf("data.MLPTeacher.Standardize: %d inputs, need at least 2 to estimate a variance", len(xs)))
	}
	ys := t.EvalAll(xs)
	last := len(t.Weights) - 1
	for o := range t.Weights[last] {
		var mean, sq float64
		for _, y := range ys {
			mean += y[o]
		}
		mean /= float64(len(ys))
		for _, y := range ys {
			sq += (y[o] - mean) * (y[o] - mean)
		}
		scale := 1.0
		if sq > 0 {
			scale = 1 / math.Sqrt(sq/float64(len(ys)))
		}
		for i := range t.Weights[last][o] {
			t.Weights[last][o][i] *= scale
		}
		t.Biases[last][o] = (t.Biases[last][o] - mean) * scale
	}
}

// Regression returns the teacher's outputs at xs plus independent Gaussian
// label noise of standard deviation noiseStd (0 for clean targets).
func (t *MLPTeacher) Regression(rng *rand.Rand, xs [][]float64, noiseStd float64) [][]float64 {
	if !(noiseStd >= 0) || math.IsInf(noiseStd, 0) {
		panic(fmt.Errorf("data.MLPTeacher.Regression: noise std %g: need a finite value ≥ 0", noiseStd))
	}
	ys := t.EvalAll(xs)
	if noiseStd > 0 {
		for _, y := range ys {
			for o := range y {
				y[o] += noiseStd * rng.NormFloat64()
			}
		}
	}
	return ys
}

// ScaleLayer multiplies layer l's weights by factor, for a paper's own
// initialisation: ScaleLayer(0, √d) on a [d, k, 1] tanh teacher gives
// first-layer weights u_k ~ N(0, I) (the random-feature teacher
// Σ a_k tanh(u_k·x + c_k) of the scaling-law papers), and ScaleLayer(1, 3)
// multiplies a classifier teacher's logits by 3 (its biases too).
func (t *MLPTeacher) ScaleLayer(l int, factor float64) {
	if l < 0 || l >= len(t.Weights) {
		panic(fmt.Errorf("data.MLPTeacher.ScaleLayer: layer %d, allowed [0, %d)", l, len(t.Weights)))
	}
	for _, row := range t.Weights[l] {
		for i := range row {
			row[i] *= factor
		}
	}
	if l == len(t.Weights)-1 {
		for o := range t.Biases[l] {
			t.Biases[l][o] *= factor
		}
	}
}
