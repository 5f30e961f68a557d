package metrics

import (
	"math"
	"math/rand"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/papernb/papernb/pkg/internal/gomlxtest"
	"gonum.org/v1/gonum/mat"
)

// symmetricWithEigenvalues returns Q·diag(eig)·Qᵀ for a random orthogonal Q.
func symmetricWithEigenvalues(rng *rand.Rand, eig ...float64) [][]float64 {
	q := randomOrthogonal(rng, len(eig))
	var a mat.Dense
	a.Mul(q, mat.NewDiagDense(len(eig), eig))
	a.Mul(&a, q.T())
	rows := make([][]float64, len(eig))
	for i := range rows {
		rows[i] = mat.Row(nil, i, &a)
	}
	return rows
}

// For L(x) = ½xᵀAx + bᵀx the Hessian is A at every x, so H·v = A·v.
func TestHessianVectorProductQuadratic(t *testing.T) {
	rng := rand.New(rand.NewSource(20))
	a := symmetricWithEigenvalues(rng, 3, -1, 0.5)
	exec, err := graph.NewExec(gomlxtest.Backend(t), func(x, v *graph.Node) *graph.Node {
		am := graph.Const(x.Graph(), a)
		ax := graph.Dot(am, x).Product()
		loss := graph.Add(graph.MulScalar(graph.ReduceAllSum(graph.Mul(x, ax)), 0.5), graph.ReduceAllSum(x))
		return HessianVectorProduct(loss, []*graph.Node{x}, []*graph.Node{v})[0]
	})
	if err != nil {
		t.Fatal(err)
	}
	v := []float64{0.3, -2, 1}
	got := exec.MustCall([]float64{1, 2, 3}, v)[0].Value().([]float64)
	for i := range a {
		var want float64
		for j := range v {
			want += a[i][j] * v[j]
		}
		if !near(got[i], want, 1e-12) {
			t.Errorf("(Hv)[%d] = %v, want (Av)[%d] = %v", i, got[i], i, want)
		}
	}
}

// Double backward through a tanh layer, a ReLU layer and a log-softmax
// cross-entropy must agree with central differences of the gradient,
// (∇L(θ + εv) − ∇L(θ − εv)) / 2ε.
func TestHessianVectorProductMatchesFiniteDifferences(t *testing.T) {
	rng := rand.New(rand.NewSource(21))
	x := randomMatrix(rng, 5, 3)
	w1, w2, w3 := randomMatrix(rng, 3, 4), randomMatrix(rng, 4, 4), randomMatrix(rng, 4, 3)
	v1, v2, v3 := randomMatrix(rng, 3, 4), randomMatrix(rng, 4, 4), randomMatrix(rng, 4, 3)
	rows := func(m *mat.Dense) [][]float64 {
		r, _ := m.Dims()
		out := make([][]float64, r)
		for i := range out {
			out[i] = mat.Row(nil, i, m)
		}
		return out
	}
	exec, err := graph.NewExec(gomlxtest.Backend(t), func(in []*graph.Node) []*graph.Node {
		x, params, dirs := in[0], in[1:4], in[4:7]
		h := graph.Tanh(graph.Dot(x, params[0]).Product())
		h = graph.MaxScalar(graph.Dot(h, params[1]).Product(), 0)
		logp := graph.LogSoftmax(graph.Dot(h, params[2]).Product(), -1)
		loss := graph.Neg(graph.ReduceAllMean(graph.Slice(logp, graph.AxisRange(), graph.AxisElem(1))))
		return append(graph.Gradient(loss, params...), HessianVectorProduct(loss, params, dirs)...)
	})
	if err != nil {
		t.Fatal(err)
	}
	call := func(eps float64) []*tensors.Tensor {
		var p1, p2, p3 mat.Dense
		p1.Add(w1, scaled(eps, v1))
		p2.Add(w2, scaled(eps, v2))
		p3.Add(w3, scaled(eps, v3))
		return exec.MustCall(rows(x), rows(&p1), rows(&p2), rows(&p3), rows(v1), rows(v2), rows(v3))
	}
	const eps = 1e-5
	at, plus, minus := call(0), call(eps), call(-eps)
	for p := range 3 {
		hv := flatFloat64(at[3+p])
		gp, gm := flatFloat64(plus[p]), flatFloat64(minus[p])
		for j := range hv {
			if fd := (gp[j] - gm[j]) / (2 * eps); !near(hv[j], fd, 1e-6*(1+math.Abs(fd))) {
				t.Errorf("param %d element %d: Hv = %v, finite difference %v", p, j, hv[j], fd)
			}
		}
	}
}

func scaled(s float64, m *mat.Dense) *mat.Dense {
	var out mat.Dense
	out.Scale(s, m)
	return &out
}

