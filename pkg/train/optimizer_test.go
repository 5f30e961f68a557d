package train

import (
	"math"
	"strings"
	"testing"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/papernb/papernb/pkg/internal/gomlxtest"
	"github.com/papernb/papernb/pkg/nn"
)

// The test problem: two variables, /a/w and /b/u, and the loss
// ½‖w − wStar‖² + ½‖u − uStar‖², whose gradients are w − wStar and
// u − uStar.
var (
	w0, wStar = []float32{1, -2}, []float32{0.5, 0.5}
	u0, uStar = []float32{3}, []float32{-1}
)

// testLoss builds the test problem's variables and loss.
func testLoss(scope *model.Scope, g *graph.Graph) *graph.Node {
	w := scope.In("a").VariableWithValue("w", w0).NodeValue(g)
	u := scope.In("b").VariableWithValue("u", u0).NodeValue(g)
	return graph.Add(
		graph.MulScalar(graph.ReduceAllSum(graph.Square(graph.Sub(w, graph.Const(g, wStar)))), 0.5),
		graph.MulScalar(graph.ReduceAllSum(graph.Square(graph.Sub(u, graph.Const(g, uStar)))), 0.5))
}

// testStep returns an Exec that takes one step of opt on the test problem
// and returns the loss before it.
func testStep(t *testing.T, backend compute.Backend, store *model.Store, opt Optimizer) *model.Exec {
	t.Helper()
	exec, err := model.NewExec(backend, store, func(scope *model.Scope, g *graph.Graph) *graph.Node {
		store.SetTraining(g, true)
		loss := testLoss(scope, g)
		opt.UpdateGraph(scope, g, loss)
		return loss
	})
	if err != nil {
		t.Fatal(err)
	}
	return exec
}

// optimize takes steps of opt on the test problem and returns w and u after
// each step.
func optimize(t *testing.T, opt Optimizer, steps int) (ws, us [][]float64, store *model.Store) {
	t.Helper()
	store = gomlxtest.Store(t, 1)
	exec := testStep(t, gomlxtest.Backend(t), store, opt)
	defer exec.Finalize()
	read := func(p string) []float64 {
		var out []float64
		for _, x := range tensors.MustCopyFlatData[float32](store.GetVariable(p).MustValue()) {
			out = append(out, float64(x))
		}
		return out
	}
	for range steps {
		out, err := exec.Call()
		if err != nil {
			t.Fatal(err)
		}
		out[0].MustFinalizeAll()
		ws, us = append(ws, read("/a/w")), append(us, read("/b/u"))
	}
	return ws, us, store
}

func assertClose(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	for i := range want {
		if math.Abs(got[i]-want[i]) > tol*(1+math.Abs(want[i])) {
			t.Errorf("%s = %v, want %v", what, got, want)
			return
		}
	}
}

func TestSGDStepIsLearningRateTimesGradient(t *testing.T) {
	ws, us, _ := optimize(t, Optimizer{Method: SGD, LearningRate: 0.1}, 2)
	// w1 = w0 − 0.1(w0 − w*) = (0.95, −1.75); w2 = w1 − 0.1(w1 − w*) = (0.905, −1.525).
	assertClose(t, "w after 1 step", ws[0], []float64{0.95, -1.75}, 1e-6)
	assertClose(t, "w after 2 steps", ws[1], []float64{0.905, -1.525}, 1e-6)
	assertClose(t, "u after 1 step", us[0], []float64{2.6}, 1e-6)
}

