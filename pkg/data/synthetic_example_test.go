package data_test

import (
	"fmt"
	"math"
	"math/rand"

	"github.com/papernb/papernb/pkg/data"
)

// Four equally hard classes in 8 dimensions: every pair of means is 3 apart.
func ExampleSimplexMixture() {
	rng := rand.New(rand.NewSource(1))
	g, err := data.SimplexMixture(rng, 4, 8, 3, 1)
	if err != nil {
		panic(err)
	}
	x, labels := g.Sample(rng, 1000)
	fmt.Println(len(x), "points of dimension", g.Dim(), "first label", labels[0] >= 0)
	// Output: 1000 points of dimension 8 first label true
}

// The two-spirals problem with a little noise, ready for a tensor.
func ExampleSpirals() {
	x, labels := data.Spirals(rand.New(rand.NewSource(1)), 400, 2, 1.5, 0.02)
	flat := data.Flatten32(x)
	fmt.Println(len(flat), "values,", labels[0], labels[1], labels[2])
	// Output: 800 values, 0 1 0
}

// A random tanh teacher on the cube, normalised to unit output variance,
// with noisy regression targets.
func ExampleNewMLPTeacher() {
	rng := rand.New(rand.NewSource(1))
	teacher, err := data.NewMLPTeacher(rng, []int{4, 32, 1}, math.Tanh, 1)
	if err != nil {
		panic(err)
	}
	xs := data.UniformCube(rng, 2000, 4, -1, 1)
	teacher.Standardize(xs)
	ys := teacher.Regression(rng, xs, 0.1)
	fmt.Println(len(ys), "targets of size", teacher.OutputDim())
	// Output: 2000 targets of size 1
}

// (20, 3)-sparse parity.
func ExampleNewSparseParity() {
	rng := rand.New(rand.NewSource(1))
	p, err := data.NewSparseParity(rng, 20, 3)
	if err != nil {
		panic(err)
	}
	x, labels := p.Sample(rng, 5)
	fmt.Println(len(p.Relevant), "relevant bits;", len(x[0]), "inputs per example;", len(labels), "labels")
	// Output: 3 relevant bits; 20 inputs per example; 5 labels
}

// The grokking task: modular addition mod 31 with 30% of the table for
// training.
func ExampleModular() {
	table, err := data.Modular(31, data.ModAdd)
	if err != nil {
		panic(err)
	}
	train, test, err := table.SplitFraction(rand.New(rand.NewSource(1)), 0.3)
	if err != nil {
		panic(err)
	}
	fmt.Println(table.Len(), "equations:", train.Len(), "train,", test.Len(), "test")
	// Output: 961 equations: 288 train, 673 test
}

// Item popularities with a Zipf(1.1) law over 1000 items.
func ExampleNewZipf() {
	z, err := data.NewZipf(1000, 1.1)
	if err != nil {
		panic(err)
	}
	fmt.Printf("P(top item) = %.3f, P(10th) = %.4f\n", z.Prob(0), z.Prob(9))
	// Output: P(top item) = 0.179, P(10th) = 0.0143
}

// A click log with three signal fields and a noise field, 20% clicks.
func ExampleNewCTR() {
	rng := rand.New(rand.NewSource(1))
	c, err := data.NewCTR(rng, data.CTRConfig{
		Vocabs: []int{500, 100, 20, 10}, Dims: []int{4, 2, 1, 0},
		Exponent: 1.1, ActiveFraction: 0.3, Scale: 1.5, BaseRate: 0.2,
	})
	if err != nil {
		panic(err)
	}
	rows, clicks, _ := c.Sample(rng, 1000)
	idx := c.FlatIndices(rows)
	fmt.Println(len(idx), "indices into a table of", c.Offsets()[c.NumFields()], "rows;", len(clicks), "clicks")
	// Output: 4000 indices into a table of 630 rows; 1000 clicks
}

// MovieLens-like ratings with an 80/10/10 split.
func ExampleNewRatings() {
	rng := rand.New(rand.NewSource(1))
	r, err := data.NewRatings(rng, data.RatingsConfig{
		Users: 3000, Items: 1500, UserExponent: 1.1, ItemExponent: 1.2,
		Rank: 16, FactorVar: 0.18, Mean: 3.5, UserBiasStd: 0.2, ItemBiasStd: 0.3, NoiseStd: 0.5,
	}, 20000)
	if err != nil {
		panic(err)
	}
	parts, err := data.SplitIndices(rng, r.Len(), 0.8, 0.1)
	if err != nil {
		panic(err)
	}
	train, valid, test := r.Select(parts[0]), r.Select(parts[1]), r.Select(parts[2])
	fmt.Println(train.Len(), valid.Len(), test.Len())
	// Output: 16000 2000 2000
}

// The "word2vec" language: 64 words in 8 groups, and the cross-entropy
// floor a skip-gram model can reach.
func ExampleGroupedMarkov() {
	rng := rand.New(rand.NewSource(1))
	chain, groupT, err := data.GroupedMarkov(rng, 8, 8, 0.3)
	if err != nil {
		panic(err)
	}
	floor := chain.EntropyRate()
	fmt.Println(chain.States(), "words,", len(groupT), "groups; floor above ln 8:", floor > 2.079)
	// Output: 64 words, 8 groups; floor above ln 8: true
}

// Friedman #1 with 10 features, 5 of them irrelevant.
func ExampleFriedman1() {
	x, y := data.Friedman1(rand.New(rand.NewSource(1)), 1500, 10, 1)
	fmt.Println(len(x), len(x[0]), len(y))
	// Output: 1500 10 1500
}

func ExampleBinaryPatterns() {
	for _, p := range data.BinaryPatterns(2) {
		fmt.Println(p)
	}
	// Output:
	// [0 0]
	// [0 1]
	// [1 0]
	// [1 1]
}

// The random-feature teacher f(x) = Σ_k a_k tanh(u_k·x + c_k) with
// u_k ~ N(0, I), c_k ~ N(0, 1), a_k ~ N(0, 1/32), rescaled to unit variance
// on the cube.
func ExampleMLPTeacher_ScaleLayer() {
	rng := rand.New(rand.NewSource(1))
	const d = 4
	teacher, err := data.NewMLPTeacher(rng, []int{d, 32, 1}, math.Tanh, 1)
	if err != nil {
		panic(err)
	}
	teacher.ScaleLayer(0, math.Sqrt(d))
	teacher.Standardize(data.UniformCube(rng, 10000, d, -1, 1))
	fmt.Println(len(teacher.Weights[0]), "features")
	// Output: 32 features
}
