package metrics

import (
	"errors"
	"fmt"
	"math"
	"math/rand"

	"gonum.org/v1/gonum/mat"
)

// Clustering is the result of KMeans.
type Clustering struct {
	Assign  []int      // cluster of each row, in [0, K)
	Centers *mat.Dense // K×p
	Inertia float64    // Σ squared distance of each row to its center
	Iters   int        // Lloyd iterations of the best restart
}

// KMeans clusters the rows of x into k groups by Lloyd's algorithm from
// k-means++ seeds (Arthur & Vassilvitskii 2007), keeping the best of
// restarts runs by inertia. Each run stops when no assignment changes (or
// after 300 iterations). It needs 1 ≤ k ≤ rows, restarts ≥ 1 and a seeded
// rng, so that results repeat.
func KMeans(x mat.Matrix, k, restarts int, rng *rand.Rand) (Clustering, error) {
	n, _ := x.Dims()
	switch {
	case k < 1 || k > n:
		return Clustering{}, fmt.Errorf("metrics.KMeans: k = %d with %d rows; want 1 ≤ k ≤ rows", k, n)
	case restarts < 1:
		return Clustering{}, fmt.Errorf("metrics.KMeans: restarts = %d; want ≥ 1", restarts)
	case rng == nil:
		return Clustering{}, errors.New("metrics.KMeans: rng is nil; pass a seeded *rand.Rand so the clustering repeats")
	}
	checkFinite("KMeans", "x", x)
	data := mat.DenseCopyOf(x)
	best := Clustering{Inertia: math.Inf(1)}
	for range restarts {
		if c := lloyd(data, seedPlusPlus(data, k, rng)); c.Inertia < best.Inertia {
			best = c
		}
	}
	return best, nil
}

// seedPlusPlus picks k initial centers: the first uniformly, each next one
// with probability proportional to its squared distance to the nearest
// center so far.
func seedPlusPlus(x *mat.Dense, k int, rng *rand.Rand) *mat.Dense {
	n, p := x.Dims()
	centers := mat.NewDense(k, p, nil)
	centers.SetRow(0, x.RawRowView(rng.Intn(n)))
	d2 := make([]float64, n)
	for i := range d2 {
		d2[i] = squaredDistance(x.RawRowView(i), centers.RawRowView(0))
	}
	for c := 1; c < k; c++ {
		var total float64
		for _, d := range d2 {
			total += d
		}
		pick := rng.Intn(n) // all points coincide with centers: any will do
		if total > 0 {
			u := rng.Float64() * total
			for i, d := range d2 {
				if u -= d; u < 0 {
					pick = i
					break
				}
			}
		}
		centers.SetRow(c, x.RawRowView(pick))
		for i := range d2 {
			d2[i] = math.Min(d2[i], squaredDistance(x.RawRowView(i), centers.RawRowView(c)))
		}
	}
	return centers
}

// lloyd alternates assignment and mean steps from the given centers. An
// emptied cluster keeps its previous center.
func lloyd(x, centers *mat.Dense) Clustering {
	n, p := x.Dims()
	k, _ := centers.Dims()
	assign := make([]int, n)
	for i := range assign {
		assign[i] = -1
	}
	c := Clustering{Assign: assign, Centers: centers}
	for c.Iters < 300 {
		c.Iters++
		changed := false
		c.Inertia = 0
		for i := range n {
			best, bestD := 0, math.Inf(1)
			for j := range k {
				if d := squaredDistance(x.RawRowView(i), centers.RawRowView(j)); d < bestD {
					best, bestD = j, d
				}
			}
			if assign[i] != best {
				assign[i], changed = best, true
			}
			c.Inertia += bestD
		}
		if !changed {
			break
		}
		sums := mat.NewDense(k, p, nil)
		counts := make([]float64, k)
		for i, a := range assign {
			counts[a]++
			row, src := sums.RawRowView(a), x.RawRowView(i)
			for j := range p {
				row[j] += src[j]
			}
		}
		for j := range k {
			if counts[j] == 0 {
				continue
			}
			row, dst := sums.RawRowView(j), centers.RawRowView(j)
			for d := range p {
				dst[d] = row[d] / counts[j]
			}
		}
	}
	return c
}

func squaredDistance(a, b []float64) float64 {
	var s float64
	for i := range a {
		d := a[i] - b[i]
		s += d * d
	}
	return s
}