func TestSGDMomentumAndNesterov(t *testing.T) {
	// u: g1 = 4, buf1 = 4, u1 = 3 − 0.1·4 = 2.6; g2 = 3.6, buf2 = 0.9·4 + 3.6 = 7.2, u2 = 2.6 − 0.72 = 1.88.
	_, us, _ := optimize(t, Optimizer{Method: SGD, LearningRate: 0.1, Momentum: 0.9}, 2)
	assertClose(t, "u with momentum", []float64{us[0][0], us[1][0]}, []float64{2.6, 1.88}, 1e-6)
	// Nesterov: step along g + μ·buf. u1 = 3 − 0.1(4 + 3.6) = 2.24;
	// g2 = 3.24, buf2 = 3.6 + 3.24 = 6.84, u2 = 2.24 − 0.1(3.24 + 0.9·6.84) = 1.3004.
	_, us, _ = optimize(t, Optimizer{Method: SGD, LearningRate: 0.1, Momentum: 0.9, Nesterov: true}, 2)
	assertClose(t, "u with Nesterov", []float64{us[0][0], us[1][0]}, []float64{2.24, 1.3004}, 1e-6)
}

func TestSGDWeightDecayIsAddedToTheGradient(t *testing.T) {
	// u: g = 4 + 0.5·3 = 5.5, u1 = 3 − 0.1·5.5 = 2.45.
	_, us, _ := optimize(t, Optimizer{Method: SGD, LearningRate: 0.1, WeightDecay: 0.5}, 1)
	assertClose(t, "u", us[0], []float64{2.45}, 1e-6)
}

func TestAdamStepsWithBiasCorrection(t *testing.T) {
	ws, us, _ := optimize(t, Optimizer{Method: Adam, LearningRate: 0.01, Epsilon: 1e-12}, 2)
	// Step 1: m̂ = g, v̂ = g², so every coordinate moves by the learning rate against its gradient's sign.
	assertClose(t, "w after 1 step", ws[0], []float64{0.99, -1.99}, 1e-6)
	// Step 2 for u: g1 = 4, g2 = 3.99; m2 = 0.9·0.1·4 + 0.1·3.99 = 0.759, v2 = 0.999·0.001·16 + 0.001·3.99² = 0.031904;
	// m̂ = 0.759/0.19 = 3.99474, v̂ = 0.031904/0.001999 = 15.96, u2 = 2.99 − 0.01·3.99474/3.99499 = 2.980000626.
	assertClose(t, "u after 2 steps", us[1], []float64{2.980000626}, 3e-7)
}

func TestAdamWDecayIsDecoupled(t *testing.T) {
	// At the optimum the gradient is zero, so AdamW only shrinks: w1 = w*(1 − ηλ).
	opt := Optimizer{Method: AdamW, LearningRate: 0.1, WeightDecay: 0.5}
	saved := append([]float32(nil), w0...)
	copy(w0, wStar)
	defer copy(w0, saved)
	ws, _, _ := optimize(t, opt, 2)
	assertClose(t, "w after 1 AdamW step", ws[0], []float64{0.5 * 0.95, 0.5 * 0.95}, 1e-6)
	// Adam's L2 decay goes through the moments instead: the first step moves by η = 0.1 (sign of λw).
	opt.Method = Adam
	ws, _, _ = optimize(t, opt, 1)
	assertClose(t, "w after 1 Adam+L2 step", ws[0], []float64{0.4, 0.4}, 1e-5)
}

func TestGroupsScaleRatesSetDecayAndFreeze(t *testing.T) {
	opt := Optimizer{Method: SGD, LearningRate: 0.1, WeightDecay: 0.5, Groups: []Group{
		{Prefix: "b", LRScale: 2, WeightDecay: 0}, // u: η = 0.2, no decay: u1 = 3 − 0.2·4 = 2.2
	}}
	ws, us, _ := optimize(t, opt, 1)
	assertClose(t, "u (group b)", us[0], []float64{2.2}, 1e-6)
	// w keeps the default: g = (0.5 + 0.5, −2.5 − 1) = (1, −3.5), w1 = (0.9, −1.65).
	assertClose(t, "w (no group)", ws[0], []float64{0.9, -1.65}, 1e-6)

	opt.Groups = []Group{{Match: func(v *model.Variable) bool { return v.Name() == "w" }, Freeze: true}}
	ws, us, _ = optimize(t, opt, 1)
	assertClose(t, "frozen w", ws[0], []float64{1, -2}, 0)
	assertClose(t, "u", us[0], []float64{2.45}, 1e-6)
}

