package data

import (
	"fmt"
	"math"
	"sort"
)

// Uniform is an equispaced grid of N points from Lo to Hi, both included.
type Uniform struct {
	Lo, Hi float64
	N      int
}

// NewUniform returns the grid of n equispaced points on [lo, hi]. It panics
// unless n ≥ 2 and lo < hi (both finite): a grid needs two ends.
func NewUniform(lo, hi float64, n int) Uniform {
	if n < 2 {
		panic(fmt.Errorf("data.NewUniform: n = %d points, need at least 2", n))
	}
	if !(lo < hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		panic(fmt.Errorf("data.NewUniform: interval [%g, %g] is not allowed: need finite lo < hi", lo, hi))
	}
	return Uniform{Lo: lo, Hi: hi, N: n}
}

// Step returns the spacing between neighbouring points.
func (g Uniform) Step() float64 { return (g.Hi - g.Lo) / float64(g.N-1) }

// At returns the i-th point. The last point is exactly Hi.
func (g Uniform) At(i int) float64 {
	if i == g.N-1 {
		return g.Hi
	}
	return g.Lo + float64(i)*g.Step()
}

// Points returns all N points.
func (g Uniform) Points() []float64 {
	p := make([]float64, g.N)
	for i := range p {
		p[i] = g.At(i)
	}
	return p
}

// Interp returns the piecewise-linear interpolant of values (one per grid
// point) at x. Outside [Lo, Hi] it holds the end value, so that a solver's
// last step, which may overshoot Hi by a rounding error, stays defined.
func (g Uniform) Interp(values []float64, x float64) float64 {
	if len(values) != g.N {
		panic(fmt.Errorf("data.Uniform.Interp: %d values for a grid of %d points", len(values), g.N))
	}
	t := (x - g.Lo) / g.Step()
	if !(t > 0) { // also catches NaN
		if math.IsNaN(t) {
			return math.NaN()
		}
		return values[0]
	}
	if t >= float64(g.N-1) {
		return values[g.N-1]
	}
	i := int(t)
	f := t - float64(i)
	return values[i] + f*(values[i+1]-values[i])
}

// Interp returns the piecewise-linear interpolant of (xs[i], ys[i]) at x;
// xs must be strictly increasing. Outside [xs[0], xs[len-1]] it holds the
// end values.
func Interp(xs, ys []float64, x float64) float64 {
	checkKnots("data.Interp", xs, ys)
	return interpSorted(xs, ys, x)
}

func interpSorted(xs, ys []float64, x float64) float64 {
	n := len(xs)
	if x <= xs[0] {
		return ys[0]
	}
	if x >= xs[n-1] {
		return ys[n-1]
	}
	i := sort.SearchFloat64s(xs, x) // xs[i-1] < x ≤ xs[i]
	f := (x - xs[i-1]) / (xs[i] - xs[i-1])
	return ys[i-1] + f*(ys[i]-ys[i-1])
}

// PiecewiseLinear returns the function that interpolates (xs[i], ys[i])
// linearly and holds the end values outside the knots; xs must be strictly
// increasing. It copies its arguments. Equispaced knots are detected and
// looked up in constant time, which matters when an ODE solver calls the
// function millions of times.
func PiecewiseLinear(xs, ys []float64) func(x float64) float64 {
	checkKnots("data.PiecewiseLinear", xs, ys)
	xs, ys = append([]float64(nil), xs...), append([]float64(nil), ys...)
	n := len(xs)
	g := Uniform{Lo: xs[0], Hi: xs[n-1], N: n}
	uniform := true
	for i, x := range xs {
		if math.Abs(x-g.At(i)) > 1e-12*(g.Hi-g.Lo) {
			uniform = false
			break
		}
	}
	if uniform {
		return func(x float64) float64 { return g.Interp(ys, x) }
	}
	return func(x float64) float64 { return interpSorted(xs, ys, x) }
}

func checkKnots(who string, xs, ys []float64) {
	if len(xs) < 2 || len(xs) != len(ys) {
		panic(fmt.Errorf("%s: %d knots and %d values: need at least 2 knots and one value per knot", who, len(xs), len(ys)))
	}
	for i := 1; i < len(xs); i++ {
		if !(xs[i] > xs[i-1]) {
			panic(fmt.Errorf("%s: knots must be strictly increasing, but xs[%d] = %g follows xs[%d] = %g", who, i, xs[i], i-1, xs[i-1]))
		}
	}
}
