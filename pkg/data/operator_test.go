package data

import (
	"math"
	"math/rand"
	"runtime"
	"testing"
)

func TestAntiderivativeOfKnownFunction(t *testing.T) {
	op := Antiderivative(NewUniform(0, 1, 1001))
	u := func(x float64) float64 { return math.Cos(2 * math.Pi * x) }
	ys := []float64{0, 0.1, 0.25, 0.33, 0.5, 0.9, 1}
	for k, s := range op(u, ys) {
		want := math.Sin(2*math.Pi*ys[k]) / (2 * math.Pi)
		if math.Abs(s-want) > 1e-6 {
			t.Errorf("∫cos(2πx) up to %g = %.8f, want %.8f", ys[k], s, want)
		}
	}
}

func TestScalarODEOperatorOnTanh(t *testing.T) {
	// ds/dx = −s² + u with u ≡ 1 and s(0) = 0 is tanh.
	op := ScalarODE(func(s, u, x float64) float64 { return -s*s + u }, 0, NewUniform(0, 1, 1001))
	ys := []float64{0.05, 0.5, 0.77, 1}
	for k, s := range op(func(float64) float64 { return 1 }, ys) {
		if want := math.Tanh(ys[k]); math.Abs(s-want) > 1e-6 {
			t.Errorf("s(%g) = %.8f, want tanh = %.8f", ys[k], s, want)
		}
	}
	// With g = u it is the antiderivative again.
	anti := ScalarODE(func(s, u, x float64) float64 { return u }, 0, NewUniform(0, 1, 101))
	if got := anti(func(x float64) float64 { return 3 * x * x }, []float64{1})[0]; math.Abs(got-1) > 1e-12 {
		t.Errorf("∫3x² on [0,1] by RK4 = %.15f, want 1", got)
	}
}

func TestOperatorSetLayoutAndDeterminism(t *testing.T) {
	grid := NewUniform(0, 1, 51)
	g, err := NewGRF(grid.Points(), 0.2, 0)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(5))
	inputs := LinearFunctions(grid.Points(), g.Sample(rng, 7))
	queries := RandomQueries(rng, 7, 3, 0, 1)
	sensors := NewUniform(0, 1, 4).Points()
	op := Antiderivative(NewUniform(0, 1, 201))

	prev := runtime.GOMAXPROCS(1)
	one := NewOperatorSet(op, inputs, sensors, queries)
	runtime.GOMAXPROCS(4)
	four := NewOperatorSet(op, inputs, sensors, queries)
	runtime.GOMAXPROCS(prev)

	if one.Len() != 7 || one.NumTriplets() != 21 {
		t.Fatalf("Len = %d, NumTriplets = %d, want 7 and 21", one.Len(), one.NumTriplets())
	}
	for i := range one.S {
		for k := range one.S[i] {
			if one.S[i][k] != four.S[i][k] {
				t.Fatalf("result depends on GOMAXPROCS at [%d][%d]: %g vs %g", i, k, one.S[i][k], four.S[i][k])
			}
			if want := op(inputs[i], queries[i][k:k+1])[0]; one.S[i][k] != want {
				t.Errorf("S[%d][%d] = %g, want G(u)(y) = %g", i, k, one.S[i][k], want)
			}
		}
		for j, x := range sensors {
			if one.U[i][j] != inputs[i](x) {
				t.Errorf("U[%d][%d] = %g, want u(%g) = %g", i, j, one.U[i][j], x, inputs[i](x))
			}
		}
	}

	u, y, s := one.Slice(2, 4).Flat32()
	if len(u) != 6*4 || len(y) != 6 || len(s) != 6 {
		t.Fatalf("Flat32 of 2 functions × 3 queries: len(u, y, s) = %d, %d, %d; want 24, 6, 6", len(u), len(y), len(s))
	}
	// Row 4 is function 3 (second of the slice), query 1.
	if y[4] != float32(queries[3][1]) || s[4] != float32(one.S[3][1]) || u[4*4+2] != float32(one.U[3][2]) {
		t.Errorf("Flat32 row 4 = (u[2] %g, y %g, s %g), want (%g, %g, %g)", u[4*4+2], y[4], s[4], one.U[3][2], queries[3][1], one.S[3][1])
	}
}
