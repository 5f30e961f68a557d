package ntk_test

import (
	"fmt"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/papernb/papernb/pkg/ntk"
)

// The NTK of a linear model f(x) = w·x is the Gram matrix of its inputs.
func ExampleEmpirical() {
	backend, err := compute.NewWithConfig("go")
	if err != nil {
		panic(err)
	}
	exec, err := graph.NewExec(backend, func(x, w *graph.Node) *graph.Node {
		f := graph.Dot(x, w).Product() // one output per row of x
		return ntk.Empirical(f, w)
	})
	if err != nil {
		panic(err)
	}
	theta := exec.MustCall([][]float32{{1, 0}, {1, 1}}, []float32{0.5, -2})[0]
	fmt.Println(theta.Value())
	// Output: [[1 1] [1 2]]
}
