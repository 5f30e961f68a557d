package ntk_test

import (
	"fmt"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/papernb/papernb/pkg/ntk"
	"gonum.org/v1/gonum/mat"
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

// Kernel regression with the NTK of an infinitely wide two-layer ReLU
// network: what gradient descent on that network converges to. With ridge 0
// it interpolates the training targets.
func ExampleReLU() {
	kernel := ntk.ReLU{Depth: 2, WeightVar: 2, BiasVar: 0.1}
	train := mat.NewDense(3, 2, []float64{1, 0, 0, 1, -1, 0})
	y := mat.NewDense(3, 1, []float64{1, 0, -1})
	fit, err := ntk.FitKernelRegression(kernel.NTK(train, train), y, 0)
	if err != nil {
		panic(err)
	}
	test := mat.NewDense(2, 2, []float64{1, 0, 0.7, 0.7})
	pred := fit.Predict(kernel.NTK(test, train))
	fmt.Printf("%.3f %.3f\n", pred.At(0, 0), pred.At(1, 0))
	// Output: 1.000 0.559
}
