package metrics

import (
	"math"
	"math/rand"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/papernb/papernb/pkg/internal/gomlxtest"
	"github.com/papernb/papernb/pkg/nn"
	"gonum.org/v1/gonum/mat"
)

// The way a notebook uses it: a pkg/nn layer whose float32 variables were
// created and initialised by an earlier run of the model, found by
// HessianTopEigenvalue itself (vars = nil). For the mean squared error of a
// linear layer, L = mean((Xw + b − y)²), the Hessian in (w, b) is
// (2/n)·[X 1]ᵀ[X 1] whatever the weights, so its top eigenvalue is known.
func TestHessianTopEigenvalueOfDenseLayer(t *testing.T) {
	backend := gomlxtest.Backend(t)
	store := gomlxtest.Store(t, 4)
	rng := rand.New(rand.NewSource(23))
	const n, d = 32, 5
	x := randomMatrix(rng, n, d)
	for i := range n {
		x.Set(i, 0, 3*x.At(i, 0)+1) // a dominant, off-centre direction
	}
	xf := make([]float32, n*d)
	yf := make([]float32, n)
	for i := range n {
		for j := range d {
			xf[i*d+j] = float32(x.At(i, j))
		}
		yf[i] = float32(rng.NormFloat64())
	}
	inputs := []*tensors.Tensor{
		tensors.FromFlatDataAndDimensions(xf, n, d),
		tensors.FromFlatDataAndDimensions(yf, n, 1),
	}
	loss := func(scope *model.Scope, in []*graph.Node) *graph.Node {
		pred := nn.Dense(scope, in[0], 1, nn.DenseConfig{})
		return graph.ReduceAllMean(graph.Square(graph.Sub(pred, in[1])))
	}
	// Run the model once so that its variables exist and hold values.
	first := model.MustNewExec(backend, store, func(scope *model.Scope, in []*graph.Node) *graph.Node { return loss(scope, in) })
	first.MustExec(inputs[0], inputs[1])

	before := flatFloat64(store.GetVariable("/dense/weights").MustValue())
	got, err := HessianTopEigenvalue(backend, store, loss, inputs, nil, PowerIteration{Tolerance: 1e-7, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	// GoMLX v0.28.16 cannot differentiate the fused dense op's gradient on
	// the Go backend, so Auto must have fallen back.
	if got.Method != HVPFiniteDifference {
		t.Logf("method %v: double backward through nn.Dense works now; update the HVPAuto doc", got.Method)
	}
	after := flatFloat64(store.GetVariable("/dense/weights").MustValue())
	for i := range before {
		if before[i] != after[i] {
			t.Fatalf("weights changed by the Hessian computation: %v → %v", before, after)
		}
	}
	// Curvature along (w, b) = (1, …, 1, 2): (2/n)‖[X 1]·v‖² / ‖v‖².
	dirW := tensors.FromFlatDataAndDimensions([]float32{1, 1, 1, 1, 1}, d, 1)
	dirB := tensors.FromFlatDataAndDimensions([]float32{2}, 1)
	vars := []*model.Variable{store.GetVariable("/dense/weights"), store.GetVariable("/dense/biases")}
	curv, method, err := DirectionalCurvature(backend, store, loss, inputs, vars, []*tensors.Tensor{dirW, dirB}, HVPAuto)
	if err != nil {
		t.Fatal(err)
	}
	var quad float64
	for i := range n {
		s := 2.0
		for j := range d {
			s += x.At(i, j)
		}
		quad += s * s
	}
	if want := 2 / float64(n) * quad / (d + 4); math.Abs(curv-want) > 1e-3*want {
		t.Errorf("DirectionalCurvature = %v (%v), want %v", curv, method, want)
	}

	aug := mat.NewDense(n, d+1, nil)
	for i := range n {
		for j := range d {
			aug.Set(i, j, x.At(i, j))
		}
		aug.Set(i, d, 1)
	}
	var h mat.SymDense
	h.SymOuterK(2.0/n, aug.T())
	var eig mat.EigenSym
	if !eig.Factorize(&h, false) {
		t.Fatal("EigenSym failed")
	}
	vals := eig.Values(nil)
	want := vals[len(vals)-1]
	if math.Abs(got.Value-want) > 1e-4*want || !got.Converged {
		t.Errorf("top Hessian eigenvalue %+v, want %v (float32 variables)", got, want)
	}
}
