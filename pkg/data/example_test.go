package data_test

import (
	"fmt"
	"math/rand"

	"github.com/papernb/papernb/pkg/data"
)

// Build the DeepONet paper's nonlinear-ODE data: input functions from a
// Gaussian random field, seen at 100 sensors, and the solution of
// ds/dx = −s² + u(x), s(0) = 0, at one random point each.
func Example() {
	rng := rand.New(rand.NewSource(1))
	grid := data.NewUniform(0, 1, 200)
	grf, err := data.NewGRF(grid.Points(), 0.2, 0)
	if err != nil {
		panic(err)
	}
	inputs := data.LinearFunctions(grid.Points(), grf.Sample(rng, 1000))
	queries := data.RandomQueries(rng, 1000, 1, 0, 1)
	ode := data.ScalarODE(func(s, u, x float64) float64 { return -s*s + u }, 0, data.NewUniform(0, 1, 1001))
	set := data.NewOperatorSet(ode, inputs, data.NewUniform(0, 1, 100).Points(), queries)
	u, y, s := set.Flat32()
	fmt.Println(set.Len(), "functions,", set.NumTriplets(), "triplets")
	fmt.Println(len(u)/len(y), "sensor values per triplet,", len(s), "targets")

	// Output:
	// 1000 functions, 1000 triplets
	// 100 sensor values per triplet, 1000 targets
}

// The solution operator of s' = −s² + u with u ≡ 1 gives tanh.
func ExampleScalarODE() {
	ode := data.ScalarODE(func(s, u, x float64) float64 { return -s*s + u }, 0, data.NewUniform(0, 1, 101))
	s := ode(func(float64) float64 { return 1 }, []float64{0.5, 1})
	fmt.Printf("s(0.5) = %.6f, s(1) = %.6f\n", s[0], s[1])
	// Output: s(0.5) = 0.462117, s(1) = 0.761594
}
