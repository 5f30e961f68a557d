package train

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/papernb/papernb/pkg/internal/gomlxtest"
)

// checkGradient compares the graph gradient of the scalar f at x (float64,
// shape dims) with central finite differences.
func checkGradient(t *testing.T, name string, f func(x *graph.Node) *graph.Node, x []float64, dims ...int) {
	t.Helper()
	exec := graph.MustNewExec(gomlxtest.Backend(t), func(x *graph.Node) []*graph.Node {
		y := f(x)
		return []*graph.Node{y, graph.Gradient(y, x)[0]}
	})
	defer exec.Finalize()
	at := func(x []float64) (float64, []float64) {
		out := exec.MustCall(tensors.FromFlatDataAndDimensions(x, dims...))
		return out[0].Value().(float64), tensors.MustCopyFlatData[float64](out[1])
	}
	_, grad := at(x)
	const h = 1e-6
	for i := range x {
		xp, xm := append([]float64(nil), x...), append([]float64(nil), x...)
		xp[i] += h
		xm[i] -= h
		fp, _ := at(xp)
		fm, _ := at(xm)
		if fd := (fp - fm) / (2 * h); math.Abs(fd-grad[i]) > 1e-6*(1+math.Abs(fd)) {
			t.Errorf("%s: ∂f/∂x[%d] = %g, finite differences %g", name, i, grad[i], fd)
		}
	}
}

func eval[F graph.ExecGraphFnOneOutput](t *testing.T, f F, args ...any) []float64 {
	t.Helper()
	out := graph.MustExecOnce(gomlxtest.Backend(t), f, args...)
	return tensors.MustCopyFlatData[float64](out)
}

var logits23 = [][]float64{{0, math.Log(3)}, {1, 1}} // softmax rows (¼, ¾) and (½, ½)

func TestSoftmaxCrossEntropyHandValues(t *testing.T) {
	for _, labels := range []any{[]int32{1, 0}, [][]int64{{1}, {0}}} {
		got := eval(t, SoftmaxCrossEntropy, logits23, labels)
		assertClose(t, "cross-entropy", got, []float64{math.Log(4.0 / 3), math.Log(2)}, 1e-12)
	}
	acc := eval(t, Accuracy, logits23, []int32{1, 1})
	assertClose(t, "accuracy (a tie goes to class 0)", acc, []float64{1, 0}, 0)
	checkGradient(t, "cross-entropy", func(x *graph.Node) *graph.Node {
		return graph.ReduceAllSum(SoftmaxCrossEntropy(x, graph.Const(x.Graph(), []int32{2, 0})))
	}, []float64{0.3, -1, 2, 0.5, 0.1, -0.7}, 2, 3)
}

func TestDistillationHandValuesAndGradient(t *testing.T) {
	student, teacher := [][]float64{{0, math.Log(3)}}, [][]float64{{0, 0}}
	// T = 1: KL((½, ½) ‖ (¼, ¾)) = ½ ln 2 + ½ ln(2/3) = ½ ln(4/3).
	assertClose(t, "T=1", eval(t, (func(s, te *graph.Node) *graph.Node)(Distillation(1)), student, teacher), []float64{0.5 * math.Log(4.0/3)}, 1e-12)
	// T = 2: the student becomes (1, √3)/(1 + √3); times T² = 4.
	r3 := math.Sqrt(3)
	want := 4 * (0.5*math.Log(0.5*(1+r3)) + 0.5*math.Log((1+r3)/(2*r3)))
	assertClose(t, "T=2", eval(t, (func(s, te *graph.Node) *graph.Node)(Distillation(2)), student, teacher), []float64{want}, 1e-12)
	assertClose(t, "same logits", eval(t, (func(s, te *graph.Node) *graph.Node)(Distillation(3)), teacher, teacher), []float64{0}, 0)

	teacherNode := func(g *graph.Graph) *graph.Node { return graph.Const(g, [][]float64{{1, -1, 0.5}, {0, 2, 0}}) }
	checkGradient(t, "distillation (student)", func(x *graph.Node) *graph.Node {
		return graph.ReduceAllSum(Distillation(2.5)(x, teacherNode(x.Graph())))
	}, []float64{0.3, -1, 2, 0.5, 0.1, -0.7}, 2, 3)
	// No gradient reaches the teacher.
	g := graph.MustExecOnce(gomlxtest.Backend(t), func(s, te *graph.Node) *graph.Node {
		return graph.Gradient(graph.ReduceAllSum(Distillation(2)(s, te)), te)[0]
	}, student, [][]float64{{1, 2}})
	assertClose(t, "teacher gradient", tensors.MustCopyFlatData[float64](g), []float64{0, 0}, 0)
}

