package data_test

import (
	"fmt"
	"math/rand"

	"github.com/papernb/papernb/pkg/data"
)

// Pairs (u0, u(·, T)) for learning the Burgers solution operator, sampled
// at two resolutions from the same continuous functions.
func ExampleNewBurgers() {
	rng := rand.New(rand.NewSource(1))
	u0 := data.RandomFourierSeries(rng, 6, 0.5)
	b, err := data.NewBurgers(u0, 0.05)
	if err != nil {
		panic(err)
	}
	for _, n := range []int{64, 256} {
		xs := data.PeriodicGrid(n)
		in, out := u0.Sample(xs), b.Sample(xs, 0.3)
		fmt.Println(n, "points:", len(in), "inputs,", len(out), "targets")
	}
	fmt.Printf("u0 std %.2f\n", u0.Std())
	// Output:
	// 64 points: 64 inputs, 64 targets
	// 256 points: 256 inputs, 256 targets
	// u0 std 0.50
}
