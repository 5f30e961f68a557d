package metrics

import (
	"fmt"
	"math"
)

// ClusterAccuracy returns the accuracy of cluster assignments against class
// labels under the best one-to-one matching of clusters to classes, found
// by the Hungarian algorithm on their contingency table: the standard
// score of unsupervised clustering. Clusters and labels are non-negative
// integers; unmatched clusters (more clusters than classes) count as wrong.
func ClusterAccuracy(assign, labels []int) float64 {
	checkSameLength("ClusterAccuracy", "assign", "labels", len(assign), len(labels))
	var k int
	for i := range assign {
		if assign[i] < 0 || labels[i] < 0 {
			panic(fmt.Errorf("metrics.ClusterAccuracy: item %d has cluster %d, label %d; both must be ≥ 0", i, assign[i], labels[i]))
		}
		k = max(k, assign[i]+1, labels[i]+1)
	}
	counts := make([][]float64, k)
	for i := range counts {
		counts[i] = make([]float64, k)
	}
	for i := range assign {
		counts[assign[i]][labels[i]]++
	}
	var matched float64
	for c, l := range MaxWeightMatching(counts) {
		matched += counts[c][l]
	}
	return matched / float64(len(assign))
}

// MaxWeightMatching returns, for a square weight matrix w, the permutation
// match (row i ↦ column match[i]) that maximises Σ_i w[i][match[i]], by the
// Hungarian algorithm in O(n³) (Kuhn–Munkres, with potentials).
func MaxWeightMatching(w [][]float64) []int {
	n := len(w)
	for i, row := range w {
		if len(row) != n {
			panic(fmt.Errorf("metrics.MaxWeightMatching: row %d has %d weights in a %d-row matrix; want a square matrix", i, len(row), n))
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				panic(fmt.Errorf("metrics.MaxWeightMatching: w[%d][%d] = %v; only finite weights are allowed", i, j, v))
			}
		}
	}
	// Minimise the cost −w with 1-based potentials u (rows), v (columns);
	// p[j] is the row matched to column j, 0 for none.
	u, v := make([]float64, n+1), make([]float64, n+1)
	p, way := make([]int, n+1), make([]int, n+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		minv := make([]float64, n+1)
		used := make([]bool, n+1)
		for j := range minv {
			minv[j] = math.Inf(1)
		}
		for p[j0] != 0 {
			used[j0] = true
			i0, delta, j1 := p[j0], math.Inf(1), 0
			for j := 1; j <= n; j++ {
				if used[j] {
					continue
				}
				if cur := -w[i0-1][j-1] - u[i0] - v[j]; cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= n; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
		}
		for j0 != 0 {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	match := make([]int, n)
	for j := 1; j <= n; j++ {
		match[p[j]-1] = j - 1
	}
	return match
}
