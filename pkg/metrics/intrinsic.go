package metrics

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// TwoNN estimates the intrinsic dimension of points (one per row) from the
// ratio μ = r₂/r₁ of each point's second- to first-nearest-neighbour
// distance (Facco, d'Errico, Rodriguez & Laio 2017). On a d-dimensional
// manifold with locally uniform density μ follows a Pareto law,
// F(μ) = 1 − μ^{−d}, so −ln(1 − F(μ)) = d·ln μ: d is the slope of a line
// through the origin fitted to the empirical distribution, after discarding
// the largest discard·N ratios (0.1 in the paper), which come from points
// where the density is not locally uniform.
//
// Only the two nearest neighbours enter, so it is insensitive to curvature
// and density changes at larger scales. It needs at least 3 distinct points
// and discard in [0, 1); duplicate points give r₁ = 0 and an error.
// Neighbours are found by brute force, O(N²·p).
func TwoNN(points mat.Matrix, discard float64) (float64, error) {
	if !(discard >= 0 && discard < 1) {
		return 0, fmt.Errorf("metrics.TwoNN: discard = %v; want a fraction in [0, 1) (0.1 in Facco et al.)", discard)
	}
	dists, err := nearestDistances("TwoNN", points, 2)
	if err != nil {
		return 0, err
	}
	n := len(dists)
	logMu := make([]float64, n)
	for i, d := range dists {
		logMu[i] = math.Log(d[1] / d[0])
	}
	sort.Float64s(logMu)
	keep := int(math.Floor(float64(n) * (1 - discard)))
	var sxy, sxx float64
	for i := range keep {
		f := float64(i+1) / float64(n) // empirical CDF at the (i+1)-th smallest μ
		y := -math.Log(1 - f)
		sxy += logMu[i] * y
		sxx += logMu[i] * logMu[i]
	}
	if keep < 2 || sxx == 0 {
		return 0, fmt.Errorf("metrics.TwoNN: %d ratios kept of %d points; need at least 2 with r₂ > r₁", keep, n)
	}
	return sxy / sxx, nil
}

// IntrinsicDimMLE estimates the intrinsic dimension of points (one per row)
// by the maximum-likelihood estimator of Levina & Bickel (2005) with the
// averaging of MacKay & Ghahramani (2005). From the distances T₁ ≤ … ≤ T_k
// to a point's k nearest neighbours, the local estimate is
//
//	m̂(x) = [ (1/(k−1)) Σ_{j<k} ln(T_k/T_j) ]⁻¹,
//
// and the global estimate averages the inverses, [ mean_x 1/m̂(x) ]⁻¹, which
// is the maximum-likelihood pooling and less biased upward than averaging
// m̂(x) itself. k trades bias (large k reaches curved, non-uniform regions)
// for variance; 10–20 is usual. It needs 2 ≤ k < N and no duplicate points.
func IntrinsicDimMLE(points mat.Matrix, k int) (float64, error) {
	n, _ := points.Dims()
	if k < 2 || k >= n {
		return 0, fmt.Errorf("metrics.IntrinsicDimMLE: k = %d with %d points; want 2 ≤ k < N", k, n)
	}
	dists, err := nearestDistances("IntrinsicDimMLE", points, k)
	if err != nil {
		return 0, err
	}
	var sumInverse float64
	for _, d := range dists {
		var s float64
		for j := range k - 1 {
			s += math.Log(d[k-1] / d[j])
		}
		sumInverse += s / float64(k-1)
	}
	return float64(n) / sumInverse, nil
}

// nearestDistances returns, for each row of points, the Euclidean distances
// to its k nearest other rows in increasing order. It fails if a point has
// a neighbour at distance 0 (a duplicate), where every estimator divides by 0.
func nearestDistances(fn string, points mat.Matrix, k int) ([][]float64, error) {
	n, p := points.Dims()
	if n <= k {
		return nil, fmt.Errorf("metrics.%s: %d points; need more than %d", fn, n, k)
	}
	checkFinite(fn, "points", points)
	x := mat.DenseCopyOf(points)
	out := make([][]float64, n)
	for i := range n {
		best := make([]float64, k) // squared distances, kept sorted
		for j := range best {
			best[j] = math.Inf(1)
		}
		ri := x.RawRowView(i)
		for j := range n {
			if j == i {
				continue
			}
			rj := x.RawRowView(j)
			var d float64
			for c := range p {
				e := ri[c] - rj[c]
				d += e * e
			}
			if d < best[k-1] {
				pos := k - 1
				for pos > 0 && best[pos-1] > d {
					best[pos] = best[pos-1]
					pos--
				}
				best[pos] = d
			}
		}
		if best[0] == 0 {
			return nil, fmt.Errorf("metrics.%s: point %d has a duplicate at distance 0; remove duplicate points first", fn, i)
		}
		for j := range best {
			best[j] = math.Sqrt(best[j])
		}
		out[i] = best
	}
	return out, nil
}
