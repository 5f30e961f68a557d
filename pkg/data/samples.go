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
