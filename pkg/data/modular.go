package data

import (
	"fmt"
	"math/rand"
)

// ModOp is a binary operation on the residues mod p, the task of a
// grokking experiment. Apply returns a∘b mod p, and false where the
// operation is undefined (division by 0); PrimeOnly marks an operation
// that needs a prime modulus.
type ModOp struct {
	Name      string
	PrimeOnly bool
	Apply     func(a, b, p int) (int, bool)
}

// The operations of the grokking papers.
var (
	ModAdd = ModOp{Name: "a+b", Apply: func(a, b, p int) (int, bool) { return (a + b) % p, true }}
	ModSub = ModOp{Name: "a−b", Apply: func(a, b, p int) (int, bool) { return ((a-b)%p + p) % p, true }}
	ModMul = ModOp{Name: "a·b", Apply: func(a, b, p int) (int, bool) { return a * b % p, true }}
	// ModDiv is a·b⁻¹ for b ≠ 0, the inverse from Fermat's little theorem.
	ModDiv = ModOp{Name: "a/b", PrimeOnly: true, Apply: func(a, b, p int) (int, bool) {
		if b == 0 {
			return 0, false
		}
		return a * powMod(b, p-2, p) % p, true
	}}
)

// ModularSet is a set of equations a∘b = C (mod P), one per index.
type ModularSet struct {
	P       int
	A, B, C []int
}

// Modular returns the whole table of a∘b mod p over all pairs
// 0 ≤ a, b < p where op is defined, a-major (a = 0 first). p must be ≥ 2,
// and prime for a PrimeOnly operation; p² must fit easily in memory.
func Modular(p int, op ModOp) (ModularSet, error) {
	if p < 2 || p > 1<<15 {
		return ModularSet{}, fmt.Errorf("data.Modular: modulus %d: need 2 ≤ p ≤ 32768", p)
	}
	if op.Apply == nil {
		return ModularSet{}, fmt.Errorf("data.Modular: operation %q has no Apply function", op.Name)
	}
	if op.PrimeOnly && !isPrime(p) {
		return ModularSet{}, fmt.Errorf("data.Modular: %s needs a prime modulus, %d is not prime", op.Name, p)
	}
	s := ModularSet{P: p}
	for a := 0; a < p; a++ {
		for b := 0; b < p; b++ {
			if c, ok := op.Apply(a, b, p); ok {
				s.A = append(s.A, a)
				s.B = append(s.B, b)
				s.C = append(s.C, c)
			}
		}
	}
	return s, nil
}

// Len returns the number of equations.
func (s ModularSet) Len() int { return len(s.C) }

// Select returns the equations at the given indices, in that order.
func (s ModularSet) Select(indices []int) ModularSet {
	out := ModularSet{P: s.P, A: make([]int, len(indices)), B: make([]int, len(indices)), C: make([]int, len(indices))}
	for j, i := range indices {
		out.A[j], out.B[j], out.C[j] = s.A[i], s.B[i], s.C[i]
	}
	return out
}

// Split divides the equations at random into nTrain training equations
// and the rest as the test set: disjoint, together the whole table, each in
// random order. Grokking experiments size the training set by count
// (n = r·p·ln p) or by fraction (SplitFraction).
func (s ModularSet) Split(rng *rand.Rand, nTrain int) (train, test ModularSet, err error) {
	if nTrain < 0 || nTrain > s.Len() {
		return ModularSet{}, ModularSet{}, fmt.Errorf("data.ModularSet.Split: %d training equations asked for: need 0 ≤ n ≤ %d (the table's size)", nTrain, s.Len())
	}
	perm := rng.Perm(s.Len())
	return s.Select(perm[:nTrain]), s.Select(perm[nTrain:]), nil
}

// SplitFraction is Split with nTrain = round(fraction·Len()), 0 ≤ fraction ≤ 1.
func (s ModularSet) SplitFraction(rng *rand.Rand, fraction float64) (train, test ModularSet, err error) {
	if !(fraction >= 0 && fraction <= 1) {
		return ModularSet{}, ModularSet{}, fmt.Errorf("data.ModularSet.SplitFraction: fraction %g: need 0 ≤ fraction ≤ 1", fraction)
	}
	return s.Split(rng, int(fraction*float64(s.Len())+0.5))
}

func powMod(b, e, m int) int {
	r := 1
	b %= m
	for ; e > 0; e >>= 1 {
		if e&1 == 1 {
			r = r * b % m
		}
		b = b * b % m
	}
	return r
}

func isPrime(p int) bool {
	if p < 2 {
		return false
	}
	for d := 2; d*d <= p; d++ {
		if p%d == 0 {
			return false
		}
	}
	return true
}