// LRScales (μP's per-variable multipliers) multiply the group's rate and
// leave the weight decay alone.
func TestLRScalesComposeWithGroups(t *testing.T) {
	opt := Optimizer{Method: SGD, LearningRate: 0.1, WeightDecay: 0.5,
		Groups:   []Group{{Prefix: "b", LRScale: 2, WeightDecay: 0.5}},
		LRScales: map[string]float64{"/b/u": 0.25, "/a/w": 2}}
	ws, us, _ := optimize(t, opt, 1)
	// u: η = 0.1·2·0.25 = 0.05, g = 4 + 1.5: u1 = 3 − 0.275. w: η = 0.2, g = (1, −3.5): w1 = (0.8, −1.3).
	assertClose(t, "u", us[0], []float64{2.725}, 1e-6)
	assertClose(t, "w", ws[0], []float64{0.8, -1.3}, 1e-6)
	opt.LRScales["/a/w"] = 0
	if err := opt.Check(); err == nil || !strings.Contains(err.Error(), `LRScales["/a/w"]`) {
		t.Errorf("a zero LRScales entry: Check() = %v, want an error naming it", err)
	}
}

func TestGroupPrefixMatchesWholePathElements(t *testing.T) {
	store := gomlxtest.Store(t, 1)
	v1 := store.VariableWithValue("/layer_0/dense/weights", float32(0))
	v2 := store.VariableWithValue("/layer_01/dense/weights", float32(0))
	o := Optimizer{Method: SGD, LearningRate: 1, Groups: []Group{{Prefix: "/layer_0", LRScale: 3}}}
	if s, _, _ := o.Setting(store, v1); s != 3 {
		t.Errorf("/layer_0 prefix gives %s scale %g, want 3", v1.Path(), s)
	}
	if s, _, _ := o.Setting(store, v2); s != 1 {
		t.Errorf("/layer_0 prefix gives %s scale %g, want 1", v2.Path(), s)
	}
}

func TestScheduleScalesTheStepAndCountsSteps(t *testing.T) {
	// Warmup over 2 steps: factors 0.5, 1. u1 = 3 − 0.05·4 = 2.8; u2 = 2.8 − 0.1·3.8 = 2.42.
	_, us, store := optimize(t, Optimizer{Method: SGD, LearningRate: 0.1, Schedule: Schedule{Warmup: 2}}, 2)
	assertClose(t, "u under warmup", []float64{us[0][0], us[1][0]}, []float64{2.8, 2.42}, 1e-6)
	if got := store.GetVariable(Optimizer{}.StepVariablePath()).MustValue().Value(); got != int64(2) {
		t.Errorf("step counter = %v after 2 steps, want 2", got)
	}
}

func TestClipByGlobalNormScalesExactlyToTheNorm(t *testing.T) {
	backend := gomlxtest.Backend(t)
	clip := func(maxNorm float64) ([]float32, []float32) {
		out := graph.MustExecOnceN(backend, func(a, b *graph.Node) []*graph.Node {
			return ClipByGlobalNorm([]*graph.Node{a, b}, maxNorm)
		}, []float32{3, 4}, [][]float32{{12}}) // global norm 13
		return tensors.MustCopyFlatData[float32](out[0]), tensors.MustCopyFlatData[float32](out[1])
	}
	a, b := clip(6.5)
	assertClose(t, "clipped to 6.5", []float64{float64(a[0]), float64(a[1]), float64(b[0])}, []float64{1.5, 2, 6}, 1e-6)
	a, b = clip(20)
	assertClose(t, "under the limit", []float64{float64(a[0]), float64(a[1]), float64(b[0])}, []float64{3, 4, 12}, 0)
	// Through the optimizer: gradients (0.5, −2.5) and 4 have norm √22.5; clipped to 1 and stepped by 1.
	ws, us, _ := optimize(t, Optimizer{Method: SGD, LearningRate: 1, ClipNorm: 1}, 1)
	n := math.Sqrt(22.5)
	assertClose(t, "clipped SGD step", append(ws[0], us[0]...), []float64{1 - 0.5/n, -2 + 2.5/n, 3 - 4/n}, 1e-6)
}

