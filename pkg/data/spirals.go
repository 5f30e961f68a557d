package data

import (
	"fmt"
	"math"
	"math/rand"
)

// Spirals draws n points in the plane on arms interleaved spirals, the
// classic data set that no linear model and no small shallow network with
// a poor inductive bias separates. Point i lies on arm i mod arms (so the
// classes are balanced) at a position t uniform in [0, 1) along it:
//
//	r = t,  θ = 2π·turns·t + 2π·arm/arms,  x = r·(cos θ, sin θ) + ε,
//
// with ε ~ N(0, noise²·I). Two arms are the two-spirals problem, three the
// three-arm variant. The label of a point is its arm.
func Spirals(rng *rand.Rand, n, arms int, turns, noise float64) (x [][]float64, labels []int) {
	if n < 0 {
		panic(fmt.Errorf("data.Spirals: n = %d points, must be ≥ 0", n))
	}
	if arms < 1 {
		panic(fmt.Errorf("data.Spirals: %d arms, need at least 1", arms))
	}
	if !(turns > 0) || math.IsInf(turns, 0) {
		panic(fmt.Errorf("data.Spirals: %g turns, need a finite value > 0", turns))
	}
	if !(noise >= 0) || math.IsInf(noise, 0) {
		panic(fmt.Errorf("data.Spirals: noise %g, need a finite value ≥ 0", noise))
	}
	x = make([][]float64, n)
	labels = make([]int, n)
	for i := range x {
		arm := i % arms
		t := rng.Float64()
		theta := 2*math.Pi*turns*t + 2*math.Pi*float64(arm)/float64(arms)
		x[i] = []float64{t*math.Cos(theta) + noise*rng.NormFloat64(), t*math.Sin(theta) + noise*rng.NormFloat64()}
		labels[i] = arm
	}
	return x, labels
}
