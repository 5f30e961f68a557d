package data

import (
	"math"
	"math/rand"
	"testing"
)

// Without noise every point lies exactly on its arm: its angle is
// 2π·turns·r + 2π·arm/arms modulo 2π, and the arms are balanced.
func TestSpiralsLieOnTheirArms(t *testing.T) {
	const arms, turns = 3, 1.5
	x, labels := Spirals(rand.New(rand.NewSource(1)), 3000, arms, turns, 0)
	count := make([]int, arms)
	for i, p := range x {
		count[labels[i]]++
		r := math.Hypot(p[0], p[1])
		if r >= 1 {
			t.Fatalf("point %d at radius %g, want < 1", i, r)
		}
		want := 2*math.Pi*turns*r + 2*math.Pi*float64(labels[i])/arms
		d := math.Remainder(math.Atan2(p[1], p[0])-want, 2*math.Pi)
		if math.Abs(d) > 1e-9 {
			t.Fatalf("point %d (arm %d, r = %g) is %g rad off its arm", i, labels[i], r, d)
		}
	}
	for a, c := range count {
		if c != 1000 {
			t.Errorf("arm %d has %d points, want 1000", a, c)
		}
	}
}

// The noise is isotropic Gaussian of the stated standard deviation, so it
// adds 2·noise² to the mean squared norm: E|x|² = E[t²] + 2·noise² =
// 1/3 + 2·noise² (the variance of t² is 4/45).
func TestSpiralsNoiseLevel(t *testing.T) {
	const n, noise = 20000, 0.2
	x, _ := Spirals(rand.New(rand.NewSource(4)), n, 2, 1, noise)
	var s2 float64
	for _, p := range x {
		s2 += p[0]*p[0] + p[1]*p[1]
	}
	got := s2 / n
	want := 1.0/3 + 2*noise*noise
	if se := math.Sqrt(0.15 / n); math.Abs(got-want) > 5*se {
		t.Errorf("mean |x|² = %.5f, want %.5f within %.5f", got, want, 5*se)
	}
}
