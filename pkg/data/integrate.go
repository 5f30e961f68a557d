package data

import (
	"fmt"
)

// CumTrapz returns the running integral ∫_{xs[0]}^{xs[i]} f dx of the samples
// f[i] = f(xs[i]) by the trapezoid rule; the first value is 0. xs must be
// strictly increasing. The rule is exact for piecewise-linear f and its error
// is O(h²) for smooth f.
func CumTrapz(xs, f []float64) []float64 {
	checkKnots("data.CumTrapz", xs, f)
	out := make([]float64, len(f))
	for i := 1; i < len(f); i++ {
		out[i] = out[i-1] + 0.5*(xs[i]-xs[i-1])*(f[i]+f[i-1])
	}
	return out
}

// RHS is the right-hand side of a system of ODEs ds/dx = f(x, s): it writes
// f(x, s) into ds (same length as s) and must not keep s or ds.
type RHS func(x float64, s, ds []float64)

// RK4 integrates ds/dx = f(x, s) with s(x0) = s0 from x0 to x1 in steps equal
// steps of the classical fourth-order Runge–Kutta method (global error
// O(h⁴) for smooth f). It returns the trajectory flattened row by row:
// (steps+1)·len(s0) values, row i holding s at x0 + i·(x1−x0)/steps.
func RK4(f RHS, s0 []float64, x0, x1 float64, steps int) []float64 {
	if steps < 1 {
		panic(fmt.Errorf("data.RK4: steps = %d, must be ≥ 1", steps))
	}
	if len(s0) == 0 {
		panic(fmt.Errorf("data.RK4: empty initial state"))
	}
	if !(x1 != x0) {
		panic(fmt.Errorf("data.RK4: interval [%g, %g] is empty", x0, x1))
	}
	d := len(s0)
	h := (x1 - x0) / float64(steps)
	out := make([]float64, (steps+1)*d)
	copy(out, s0)
	k1, k2, k3, k4, tmp := make([]float64, d), make([]float64, d), make([]float64, d), make([]float64, d), make([]float64, d)
	for i := 0; i < steps; i++ {
		s := out[i*d : (i+1)*d]
		next := out[(i+1)*d : (i+2)*d]
		x := x0 + float64(i)*h
		f(x, s, k1)
		for j := range tmp {
			tmp[j] = s[j] + 0.5*h*k1[j]
		}
		f(x+0.5*h, tmp, k2)
		for j := range tmp {
			tmp[j] = s[j] + 0.5*h*k2[j]
		}
		f(x+0.5*h, tmp, k3)
		for j := range tmp {
			tmp[j] = s[j] + h*k3[j]
		}
		f(x+h, tmp, k4)
		for j := range next {
			next[j] = s[j] + h/6*(k1[j]+2*k2[j]+2*k3[j]+k4[j])
		}
	}
	return out
}