func TestOptimizerRejectsBadSettings(t *testing.T) {
	for _, tc := range []struct {
		o    Optimizer
		want string
	}{
		{Optimizer{}, "LearningRate"},
		{Optimizer{Method: 7, LearningRate: 1}, "Method"},
		{Optimizer{LearningRate: 1, Momentum: 1}, "Momentum"},
		{Optimizer{Method: Adam, LearningRate: 1, Momentum: 0.9}, "Momentum"},
		{Optimizer{LearningRate: 1, Nesterov: true}, "Nesterov"},
		{Optimizer{Method: Adam, LearningRate: 1, Beta2: 1}, "Beta2"},
		{Optimizer{LearningRate: 1, WeightDecay: -1}, "WeightDecay"},
		{Optimizer{LearningRate: 1, ClipNorm: -1}, "ClipNorm"},
		{Optimizer{LearningRate: 1, Groups: []Group{{Prefix: "x"}}}, "LRScale"},
		{Optimizer{LearningRate: 1, Groups: []Group{{LRScale: 1}}}, "Prefix"},
		{Optimizer{LearningRate: 1, Schedule: Schedule{Decay: Cosine, Steps: 0}}, "Steps"},
		{Optimizer{LearningRate: 1, Schedule: Schedule{Floor: 2}}, "Floor"},
		{Optimizer{LearningRate: 1, Schedule: Schedule{Milestones: []int{5}}}, "Gamma"},
		{Optimizer{LearningRate: 1, Schedule: Schedule{Milestones: []int{5, 5}, Gamma: 0.1}}, "Milestones[1]"},
	} {
		if err := tc.o.Check(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: Check() = %v, want an error naming %s", tc.o, err, tc.want)
		}
	}
	if err := (Optimizer{LearningRate: 1, Groups: []Group{{Prefix: "x", Freeze: true}}}).Check(); err != nil {
		t.Errorf("a frozen group needs no LRScale, got %v", err)
	}
}

func TestProjectAndGradientHook(t *testing.T) {
	opt := Optimizer{Method: SGD, LearningRate: 0.1,
		// Double w's gradient: w1 = w0 − 0.2(w0 − w*) = (0.9, −1.5).
		GradientHook: func(v *model.Variable, g *graph.Node) *graph.Node {
			if v.Name() == "w" {
				return graph.MulScalar(g, 2)
			}
			return g
		},
		// Keep every value in [−1.6, 2.5]: u1 = 2.6 is clamped.
		Project: func(v *model.Variable, x *graph.Node) *graph.Node { return graph.ClipScalar(x, -1.6, 2.5) },
	}
	ws, us, _ := optimize(t, opt, 1)
	assertClose(t, "w", ws[0], []float64{0.9, -1.5}, 1e-6)
	assertClose(t, "u", us[0], []float64{2.5}, 1e-6)
}

func TestClearDeletesTheState(t *testing.T) {
	opt := Optimizer{Method: Adam, LearningRate: 0.01}
	_, _, store := optimize(t, opt, 2)
	if store.GetVariable(opt.StepVariablePath()) == nil || store.GetVariable("/optimizer_state/a/w_m1") == nil {
		t.Fatalf("no step counter or first moment of /a/w in the store")
	}
	if err := opt.Clear(store.RootScope()); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{opt.StepVariablePath(), "/optimizer_state/a/w_m1", "/optimizer_state/b/u_m2"} {
		if store.GetVariable(p) != nil {
			t.Errorf("%s is still in the store after Clear", p)
		}
	}
	if store.GetVariable("/a/w") == nil {
		t.Errorf("Clear deleted the model's variable /a/w")
	}
}

