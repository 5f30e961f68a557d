package data

import (
	"fmt"
	"math/rand"
	"sort"
)

// SparseParity is the (n, k)-sparse parity problem: inputs are n random
// bits written as ±1, and the label is the parity of k of them (the
// relevant bits, unknown to the learner). Its difficulty for gradient
// descent grows like n^k, while the function itself is tiny: it is the
// standard probe of how networks find a hidden sparse feature.
type SparseParity struct {
	Bits     int   // n, the input size
	Relevant []int // the k relevant positions, increasing
}

// NewSparseParity picks k of n positions at random as the relevant bits
// (0 ≤ k ≤ n; k = 0 gives the constant label 0).
func NewSparseParity(rng *rand.Rand, n, k int) (*SparseParity, error) {
	if n < 1 {
		return nil, fmt.Errorf("data.NewSparseParity: n = %d bits, need at least 1", n)
	}
	if k < 0 || k > n {
		return nil, fmt.Errorf("data.NewSparseParity: k = %d relevant bits of n = %d: need 0 ≤ k ≤ n", k, n)
	}
	rel := rng.Perm(n)[:k]
	sort.Ints(rel)
	return &SparseParity{Bits: n, Relevant: rel}, nil
}

// Label returns 1 when an odd number of the relevant entries of x are −1
// (their product is −1), else 0.
func (p *SparseParity) Label(x []float64) int {
	if len(x) != p.Bits {
		panic(fmt.Errorf("data.SparseParity.Label: input of %d bits, the problem has %d", len(x), p.Bits))
	}
	label := 0
	for _, i := range p.Relevant {
		if x[i] < 0 {
			label ^= 1
		}
	}
	return label
}

// Sample draws m inputs with independent uniform ±1 entries and their
// labels.
func (p *SparseParity) Sample(rng *rand.Rand, m int) (x [][]float64, labels []int) {
	if m < 0 {
		panic(fmt.Errorf("data.SparseParity.Sample: m = %d examples, must be ≥ 0", m))
	}
	x = make([][]float64, m)
	labels = make([]int, m)
	for i := range x {
		x[i] = make([]float64, p.Bits)
		for j := range x[i] {
			x[i][j] = 1
			if rng.Int63()&1 == 1 {
				x[i][j] = -1
			}
		}
		labels[i] = p.Label(x[i])
	}
	return x, labels
}

// BinaryPatterns returns all 2^n patterns of n bits as 0/1 values, pattern
// i holding the binary digits of i, most significant first: the whole
// input space of a small Boolean problem (n ≤ 24).
func BinaryPatterns(n int) [][]float64 {
	if n < 1 || n > 24 {
		panic(fmt.Errorf("data.BinaryPatterns: n = %d bits, allowed 1 ≤ n ≤ 24", n))
	}
	out := make([][]float64, 1<<n)
	for i := range out {
		out[i] = make([]float64, n)
		for j := range n {
			out[i][j] = float64(i >> (n - 1 - j) & 1)
		}
	}
	return out
}
