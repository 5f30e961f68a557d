package data

import (
	"fmt"
	"math"
	"math/rand"
)

// The synthetic generators return points as rows, [][]float64 with one
// inner slice per example, because that is how they are built and checked
// on the host. Flatten32 turns rows into the row-major float32 array a
// tensor is made from.

// Flatten32 returns rows as one row-major float32 array of
// len(rows)·len(rows[0]) values. Every row must have the same length.
func Flatten32(rows [][]float64) []float32 {
	if len(rows) == 0 {
		return nil
	}
	d := len(rows[0])
	out := make([]float32, 0, len(rows)*d)
	for i, r := range rows {
		if len(r) != d {
			panic(fmt.Errorf("data.Flatten32: row %d has %d values, row 0 has %d: rows must have equal lengths", i, len(r), d))
		}
		for _, v := range r {
			out = append(out, float32(v))
		}
	}
	return out
}

// StandardNormal draws n points from the d-dimensional standard normal
// N(0, I), the usual latent or input distribution of a teacher–student
// experiment. Values are drawn row by row from rng.
func StandardNormal(rng *rand.Rand, n, d int) [][]float64 {
	checkCount("data.StandardNormal", n, d)
	out := make([][]float64, n)
	for i := range out {
		out[i] = make([]float64, d)
		for j := range out[i] {
			out[i][j] = rng.NormFloat64()
		}
	}
	return out
}

// UniformCube draws n points uniformly from the cube [lo, hi)^d.
func UniformCube(rng *rand.Rand, n, d int, lo, hi float64) [][]float64 {
	checkCount("data.UniformCube", n, d)
	if !(lo < hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		panic(fmt.Errorf("data.UniformCube: interval [%g, %g) is not allowed: need finite lo < hi", lo, hi))
	}
	out := make([][]float64, n)
	for i := range out {
		out[i] = make([]float64, d)
		for j := range out[i] {
			out[i][j] = lo + (hi-lo)*rng.Float64()
		}
	}
	return out
}

func checkCount(who string, n, d int) {
	if n < 0 {
		panic(fmt.Errorf("%s: n = %d points, must be ≥ 0", who, n))
	}
	if d < 1 {
		panic(fmt.Errorf("%s: dimension %d, must be ≥ 1", who, d))
	}
}

// UnitSphere draws n points uniformly from the unit sphere in R^d (normalised
// standard normals), the input distribution of kernel and NTK theory.
func UnitSphere(rng *rand.Rand, n, d int) [][]float64 {
	checkCount("data.UnitSphere", n, d)
	out := StandardNormal(rng, n, d)
	for _, x := range out {
		var s float64
		for _, v := range x {
			s += v * v
		}
		for s == 0 { // probability zero, but a zero vector has no direction
			for j := range x {
				x[j] = rng.NormFloat64()
				s += x[j] * x[j]
			}
		}
		s = math.Sqrt(s)
		for j := range x {
			x[j] /= s
		}
	}
	return out
}

// Friedman1 draws n points of Friedman's first regression benchmark: x
// uniform on [0, 1]^d (d ≥ 5; features beyond the fifth are irrelevant) and
//
//	y = 10·sin(π·x1·x2) + 20·(x3 − 0.5)² + 10·x4 + 5·x5 + noise·ε,  ε ~ N(0, 1).
func Friedman1(rng *rand.Rand, n, d int, noise float64) (x [][]float64, y []float64) {
	if d < 5 {
		panic(fmt.Errorf("data.Friedman1: dimension %d, need ≥ 5", d))
	}
	if !(noise >= 0) || math.IsInf(noise, 0) {
		panic(fmt.Errorf("data.Friedman1: noise %g, need a finite value ≥ 0", noise))
	}
	x = UniformCube(rng, n, d, 0, 1)
	y = make([]float64, n)
	for i, p := range x {
		y[i] = Friedman1Mean(p) + noise*rng.NormFloat64()
	}
	return x, y
}

// Friedman1Mean returns the noiseless Friedman #1 target at x (len(x) ≥ 5).
func Friedman1Mean(x []float64) float64 {
	return 10*math.Sin(math.Pi*x[0]*x[1]) + 20*(x[2]-0.5)*(x[2]-0.5) + 10*x[3] + 5*x[4]
}
