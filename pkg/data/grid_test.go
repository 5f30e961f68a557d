package data

import (
	"math"
	"testing"
)

func TestUniformPointsAndStep(t *testing.T) {
	g := NewUniform(-1, 1, 5)
	want := []float64{-1, -0.5, 0, 0.5, 1}
	for i, p := range g.Points() {
		if math.Abs(p-want[i]) > 1e-15 {
			t.Errorf("point %d = %g, want %g", i, p, want[i])
		}
	}
	if g.Step() != 0.5 {
		t.Errorf("step = %g, want 0.5", g.Step())
	}
	if g.At(4) != 1 {
		t.Errorf("last point = %.17g, want exactly 1", g.At(4))
	}
}

func TestInterpolation(t *testing.T) {
	g := NewUniform(0, 1, 3)
	v := []float64{0, 2, 1}
	cases := []struct{ x, want float64 }{
		{0, 0}, {0.25, 1}, {0.5, 2}, {0.75, 1.5}, {1, 1},
		{-3, 0}, {1 + 1e-9, 1}, // outside: held at the ends
	}
	general := PiecewiseLinear([]float64{0, 0.2, 1}, []float64{0, 2, 1})
	for _, c := range cases {
		if got := g.Interp(v, c.x); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Uniform.Interp(%g) = %g, want %g", c.x, got, c.want)
		}
		if got := Interp(g.Points(), v, c.x); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Interp(%g) = %g, want %g", c.x, got, c.want)
		}
		if got := PiecewiseLinear(g.Points(), v)(c.x); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("PiecewiseLinear(uniform)(%g) = %g, want %g", c.x, got, c.want)
		}
	}
	// Non-uniform knots must not take the uniform shortcut.
	if got := general(0.1); math.Abs(got-1) > 1e-12 {
		t.Errorf("PiecewiseLinear(non-uniform)(0.1) = %g, want 1", got)
	}
	if got := general(0.6); math.Abs(got-1.5) > 1e-12 {
		t.Errorf("PiecewiseLinear(non-uniform)(0.6) = %g, want 1.5", got)
	}
}

func TestBadGridsPanic(t *testing.T) {
	for name, call := range map[string]func(){
		"one point":         func() { NewUniform(0, 1, 1) },
		"reversed":          func() { NewUniform(1, 0, 5) },
		"unsorted knots":    func() { Interp([]float64{0, 2, 1}, []float64{0, 0, 0}, 0.5) },
		"length mismatch":   func() { PiecewiseLinear([]float64{0, 1}, []float64{0}) },
		"wrong value count": func() { NewUniform(0, 1, 3).Interp([]float64{1, 2}, 0.5) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			call()
		}()
	}
}