func TestInfoNCEHandValueAndGradients(t *testing.T) {
	// Orthonormal pairs at scale 2: logits 2·I, each row's cross-entropy log(1 + e⁻²) in both directions.
	eye := [][]float64{{1, 0}, {0, 1}}
	got := eval(t, InfoNCE, eye, [][]float64{{3, 0}, {0, 0.5}}, math.Log(2)) // b's lengths must not matter
	assertClose(t, "InfoNCE", got, []float64{math.Log(1 + math.Exp(-2))}, 1e-12)
	// The two directions differ when the pairing is asymmetric; the loss is their mean.
	a, b := [][]float64{{1, 0}, {0.6, 0.8}}, [][]float64{{1, 0}, {0, 1}}
	row := func(l0, l1 float64) float64 { return math.Log(1 + math.Exp(l1-l0)) }
	// logits = âb̂ᵀ = [[1, 0], [0.6, 0.8]] (scale 1).
	rows := (row(1, 0) + row(0.8, 0.6)) / 2
	cols := (row(1, 0.6) + row(0.8, 0)) / 2
	assertClose(t, "asymmetric InfoNCE", eval(t, InfoNCE, a, b, 0.0), []float64{(rows + cols) / 2}, 1e-12)
	// The scale is capped at MaxLogitScale.
	capped := eval(t, InfoNCE, eye, eye, math.Log(1000))
	assertClose(t, "capped scale", capped, []float64{math.Log(1 + math.Exp(-MaxLogitScale))}, 1e-12)

	x := []float64{0.3, -1, 2, 0.5, 0.1, -0.7}
	other := func(g *graph.Graph) *graph.Node { return graph.Const(g, [][]float64{{1, 0.2}, {-0.5, 1}, {0.3, 0.3}}) }
	checkGradient(t, "InfoNCE (a)", func(x *graph.Node) *graph.Node {
		return InfoNCE(x, other(x.Graph()), graph.Const(x.Graph(), 0.7))
	}, x, 3, 2)
	checkGradient(t, "InfoNCE (b)", func(x *graph.Node) *graph.Node {
		return InfoNCE(other(x.Graph()), x, graph.Const(x.Graph(), 0.7))
	}, x, 3, 2)
	checkGradient(t, "InfoNCE (log scale)", func(s *graph.Node) *graph.Node {
		return InfoNCE(other(s.Graph()), graph.Const(s.Graph(), [][]float64{{0.1, 1}, {1, 0}, {0.4, -0.2}}), graph.Reshape(s))
	}, []float64{0.9}, 1)
}

func TestLogitScaleStartsAtTheTemperature(t *testing.T) {
	store := gomlxtest.Store(t, 1)
	exec, err := model.NewExec(gomlxtest.Backend(t), store, func(scope *model.Scope, g *graph.Graph) *graph.Node {
		return LogitScale(scope.In("clip"), g, 0.07)
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Call()
	if err != nil {
		t.Fatal(err)
	}
	if got := float64(out[0].Value().(float32)); math.Abs(got-math.Log(1/0.07)) > 1e-6 {
		t.Errorf("initial log logit scale %g, want log(1/0.07) = %g", got, math.Log(1/0.07))
	}
	if store.GetVariable("/clip/log_logit_scale") == nil {
		t.Errorf("no variable /clip/log_logit_scale")
	}
}

func TestLossesRejectBadArguments(t *testing.T) {
	b := gomlxtest.Backend(t)
	for _, tc := range []struct {
		name string
		fn   func()
		want string
	}{
		{"float labels", func() { graph.MustExecOnce(b, SoftmaxCrossEntropy, logits23, []float64{1, 0}) }, "integer"},
		{"label shape", func() { graph.MustExecOnce(b, SoftmaxCrossEntropy, logits23, []int32{1, 0, 1}) }, "labels shape"},
		{"label dims", func() {
			logits := tensors.FromShape(shapes.Make(dtypes.Float64, 3, 2, 4)) // batch [3, 2], labels [2, 3]
			graph.MustExecOnce(b, SoftmaxCrossEntropy, logits, [][]int32{{0, 0, 0}, {0, 0, 0}})
		}, "labels shape"},
		{"temperature", func() { Distillation(0) }, "temperature"},
		{"embeddings", func() { graph.MustExecOnce(b, InfoNCE, [][]float64{{1, 0}}, [][]float64{{1, 0}, {0, 1}}, 0.0) }, "[N, D]"},
	} {
		err := func() (err error) {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("%v", r)
				}
			}()
			tc.fn()
			return nil
		}()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want a panic naming %q", tc.name, err, tc.want)
		}
	}
}