// Two variables x (2 values) and y (1 value) of a model store, with
// L = ½ θᵀAθ for θ = (x, y) and A of known eigenvalues: power iteration over
// the concatenated parameters finds the eigenvalue of largest magnitude, in
// float64 and in float32 variables, and whichever its sign.
func TestHessianTopEigenvalueQuadratic(t *testing.T) {
	backend := gomlxtest.Backend(t)
	rng := rand.New(rand.NewSource(22))
	for _, c := range []struct {
		eig     []float64
		float32 bool
		method  HVPMethod
		tol     float64
	}{
		{[]float64{6, 2, -1}, false, HVPAuto, 1e-8},
		{[]float64{1, 0.5, -4}, false, HVPDoubleBackward, 1e-8},
		{[]float64{6, 2, -1}, true, HVPAuto, 1e-4},
		{[]float64{6, 2, -1}, false, HVPFiniteDifference, 1e-8},
		{[]float64{1, 0.5, -4}, true, HVPFiniteDifference, 1e-3},
	} {
		a := symmetricWithEigenvalues(rng, c.eig...)
		store := gomlxtest.Store(t, 1)
		scope := store.RootScope()
		var xv, yv *model.Variable
		if c.float32 {
			xv = scope.VariableWithValue("x", []float32{0.5, -1})
			yv = scope.VariableWithValue("y", []float32{2})
		} else {
			xv = scope.VariableWithValue("x", []float64{0.5, -1})
			yv = scope.VariableWithValue("y", []float64{2})
		}
		// A comes in as the loss's one input, as a data set would.
		loss := func(scope *model.Scope, in []*graph.Node) *graph.Node {
			g := in[0].Graph()
			theta := graph.Concatenate([]*graph.Node{xv.NodeValue(g), yv.NodeValue(g)}, 0)
			am := graph.ConvertDType(in[0], xv.DType())
			return graph.MulScalar(graph.ReduceAllSum(graph.Mul(theta, graph.Dot(am, theta).Product())), 0.5)
		}
		inputs := []*tensors.Tensor{tensors.FromValue(a)}
		got, err := HessianTopEigenvalue(backend, store, loss, inputs, nil, PowerIteration{MaxIterations: 500, Tolerance: 1e-12, Seed: 3, Method: c.method})
		if err != nil {
			t.Fatal(err)
		}
		want := c.eig[0]
		if math.Abs(c.eig[2]) > math.Abs(want) {
			want = c.eig[2]
		}
		if !near(got.Value, want, c.tol*math.Abs(want)) {
			t.Errorf("eigenvalues %v (float32 %v): top = %+v, want %v", c.eig, c.float32, got, want)
		}
		t.Logf("eigenvalues %v float32 %v: %+v", c.eig, c.float32, got)
		if wantMethod := max(c.method, HVPDoubleBackward); got.Method != wantMethod {
			t.Errorf("method %v, want %v", got.Method, wantMethod)
		}
		if !c.float32 && !got.Converged {
			t.Errorf("eigenvalues %v: not converged after %d iterations", c.eig, got.Iterations)
		}
	}
}

func TestHessianTopEigenvalueRejectsBadInput(t *testing.T) {
	backend := gomlxtest.Backend(t)
	store := gomlxtest.Store(t, 1)
	loss := func(scope *model.Scope, _ []*graph.Node) *graph.Node { return nil }
	if _, err := HessianTopEigenvalue(backend, store, loss, nil, nil, PowerIteration{}); err == nil || !strings.Contains(err.Error(), "no variables") {
		t.Errorf("empty store: error %v, want one saying there are no variables", err)
	}
	if _, err := HessianTopEigenvalue(backend, store, loss, nil, nil, PowerIteration{MaxIterations: -1}); err == nil {
		t.Error("MaxIterations = −1: no error")
	}
}

// A loss that fails to build fails with both methods under HVPAuto, and the
// error names both attempts.
func TestHessianTopEigenvalueReportsBothFailures(t *testing.T) {
	store := gomlxtest.Store(t, 1)
	store.RootScope().VariableWithValue("w", []float32{1, 2})
	bad := func(scope *model.Scope, in []*graph.Node) *graph.Node {
		return graph.Add(in[0], graph.Const(in[0].Graph(), []float32{1, 2, 3})) // shape mismatch
	}
	_, err := HessianTopEigenvalue(gomlxtest.Backend(t), store, bad, []*tensors.Tensor{tensors.FromValue([]float32{1, 2})}, nil, PowerIteration{})
	if err == nil || !strings.Contains(err.Error(), "double backward failed") || !strings.Contains(err.Error(), "finite differences") {
		t.Errorf("error %v, want one naming both attempts", err)
	}
}

// Along v the curvature of ½θᵀAθ is vᵀAv/vᵀv, by both methods; bad
// directions are refused.
func TestDirectionalCurvatureQuadratic(t *testing.T) {
	backend := gomlxtest.Backend(t)
	a := [][]float64{{3, 1}, {1, 2}}
	store := gomlxtest.Store(t, 1)
	w := store.RootScope().VariableWithValue("w", []float64{0.3, -0.2})
	loss := func(scope *model.Scope, in []*graph.Node) *graph.Node {
		theta := w.NodeValue(in[0].Graph())
		return graph.MulScalar(graph.ReduceAllSum(graph.Mul(theta, graph.Dot(in[0], theta).Product())), 0.5)
	}
	inputs := []*tensors.Tensor{tensors.FromValue(a)}
	v := []*tensors.Tensor{tensors.FromValue([]float64{1, 2})}
	want := (3 + 2*1*2 + 2*4) / 5.0 // vᵀAv = 3 + 4 + 8 = 15, vᵀv = 5
	for _, m := range []HVPMethod{HVPAuto, HVPFiniteDifference} {
		got, used, err := DirectionalCurvature(backend, store, loss, inputs, nil, v, m)
		if err != nil || !near(got, want, 1e-8) {
			t.Errorf("%v: curvature %v (%v, %v), want %v", m, got, used, err, want)
		}
	}
	for name, dir := range map[string][]*tensors.Tensor{
		"zero":  {tensors.FromValue([]float64{0, 0})},
		"shape": {tensors.FromValue([]float64{1, 2, 3})},
		"count": {v[0], v[0]},
		"dtype": {tensors.FromValue([]int32{1, 2})},
	} {
		if _, _, err := DirectionalCurvature(backend, store, loss, inputs, nil, dir, HVPAuto); err == nil {
			t.Errorf("%s direction: no error", name)
		}
	}
}
