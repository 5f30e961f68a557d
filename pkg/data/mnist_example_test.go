package data_test

import (
	"fmt"
	"math/rand"

	"github.com/papernb/papernb/pkg/data"
)

// Build the neural-collapse notebook's imbalanced set: digits 0–3 at 14×14,
// 1000, 500, 250 and 125 of them, with one-hot targets for an MSE loss.
func ExampleLoadMNIST() {
	train, err := data.LoadMNIST("train")
	if err != nil {
		panic(err)
	}
	fmt.Println(train.N, "training images of", train.Height, "×", train.Width, "pixels; the first is a", train.Labels[0])

	rng := rand.New(rand.NewSource(1))
	set, err := train.PerClass([]int{1000, 500, 250, 125}, rng)
	if err != nil {
		panic(err)
	}
	set, err = set.Downsample(2)
	if err != nil {
		panic(err)
	}
	targets := data.OneHot(set.Labels, 4)
	fmt.Println(set.N, "images of", set.Height, "×", set.Width, "pixels,", len(targets)/set.N, "targets each")

	// Output:
	// 60000 training images of 28 × 28 pixels; the first is a 5
	// 1875 images of 14 × 14 pixels, 4 targets each
}
