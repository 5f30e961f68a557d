package data

import (
	"fmt"
	"math/rand"
	"runtime"
	"sync"
)

// Operator maps an input function u to its image G(u), evaluated at the
// query points ys. Operators must be safe to call from several goroutines at
// once (NewOperatorSet does).
type Operator func(u func(x float64) float64, ys []float64) []float64

// Antiderivative returns the operator G(u)(y) = ∫_{grid.Lo}^{y} u(x) dx:
// u is sampled on grid, integrated with the cumulative trapezoid rule, and
// the running integral is interpolated linearly at each y. With grid step h
// the error is O(h²).
func Antiderivative(grid Uniform) Operator {
	checkGrid("data.Antiderivative", grid)
	xs := grid.Points()
	return func(u func(float64) float64, ys []float64) []float64 {
		f := make([]float64, len(xs))
		for i, x := range xs {
			f[i] = u(x)
		}
		s := CumTrapz(xs, f)
		return interpAll(grid, s, ys)
	}
}

// ScalarODE returns the solution operator of the initial value problem
//
//	ds/dx = g(s, u(x), x),  s(grid.Lo) = s0,
//
// solved with RK4 over the grid's N−1 steps; s is interpolated linearly
// between grid points at each y (error O(h²), the RK4 error being O(h⁴)).
// The DeepONet paper's operators are g = u (antiderivative) and g = −s² + u.
func ScalarODE(g func(s, u, x float64) float64, s0 float64, grid Uniform) Operator {
	checkGrid("data.ScalarODE", grid)
	if g == nil {
		panic(fmt.Errorf("data.ScalarODE: nil right-hand side g"))
	}
	return func(u func(float64) float64, ys []float64) []float64 {
		f := func(x float64, s, ds []float64) { ds[0] = g(s[0], u(x), x) }
		s := RK4(f, []float64{s0}, grid.Lo, grid.Hi, grid.N-1)
		return interpAll(grid, s, ys)
	}
}

func checkGrid(who string, g Uniform) {
	if g.N < 2 || !(g.Lo < g.Hi) {
		panic(fmt.Errorf("%s: grid %+v is not allowed: need N ≥ 2 and Lo < Hi (use NewUniform)", who, g))
	}
}

func interpAll(grid Uniform, values, ys []float64) []float64 {
	out := make([]float64, len(ys))
	for k, y := range ys {
		out[k] = grid.Interp(values, y)
	}
	return out
}

// LinearFunctions turns sampled functions (values[i][j] = u_i(xs[j]), for
// example from GRF.Sample) into callables by piecewise-linear interpolation.
func LinearFunctions(xs []float64, values [][]float64) []func(float64) float64 {
	fs := make([]func(float64) float64, len(values))
	for i, v := range values {
		fs[i] = PiecewiseLinear(xs, v)
	}
	return fs
}

// RandomQueries draws q query points uniformly from [lo, hi) for each of n
// functions.
func RandomQueries(rng *rand.Rand, n, q int, lo, hi float64) [][]float64 {
	if n < 0 || q < 1 || !(lo < hi) {
		panic(fmt.Errorf("data.RandomQueries: n = %d, q = %d, [%g, %g) not allowed: need n ≥ 0, q ≥ 1, lo < hi", n, q, lo, hi))
	}
	return UniformCube(rng, n, q, lo, hi)
}

// OperatorSet holds examples of an operator G, grouped by input function:
// function i is seen through its values at the sensors, U[i][j] = u_i(Sensors[j]),
// and its image at its own query points, S[i][k] = G(u_i)(Y[i][k]).
// Each (U[i], Y[i][k], S[i][k]) is one training triplet of the DeepONet paper.
type OperatorSet struct {
	Sensors []float64
	U, Y, S [][]float64
}

// NewOperatorSet evaluates op on every input at its queries (queries[i]
// belongs to inputs[i]) and samples every input at the sensors. The work is
// spread over GOMAXPROCS goroutines; the result does not depend on how.
func NewOperatorSet(op Operator, inputs []func(float64) float64, sensors []float64, queries [][]float64) OperatorSet {
	if len(inputs) != len(queries) {
		panic(fmt.Errorf("data.NewOperatorSet: %d inputs but %d query lists: need one list per input", len(inputs), len(queries)))
	}
	if len(sensors) == 0 {
		panic(fmt.Errorf("data.NewOperatorSet: no sensors"))
	}
	n := len(inputs)
	set := OperatorSet{
		Sensors: append([]float64(nil), sensors...),
		U:       make([][]float64, n),
		Y:       make([][]float64, n),
		S:       make([][]float64, n),
	}
	workers := min(runtime.GOMAXPROCS(0), max(n, 1))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				u := inputs[i]
				set.U[i] = make([]float64, len(sensors))
				for j, x := range sensors {
					set.U[i][j] = u(x)
				}
				set.Y[i] = append([]float64(nil), queries[i]...)
				set.S[i] = op(u, queries[i])
			}
		}()
	}
	wg.Wait()
	return set
}

// Len returns the number of input functions.
func (s OperatorSet) Len() int { return len(s.U) }

// NumTriplets returns the number of (u, y, G(u)(y)) triplets.
func (s OperatorSet) NumTriplets() int {
	n := 0
	for _, y := range s.Y {
		n += len(y)
	}
	return n
}

// Slice returns the functions lo..hi-1 (sharing storage with s).
func (s OperatorSet) Slice(lo, hi int) OperatorSet {
	if lo < 0 || hi > s.Len() || lo > hi {
		panic(fmt.Errorf("data.OperatorSet.Slice(%d, %d): out of range for %d functions", lo, hi, s.Len()))
	}
	return OperatorSet{Sensors: s.Sensors, U: s.U[lo:hi], Y: s.Y[lo:hi], S: s.S[lo:hi]}
}

// Flat32 returns the triplets as float32 arrays, one row per triplet in
// function order: u is [NumTriplets, len(Sensors)] row-major (a function's
// sensor values repeated for each of its queries), y and g are
// [NumTriplets]. This is the layout a model's input tensors take.
func (s OperatorSet) Flat32() (u, y, g []float32) {
	m := len(s.Sensors)
	rows := s.NumTriplets()
	u = make([]float32, 0, rows*m)
	y = make([]float32, 0, rows)
	g = make([]float32, 0, rows)
	for i := range s.U {
		for k := range s.Y[i] {
			for _, v := range s.U[i] {
				u = append(u, float32(v))
			}
			y = append(y, float32(s.Y[i][k]))
			g = append(g, float32(s.S[i][k]))
		}
	}
	return u, y, g
}
