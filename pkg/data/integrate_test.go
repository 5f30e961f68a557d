package data

import (
	"math"
	"testing"
)

func TestCumTrapzIntegratesCosine(t *testing.T) {
	maxErr := func(n int) float64 {
		xs := NewUniform(0, 2, n).Points()
		f := make([]float64, n)
		for i, x := range xs {
			f[i] = math.Cos(x)
		}
		return maxAbsError(CumTrapz(xs, f), func(i int) float64 { return math.Sin(xs[i]) })
	}
	e1, e2 := maxErr(101), maxErr(201)
	if e1 > 1e-4 {
		t.Errorf("101 points: max error %.3g, want < 1e-4", e1)
	}
	// Second order: halving h divides the error by about 4.
	if r := e1 / e2; r < 3.5 || r > 4.5 {
		t.Errorf("error ratio on halving h = %.2f, want ≈ 4 (second order)", r)
	}
}

func TestCumTrapzExactForPiecewiseLinear(t *testing.T) {
	xs := []float64{0, 0.1, 0.5, 0.7, 1}
	f := []float64{1, 3, -1, 0, 2}
	got := CumTrapz(xs, f)
	want := []float64{0, 0.2, 0.6, 0.5, 0.8} // segment areas 0.2, 0.4, −0.1, 0.3
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-15 {
			t.Errorf("CumTrapz[%d] = %g, want %g", i, got[i], want[i])
		}
	}
}

// s' = 1 − s², s(0) = 0 has the solution tanh(x); RK4's global error falls
// as h⁴.
func TestRK4FourthOrderOnTanh(t *testing.T) {
	f := func(x float64, s, ds []float64) { ds[0] = 1 - s[0]*s[0] }
	errAt := func(steps int) float64 {
		traj := RK4(f, []float64{0}, 0, 3, steps)
		if len(traj) != steps+1 {
			t.Fatalf("trajectory has %d values, want %d", len(traj), steps+1)
		}
		return maxAbsError(traj, func(i int) float64 { return math.Tanh(3 * float64(i) / float64(steps)) })
	}
	e1, e2 := errAt(30), errAt(60)
	if e1 > 1e-4 {
		t.Errorf("30 steps: max error %.3g, want < 1e-4", e1)
	}
	if r := e1 / e2; r < 12 || r > 20 {
		t.Errorf("error ratio on halving h = %.1f, want ≈ 16 (fourth order)", r)
	}
}

// A system: the harmonic oscillator s1' = s2, s2' = −s1 turns (1, 0) into
// (cos x, −sin x).
func TestRK4System(t *testing.T) {
	f := func(x float64, s, ds []float64) { ds[0], ds[1] = s[1], -s[0] }
	traj := RK4(f, []float64{1, 0}, 0, 2*math.Pi, 200)
	last := traj[len(traj)-2:]
	if math.Abs(last[0]-1) > 1e-6 || math.Abs(last[1]) > 1e-6 {
		t.Errorf("after one period state is (%g, %g), want (1, 0)", last[0], last[1])
	}
	mid := traj[100*2 : 100*2+2] // x = π
	if math.Abs(mid[0]+1) > 1e-6 || math.Abs(mid[1]) > 1e-6 {
		t.Errorf("after half a period state is (%g, %g), want (−1, 0)", mid[0], mid[1])
	}
}

func TestRK4RejectsBadArguments(t *testing.T) {
	f := func(x float64, s, ds []float64) { ds[0] = 0 }
	for name, call := range map[string]func(){
		"zero steps":  func() { RK4(f, []float64{0}, 0, 1, 0) },
		"empty state": func() { RK4(f, nil, 0, 1, 10) },
		"empty range": func() { RK4(f, []float64{0}, 1, 1, 10) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: RK4 did not panic", name)
				}
			}()
			call()
		}()
	}
}

// maxAbsError returns max_i |got[i] − want(i)|.
func maxAbsError(got []float64, want func(i int) float64) float64 {
	var e float64
	for i, v := range got {
		e = max(e, math.Abs(v-want(i)))
	}
	return e
}
