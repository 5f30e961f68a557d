package metrics

import (
	"fmt"
	"math"
	"sort"
)

// midranks returns the rank of each value of x, 1-based, giving tied values
// the mean of the ranks they span (so 10, 20, 20, 30 ranks as 1, 2.5, 2.5, 4).
func midranks(x []float64) []float64 {
	order := make([]int, len(x))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return x[order[a]] < x[order[b]] })
	ranks := make([]float64, len(x))
	for lo := 0; lo < len(order); {
		hi := lo + 1
		for hi < len(order) && x[order[hi]] == x[order[lo]] {
			hi++
		}
		r := float64(lo+hi+1) / 2 // mean of the 1-based ranks lo+1 … hi
		for _, i := range order[lo:hi] {
			ranks[i] = r
		}
		lo = hi
	}
	return ranks
}

// Spearman returns Spearman's rank correlation ρ of x and y: the Pearson
// correlation of their midranks, which is the standard treatment of ties.
// It is NaN when either input is constant (no ranking to compare).
func Spearman(x, y []float64) float64 {
	checkRankInput("Spearman", x, y)
	return pearson(midranks(x), midranks(y))
}

func pearson(x, y []float64) float64 {
	_, _, sxx, sxy, syy := centredSums(x, y)
	return sxy / math.Sqrt(sxx*syy)
}

// centredSums returns the means of x and y and the sums of centred squares
// and products Σ(x−x̄)², Σ(x−x̄)(y−ȳ), Σ(y−ȳ)²: two passes, so no
// cancellation when the means are large.
func centredSums(x, y []float64) (mx, my, sxx, sxy, syy float64) {
	n := float64(len(x))
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= n
	my /= n
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxx += dx * dx
		sxy += dx * dy
		syy += dy * dy
	}
	return mx, my, sxx, sxy, syy
}

// KendallTau returns Kendall's τ_b of x and y,
//
//	τ_b = (C − D) / √((n₀ − T_x)(n₀ − T_y)),
//
// where C and D count concordant and discordant pairs, n₀ = n(n−1)/2, and
// T_x, T_y count pairs tied in x and in y. Without ties it is τ_a. It is NaN
// when either input is constant. It compares all pairs, O(n²): fine for the
// thousands of points a notebook ranks.
func KendallTau(x, y []float64) float64 {
	checkRankInput("KendallTau", x, y)
	var concordant, discordant, tiedX, tiedY float64
	for i := range x {
		for j := i + 1; j < len(x); j++ {
			dx, dy := x[i]-x[j], y[i]-y[j]
			switch {
			case dx == 0 && dy == 0:
				tiedX++
				tiedY++
			case dx == 0:
				tiedX++
			case dy == 0:
				tiedY++
			case (dx > 0) == (dy > 0):
				concordant++
			default:
				discordant++
			}
		}
	}
	n0 := float64(len(x)) * float64(len(x)-1) / 2
	return (concordant - discordant) / math.Sqrt((n0-tiedX)*(n0-tiedY))
}

func checkRankInput(fn string, x, y []float64) {
	checkSameLength(fn, "x", "y", len(x), len(y))
	if len(x) < 2 {
		panic(fmt.Errorf("metrics.%s: %d pairs; a rank correlation needs at least 2", fn, len(x)))
	}
	for i := range x {
		if math.IsNaN(x[i]) || math.IsNaN(y[i]) {
			panic(fmt.Errorf("metrics.%s: pair %d is (%v, %v); NaN has no rank", fn, i, x[i], y[i]))
		}
	}
}
