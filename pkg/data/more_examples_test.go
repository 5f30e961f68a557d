package data_test

import (
	"fmt"
	"math/rand"

	"gonum.org/v1/gonum/mat"

	"github.com/papernb/papernb/pkg/data"
)

// Binary Gaussian classification: y = ±1 with x | y ~ N(y·μ, I).
func ExampleNewGaussianMixture() {
	mu := []float64{0.6, 0.8}
	g, err := data.NewGaussianMixture([][]float64{{-mu[0], -mu[1]}, mu}, nil, nil)
	if err != nil {
		panic(err)
	}
	x, labels := g.Sample(rand.New(rand.NewSource(1)), 32)
	fmt.Println(len(x), "points,", g.Weights, "weights, label of the first:", labels[0] == 0 || labels[0] == 1)
	// Output: 32 points, [0.5 0.5] weights, label of the first: true
}

func ExampleRandomOrthogonal() {
	q := data.RandomOrthogonal(rand.New(rand.NewSource(1)), 3)
	var qtq mat.Dense
	qtq.Mul(q.T(), q)
	fmt.Println("QᵀQ = I:", mat.EqualApprox(&qtq, mat.NewDiagDense(3, []float64{1, 1, 1}), 1e-12))
	// Output: QᵀQ = I: true
}

// Inputs on the unit sphere, as in NTK theory.
func ExampleUnitSphere() {
	x := data.UnitSphere(rand.New(rand.NewSource(1)), 100, 3)
	fmt.Printf("%d points, |x₀|² = %.3f\n", len(x), x[0][0]*x[0][0]+x[0][1]*x[0][1]+x[0][2]*x[0][2])
	// Output: 100 points, |x₀|² = 1.000
}

// A peaked Dirichlet(0.3) draw, the rows of a sparse transition matrix.
func ExampleDirichlet() {
	p := data.Dirichlet(rand.New(rand.NewSource(1)), 0.3, 8)
	var s float64
	for _, v := range p {
		s += v
	}
	fmt.Printf("%d probabilities summing to %.3f\n", len(p), s)
	// Output: 8 probabilities summing to 1.000
}

// The TokFSM of the codebook-features paper: 100 states, 10 successors each.
func ExampleSparseMarkov() {
	rng := rand.New(rand.NewSource(1))
	fsm, err := data.SparseMarkov(rng, 100, 10, 1)
	if err != nil {
		panic(err)
	}
	seq := fsm.Sequence(rng, rng.Intn(100), 31)
	fmt.Println(len(seq), "states; next-state entropy below ln 10:", fsm.EntropyRate() < 2.303)
	// Output: 31 states; next-state entropy below ln 10: true
}

// Held-out packages: 60% of the text to pre-train on, 30% to adapt on and
// 10% to evaluate on, no package in two parts.
func ExampleTextCorpus_SplitPackages() {
	corpus, err := data.GoDocCorpus(data.GoDocOptions{})
	if err != nil {
		panic(err)
	}
	parts, err := corpus.SplitPackages(rand.New(rand.NewSource(1)), 0.6, 0.3)
	if err != nil {
		panic(err)
	}
	n := 0
	for _, p := range parts {
		n += len(p.Packages)
	}
	fmt.Println(len(parts), "parts holding all packages:", n == len(corpus.Packages))
	// Output: 3 parts holding all packages: true
}

func ExampleSplitIndices() {
	parts, err := data.SplitIndices(rand.New(rand.NewSource(1)), 10, 0.6, 0.2)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(parts[0]), len(parts[1]), len(parts[2]))
	// Output: 6 2 2
}
