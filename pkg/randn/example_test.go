package randn_test

import (
	"fmt"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend"
	"github.com/papernb/papernb/pkg/randn"
)

// The same seed gives the same numbers on any machine and any number of CPUs.
func ExampleFill() {
	a := make([]float32, 3)
	b := make([]float32, 3)
	randn.Fill(a, 1)
	randn.Fill(b, 1)
	fmt.Println(a[0] == b[0] && a[1] == b[1] && a[2] == b[2])
	// Output: true
}

// The weights of 1000 random 64×64 layers, ready to feed a graph.Exec that
// multiplies them batched over the first axis.
func ExampleTensor() {
	backend, err := compute.NewWithConfig("go")
	if err != nil {
		panic(err)
	}
	w, err := randn.Tensor(backend, 42, 1000, 64, 64)
	if err != nil {
		panic(err)
	}
	fmt.Println(w.Shape())
	// Output: (Float32)[1000, 64, 64]
}
