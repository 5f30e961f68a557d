package data

import (
	"fmt"
	"math"
	"math/rand"
)

// Zipf is a categorical distribution over a finite vocabulary whose
// frequencies follow a power law in rank: P(r) ∝ (r+1)^−s for ranks
// r = 0 … V−1, rank 0 the most frequent. Word frequencies, item
// popularities and the values of categorical features in click logs look
// like this, with s near 1. Unlike math/rand.Zipf it allows any exponent
// s ≥ 0 (s = 0 is uniform), because the vocabulary is finite.
type Zipf struct {
	exponent float64
	probs    []float64
	cum      []float64
}

// NewZipf returns the Zipf distribution over vocab values with the given
// exponent.
func NewZipf(vocab int, exponent float64) (*Zipf, error) {
	if vocab < 1 {
		return nil, fmt.Errorf("data.NewZipf: vocabulary of %d values: need at least 1", vocab)
	}
	if !(exponent >= 0) || math.IsInf(exponent, 0) {
		return nil, fmt.Errorf("data.NewZipf: exponent %g: need a finite value ≥ 0", exponent)
	}
	z := &Zipf{exponent: exponent, probs: make([]float64, vocab), cum: make([]float64, vocab)}
	var total float64
	for r := range z.probs {
		z.probs[r] = math.Pow(float64(r+1), -exponent)
		total += z.probs[r]
	}
	var c float64
	for r := range z.probs {
		z.probs[r] /= total
		c += z.probs[r]
		z.cum[r] = c
	}
	z.cum[vocab-1] = 1
	return z, nil
}

// Vocab returns the number of values.
func (z *Zipf) Vocab() int { return len(z.probs) }

// Exponent returns s.
func (z *Zipf) Exponent() float64 { return z.exponent }

// Prob returns the probability of rank r.
func (z *Zipf) Prob(r int) float64 { return z.probs[r] }

// Draw returns one rank.
func (z *Zipf) Draw(rng *rand.Rand) int { return drawCum(rng, z.cum) }

// DrawN returns n independent ranks.
func (z *Zipf) DrawN(rng *rand.Rand, n int) []int {
	if n < 0 {
		panic(fmt.Errorf("data.Zipf.DrawN: n = %d, must be ≥ 0", n))
	}
	out := make([]int, n)
	for i := range out {
		out[i] = drawCum(rng, z.cum)
	}
	return out
}
