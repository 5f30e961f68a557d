package metrics

import (
	"math/rand"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Brute force over all permutations must agree with the Hungarian
// algorithm on random matrices.
func TestMaxWeightMatchingAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewSource(16))
	var permute func(prefix []int, rest []int, visit func([]int))
	permute = func(prefix, rest []int, visit func([]int)) {
		if len(rest) == 0 {
			visit(prefix)
			return
		}
		for i := range rest {
			next := append(append([]int(nil), rest[:i]...), rest[i+1:]...)
			permute(append(prefix, rest[i]), next, visit)
		}
	}
	for trial := range 30 {
		n := 1 + trial%6
		w := make([][]float64, n)
		for i := range w {
			w[i] = make([]float64, n)
			for j := range w[i] {
				w[i][j] = float64(rng.Intn(10)) - 3
			}
		}
		best := -1e300
		cols := make([]int, n)
		for i := range cols {
			cols[i] = i
		}
		permute(nil, cols, func(perm []int) {
			var s float64
			for i, j := range perm {
				s += w[i][j]
			}
			best = max(best, s)
		})
		match := MaxWeightMatching(w)
		var got float64
		seen := make(map[int]bool)
		for i, j := range match {
			got += w[i][j]
			seen[j] = true
		}
		if got != best || len(seen) != n {
			t.Fatalf("n=%d: matching %v has weight %v, best permutation %v", n, match, got, best)
		}
	}
}

func TestClusterAccuracy(t *testing.T) {
	// Clusters are the classes relabeled, except one item.
	assign := []int{2, 2, 0, 0, 1, 1, 1}
	labels := []int{0, 0, 1, 1, 2, 2, 0}
	if got := ClusterAccuracy(assign, labels); !near(got, 6.0/7, 1e-15) {
		t.Errorf("ClusterAccuracy = %v, want 6/7", got)
	}
}

// Three well-separated Gaussian blobs in 4-D: k-means++ with a few restarts
// finds them exactly, and the same seed repeats the result.
func TestKMeansBlobs(t *testing.T) {
	rng := rand.New(rand.NewSource(17))
	const perBlob = 50
	centers := [][]float64{{0, 0, 0, 0}, {10, 0, 0, 0}, {0, 10, 10, 0}}
	x := mat.NewDense(3*perBlob, 4, nil)
	labels := make([]int, 3*perBlob)
	for i := range labels {
		labels[i] = i % 3
		for d := range 4 {
			x.Set(i, d, centers[labels[i]][d]+rng.NormFloat64())
		}
	}
	c, err := KMeans(x, 3, 3, rand.New(rand.NewSource(1)))
	if err != nil {
		t.Fatal(err)
	}
	if acc := ClusterAccuracy(c.Assign, labels); acc != 1 {
		t.Errorf("cluster accuracy %v on separated blobs, want 1", acc)
	}
	// Inertia ≈ n·p·σ² = 150·4 for unit noise.
	if c.Inertia < 450 || c.Inertia > 750 {
		t.Errorf("inertia %v, want ≈ 600", c.Inertia)
	}
	again, _ := KMeans(x, 3, 3, rand.New(rand.NewSource(1)))
	if again.Inertia != c.Inertia {
		t.Errorf("same seed, inertia %v then %v", c.Inertia, again.Inertia)
	}
	if _, err := KMeans(x, 0, 1, rng); err == nil {
		t.Error("k = 0: no error")
	}
}
