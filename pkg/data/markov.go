package data

import (
	"fmt"
	"math"
	"math/rand"
	"sort"
)

// MarkovChain is a finite Markov chain, the simplest synthetic language:
// token t is followed by token u with probability P[t][u]. Its stationary
// distribution and entropy rate are exact, so a model's loss can be
// compared with the best possible.
type MarkovChain struct {
	P   [][]float64
	cum [][]float64
}

// NewMarkovChain checks that P is square with rows of non-negative entries
// summing to 1 (within 1e−9) and returns the chain.
func NewMarkovChain(p [][]float64) (*MarkovChain, error) {
	n := len(p)
	if n == 0 {
		return nil, fmt.Errorf("data.NewMarkovChain: empty transition matrix")
	}
	m := &MarkovChain{P: make([][]float64, n), cum: make([][]float64, n)}
	for i, row := range p {
		if len(row) != n {
			return nil, fmt.Errorf("data.NewMarkovChain: row %d has %d entries, need %d (a square matrix)", i, len(row), n)
		}
		var s float64
		m.cum[i] = make([]float64, n)
		for j, v := range row {
			if !(v >= 0) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("data.NewMarkovChain: P[%d][%d] = %g, need finite values ≥ 0", i, j, v)
			}
			s += v
			m.cum[i][j] = s
		}
		if math.Abs(s-1) > 1e-9 {
			return nil, fmt.Errorf("data.NewMarkovChain: row %d sums to %.12g, need 1", i, s)
		}
		m.cum[i][n-1] = 1
		m.P[i] = append([]float64(nil), row...)
	}
	return m, nil
}

// States returns the number of states (tokens).
func (m *MarkovChain) States() int { return len(m.P) }

// Stationary returns the distribution π with π·P = π, by power iteration
// on the lazy chain (P+I)/2, which has the same stationary distribution and
// converges for every irreducible chain, periodic ones included. For a
// reducible chain it returns the limit from the uniform start.
func (m *MarkovChain) Stationary() []float64 {
	n := m.States()
	pi := make([]float64, n)
	for i := range pi {
		pi[i] = 1 / float64(n)
	}
	next := make([]float64, n)
	for range 100000 {
		for j := range next {
			next[j] = pi[j] / 2
		}
		for i, row := range m.P {
			for j, v := range row {
				next[j] += pi[i] * v / 2
			}
		}
		var diff float64
		for j := range pi {
			diff += math.Abs(next[j] - pi[j])
		}
		pi, next = next, pi
		if diff < 1e-15 {
			break
		}
	}
	return pi
}

// EntropyRate returns −Σ_t π_t Σ_u P[t][u]·ln P[t][u] in nats: the
// smallest mean next-token cross-entropy any model can reach on long
// sequences of the chain.
func (m *MarkovChain) EntropyRate() float64 {
	var h float64
	for t, p := range m.Stationary() {
		for _, v := range m.P[t] {
			if v > 0 {
				h -= p * v * math.Log(v)
			}
		}
	}
	return h
}

// Next draws the state after t.
func (m *MarkovChain) Next(rng *rand.Rand, t int) int { return drawCum(rng, m.cum[t]) }

// Sequence returns length states starting at start (start included).
func (m *MarkovChain) Sequence(rng *rand.Rand, start, length int) []int {
	if start < 0 || start >= m.States() {
		panic(fmt.Errorf("data.MarkovChain.Sequence: start state %d, allowed [0, %d)", start, m.States()))
	}
	if length < 1 {
		panic(fmt.Errorf("data.MarkovChain.Sequence: length %d, need ≥ 1", length))
	}
	seq := make([]int, length)
	seq[0] = start
	for i := 1; i < length; i++ {
		seq[i] = m.Next(rng, seq[i-1])
	}
	return seq
}

// GroupedMarkov returns the chain of a "word2vec" language with
// groups·perGroup words in latent groups: word w is in group w/perGroup,
// and P(w'|w) = T[g(w)][g(w')]/perGroup, where T is a groups×groups
// row-stochastic matrix with Dirichlet(alpha) rows. Words of one group have
// identical contexts, so a good embedding puts them together. It also
// returns T.
func GroupedMarkov(rng *rand.Rand, groups, perGroup int, alpha float64) (*MarkovChain, [][]float64, error) {
	if groups < 1 || perGroup < 1 {
		return nil, nil, fmt.Errorf("data.GroupedMarkov: %d groups of %d words: need ≥ 1 of each", groups, perGroup)
	}
	if !(alpha > 0) || math.IsInf(alpha, 0) {
		return nil, nil, fmt.Errorf("data.GroupedMarkov: alpha %g, need a finite value > 0", alpha)
	}
	t := make([][]float64, groups)
	for g := range t {
		t[g] = Dirichlet(rng, alpha, groups)
	}
	n := groups * perGroup
	p := make([][]float64, n)
	for w := range p {
		p[w] = make([]float64, n)
		for u := range p[w] {
			p[w][u] = t[w/perGroup][u/perGroup] / float64(perGroup)
		}
	}
	m, err := NewMarkovChain(p)
	return m, t, err
}

// SparseMarkov returns a chain on n states in which each state has
// `successors` distinct successors chosen at random, with Dirichlet(alpha)
// transition probabilities among them (the TokFSM of the codebook-features
// paper: 100 states, 10 successors, alpha 1).
func SparseMarkov(rng *rand.Rand, n, successors int, alpha float64) (*MarkovChain, error) {
	if n < 1 || successors < 1 || successors > n {
		return nil, fmt.Errorf("data.SparseMarkov: %d states with %d successors: need 1 ≤ successors ≤ states", n, successors)
	}
	if !(alpha > 0) || math.IsInf(alpha, 0) {
		return nil, fmt.Errorf("data.SparseMarkov: alpha %g, need a finite value > 0", alpha)
	}
	p := make([][]float64, n)
	for s := range p {
		p[s] = make([]float64, n)
		next := rng.Perm(n)[:successors]
		sort.Ints(next)
		for k, w := range Dirichlet(rng, alpha, successors) {
			p[s][next[k]] = w
		}
	}
	return NewMarkovChain(p)
}