// With MuP, Adam's first step (which moves every weight by its rate, up to
// ε) moves the μP MLP's hidden and output weights by η/4 at 4× the base
// width, and the input weights and biases by η.
func TestMuPAppliesPkgNNMultipliers(t *testing.T) {
	store := gomlxtest.Store(t, 1)
	const eta = 0.01
	opt := Optimizer{Method: Adam, LearningRate: eta, MuP: true}
	cfg := nn.MLPConfig{Widths: []int{32, 32, 3}, Activation: activation.TypeTanh, Param: nn.MuP, BaseWidth: 8}
	exec, err := model.NewExec(gomlxtest.Backend(t), store, func(scope *model.Scope, x *graph.Node) *graph.Node {
		store.SetTraining(x.Graph(), true)
		loss := graph.ReduceAllSum(graph.Square(nn.MLP(scope, x, cfg)))
		opt.UpdateGraph(scope, x.Graph(), loss)
		return loss
	})
	if err != nil {
		t.Fatal(err)
	}
	x := tensors.FromValue([][]float32{{1, -0.5, 2, 0.3}, {0.2, 0.1, -1, 1}})
	exec.MustCall(x) // builds the model; the first step
	before, _ := Snapshot(store)
	exec.MustCall(x)
	after, _ := Snapshot(store)
	want := map[string]float64{
		"/layer_0/dense/weights": 1, "/layer_0/dense/biases": 1,
		"/layer_1/dense/weights": 0.25, "/layer_1/dense/biases": 1,
		"/layer_2/dense/weights": 0.25, "/layer_2/dense/biases": 1,
	}
	for p, m := range want {
		v := store.GetVariable(p)
		if s, _, _ := opt.Setting(store, v); s != m {
			t.Errorf("Setting(%s) = %g, want %g", p, s, m)
		}
		// A second Adam step moves an entry by η·m·m̂/(√v̂+ε), at most about η·m·1.0
		// when its two gradients agree; compare the largest move.
		b, a := tensors.MustCopyFlatData[float32](before[p]), tensors.MustCopyFlatData[float32](after[p])
		var largest float64
		for i := range a {
			largest = math.Max(largest, math.Abs(float64(a[i]-b[i])))
		}
		if largest > eta*m*1.01 || largest < eta*m*0.5 {
			t.Errorf("%s moved by at most %g, want about η·%g = %g", p, largest, m, eta*m)
		}
	}
}

// Two optimizers on one store, each training its own variables with its
// own state (StateScope), as in alternating updates of two players.
func TestTwoOptimizersOnOneStore(t *testing.T) {
	store := gomlxtest.Store(t, 1)
	a := Optimizer{Method: Adam, LearningRate: 0.01, Groups: []Group{{Prefix: "/b", Freeze: true}}}
	b := Optimizer{Method: SGD, LearningRate: 0.1, Groups: []Group{{Prefix: "/a", Freeze: true}}, StateScope: "player_b"}
	backend := gomlxtest.Backend(t)
	stepA, stepB := testStep(t, backend, store, a), testStep(t, backend, store, b)
	stepA.MustCall() // w moves by 0.01 per coordinate (Adam's first step), u stays
	stepB.MustCall() // u: 3 − 0.1·4 = 2.6, w stays
	stepB.MustCall() // u: 2.6 − 0.1·3.6 = 2.24
	assertClose(t, "w", []float64{float64(variable(t, store, "/a/w")[0]), float64(variable(t, store, "/a/w")[1])}, []float64{0.99, -1.99}, 1e-6)
	assertClose(t, "u", []float64{float64(variable(t, store, "/b/u")[0])}, []float64{2.24}, 1e-6)
	for p, want := range map[string]int64{a.StepVariablePath(): 1, b.StepVariablePath(): 2} {
		if got := store.GetVariable(p).MustValue().Value(); got != want {
			t.Errorf("%s = %v, want %d", p, got, want)
		}
	}
}
