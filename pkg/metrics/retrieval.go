package metrics

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// CosineSimilarities returns the n×m matrix of cosines between the rows of
// a (n×p) and of b (m×p). A zero row has no direction and panics.
func CosineSimilarities(a, b mat.Matrix) *mat.Dense {
	_, p := a.Dims()
	if _, q := b.Dims(); p != q {
		panic(fmt.Errorf("metrics.CosineSimilarities: a has %d columns but b has %d; they must match", p, q))
	}
	an, bn := unitRows("a", a), unitRows("b", b)
	var out mat.Dense
	out.Mul(an, bn.T())
	return &out
}

func unitRows(name string, m mat.Matrix) *mat.Dense {
	checkFinite("CosineSimilarities", name, m)
	out := mat.DenseCopyOf(m)
	for i, norm := range rowNorms(m) {
		if norm == 0 {
			panic(fmt.Errorf("metrics.CosineSimilarities: row %d of %s is zero; a cosine needs a direction", i, name))
		}
		row := out.RawRowView(i)
		for j := range row {
			row[j] /= norm
		}
	}
	return out
}

// RecallAtK returns the fraction of queries whose match is among the k
// highest-scoring candidates, for a square score matrix whose row i is
// query i against every candidate and whose true match is candidate i
// (paired image–text embeddings, say). Ties count against the query: the
// match must score strictly above all but at most k−1 others.
func RecallAtK(scores mat.Matrix, k int) float64 {
	n, m := scores.Dims()
	if n != m || n == 0 {
		panic(fmt.Errorf("metrics.RecallAtK: scores is %d×%d; want a non-empty square matrix with the match of row i in column i", n, m))
	}
	if k < 1 || k > n {
		panic(fmt.Errorf("metrics.RecallAtK: k = %d with %d candidates; want 1 ≤ k ≤ %d", k, n, n))
	}
	checkFinite("RecallAtK", "scores", scores)
	hits := 0
	for i := range n {
		target := scores.At(i, i)
		better := 0
		for j := range m {
			if j != i && scores.At(i, j) >= target {
				better++
			}
		}
		if better < k {
			hits++
		}
	}
	return float64(hits) / float64(n)
}
