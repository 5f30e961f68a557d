package train

import (
	"fmt"
	"math"
	"path"
	"strings"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/model/initializer"
	"github.com/gomlx/gomlx/ml/train/optimizer"

	"github.com/papernb/papernb/pkg/nn"
)

// Method names an update rule.
type Method int

const (
	// SGD is stochastic gradient descent, with optional (Nesterov) momentum
	// and L2 weight decay added to the gradient, as in PyTorch's SGD.
	SGD Method = iota
	// Adam is Kingma & Ba's Adam with bias correction; weight decay, if set,
	// is L2 added to the gradient (PyTorch's Adam weight_decay).
	Adam
	// AdamW is Adam with decoupled weight decay (Loshchilov & Hutter 2019):
	// θ ← θ − η·λ·θ − η·m̂/(√v̂ + ε), with η the step's learning rate.
	AdamW
)

func (m Method) String() string {
	switch m {
	case SGD:
		return "SGD"
	case Adam:
		return "Adam"
	case AdamW:
		return "AdamW"
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// DefaultStateScope is where an Optimizer keeps its step counter and
// moments in the store unless Optimizer.StateScope says otherwise.
const DefaultStateScope = "optimizer_state"

// Group gives the variables it matches their own learning-rate multiplier
// and weight decay: μP's per-layer rates, no decay on biases and norms,
// or a frozen backbone. A variable belongs to the first group that matches
// it; variables matching none use multiplier 1 and Optimizer.WeightDecay.
type Group struct {
	// Prefix selects the variables whose path (as model.Variable.Path
	// gives it, e.g. "/layer_0/dense/weights") is Prefix or lies under it:
	// "/layer_0" matches "/layer_0/dense/biases" but not "/layer_01/…".
	// The leading "/" may be left out.
	Prefix string
	// Match, used instead of Prefix, selects variables by any property
	// (e.g. v.Shape().Rank() == 1 for biases and gains). Set exactly one
	// of Prefix and Match.
	Match func(v *model.Variable) bool
	// LRScale multiplies the learning rate for the group (> 0).
	LRScale float64
	// WeightDecay is the group's decay coefficient (≥ 0); it replaces
	// Optimizer.WeightDecay, so a group with a zero WeightDecay is not
	// decayed.
	WeightDecay float64
	// Freeze leaves the group untrained (its gradients are not even
	// computed); LRScale is then ignored.
	Freeze bool
}

func (gr Group) matches(v *model.Variable) bool {
	if gr.Match != nil {
		return gr.Match(v)
	}
	p := gr.Prefix
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	p = strings.TrimSuffix(p, "/")
	vp := v.Path()
	return p == "" || vp == p || strings.HasPrefix(vp, p+"/")
}

// Optimizer is an update rule with its settings. It implements GoMLX's
// optimizer.Interface, so it also works with GoMLX's own train.Trainer.
//
// Why not GoMLX's optimizers: GoMLX's Adam applies one learning rate and
// one weight decay to every variable and takes its rate from a store
// variable, and its SGD has neither momentum nor per-variable settings (and
// by default divides its rate by √step); the notebooks need per-group rates and decays (μP, weight-decay scaling,
// frozen backbones), global-norm clipping and in-graph schedules. So the
// update rules are written here, on the model's variables, and tested
// against hand-computed steps.
//
// Zero values of Beta1, Beta2 and Epsilon mean the usual defaults (0.9,
// 0.999, 1e-8: PyTorch's; GoMLX's Adam uses ε = 1e-7).
type Optimizer struct {
	Method       Method
	LearningRate float64 // the peak rate η (> 0); the Schedule scales it per step
	Momentum     float64 // SGD only: μ in [0, 1); buf ← μ·buf + g, step along buf
	Nesterov     bool    // SGD with Momentum > 0 only: step along g + μ·buf
	Beta1, Beta2 float64 // Adam/AdamW moment decays in [0, 1)
	Epsilon      float64 // Adam/AdamW: added to √v̂ (≥ 0)
	WeightDecay  float64 // λ ≥ 0 for variables in no Group (see Method for how it acts)
	// ClipNorm, if > 0, rescales all gradients together so that their
	// global L2 norm is at most ClipNorm (before weight decay is added).
	ClipNorm float64
	// Schedule scales LearningRate by Schedule.Factor(t) at step t; its
	// zero value keeps it constant.
	Schedule Schedule
	// Groups assign per-variable learning-rate multipliers and weight decays.
	Groups []Group
	// LRScales multiplies the learning rate of the variable at each path
	// (model.Variable.Path), on top of its Group's LRScale. Every value
	// must be > 0.
	LRScales map[string]float64
	// MuP multiplies, on top of that, each variable's learning rate by the
	// μP multiplier its pkg/nn layer recorded in the store
	// (nn.LRMultipliers, with nn.SGDRule for SGD and nn.AdamRule for Adam
	// and AdamW), read when the step is built, after the model; variables
	// without one keep 1. This is how pkg/nn's MuP parameterisation is
	// meant to be trained.
	MuP bool
	// GradientHook, if set, may replace a variable's gradient before
	// clipping and the update (preconditioning, gradient surgery, noise).
	GradientHook func(v *model.Variable, grad *graph.Node) *graph.Node
	// Project, if set, maps each variable's updated value before it is
	// stored: a projection onto a constraint set (clamping, unit norm).
	Project func(v *model.Variable, updated *graph.Node) *graph.Node
	// StateScope is the store scope holding the step counter and moments
	// (default DefaultStateScope). Two optimizers that train on one store
	// (e.g. alternating steps on two variable sets) need different ones.
	StateScope string
}

var _ optimizer.Interface = Optimizer{}

// Check returns an error naming the first setting out of range.
func (o Optimizer) Check() error {
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	switch {
	case o.Method < SGD || o.Method > AdamW:
		return fmt.Errorf("train: Optimizer.Method = %v, must be SGD, Adam or AdamW", o.Method)
	case !(o.LearningRate > 0) || !finite(o.LearningRate):
		return fmt.Errorf("train: Optimizer.LearningRate = %g, must be a finite value > 0", o.LearningRate)
	case !(o.Momentum >= 0 && o.Momentum < 1):
		return fmt.Errorf("train: Optimizer.Momentum = %g, must be in [0, 1)", o.Momentum)
	case o.Momentum != 0 && o.Method != SGD:
		return fmt.Errorf("train: Optimizer.Momentum = %g is for SGD; %v uses Beta1", o.Momentum, o.Method)
	case o.Nesterov && (o.Method != SGD || o.Momentum == 0):
		return fmt.Errorf("train: Optimizer.Nesterov needs Method SGD with Momentum > 0 (have %v, momentum %g)", o.Method, o.Momentum)
	case !(o.Beta1 >= 0 && o.Beta1 < 1):
		return fmt.Errorf("train: Optimizer.Beta1 = %g, must be in [0, 1)", o.Beta1)
	case !(o.Beta2 >= 0 && o.Beta2 < 1):
		return fmt.Errorf("train: Optimizer.Beta2 = %g, must be in [0, 1)", o.Beta2)
	case !(o.Epsilon >= 0) || !finite(o.Epsilon):
		return fmt.Errorf("train: Optimizer.Epsilon = %g, must be a finite value ≥ 0", o.Epsilon)
	case !(o.WeightDecay >= 0) || !finite(o.WeightDecay):
		return fmt.Errorf("train: Optimizer.WeightDecay = %g, must be a finite value ≥ 0", o.WeightDecay)
	case !(o.ClipNorm >= 0) || !finite(o.ClipNorm):
		return fmt.Errorf("train: Optimizer.ClipNorm = %g, must be a finite value ≥ 0 (0: no clipping)", o.ClipNorm)
	}
	if err := o.Schedule.Check(); err != nil {
		return err
	}
	for p, m := range o.LRScales {
		if !(m > 0) || !finite(m) {
			return fmt.Errorf("train: Optimizer.LRScales[%q] = %g, must be a finite value > 0", p, m)
		}
	}
	for i, gr := range o.Groups {
		switch {
		case (gr.Prefix == "") == (gr.Match == nil):
			return fmt.Errorf("train: Optimizer.Groups[%d]: set exactly one of Prefix and Match", i)
		case !gr.Freeze && (!(gr.LRScale > 0) || !finite(gr.LRScale)):
			return fmt.Errorf("train: Optimizer.Groups[%d].LRScale = %g, must be a finite value > 0 (set Freeze to leave a group untrained)", i, gr.LRScale)
		case !(gr.WeightDecay >= 0) || !finite(gr.WeightDecay):
			return fmt.Errorf("train: Optimizer.Groups[%d].WeightDecay = %g, must be a finite value ≥ 0", i, gr.WeightDecay)
		}
	}
	return nil
}

// Setting returns the learning-rate multiplier (Group, LRScales and MuP
// together) and weight decay the optimizer gives the variable v of store,
// and whether v is frozen (by a Group, or by not being trainable).
// Notebooks can print it to show the parameterisation; with MuP, build the
// model's graph first.
func (o Optimizer) Setting(store *model.Store, v *model.Variable) (lrScale, weightDecay float64, frozen bool) {
	return o.setting(v, o.muPScales(store))
}

// muPScales returns pkg/nn's μP multipliers for o's method, or nil
// without MuP.
func (o Optimizer) muPScales(store *model.Store) map[string]float64 {
	if !o.MuP {
		return nil
	}
	rule := nn.AdamRule
	if o.Method == SGD {
		rule = nn.SGDRule
	}
	return nn.LRMultipliers(store, rule)
}

func (o Optimizer) setting(v *model.Variable, muP map[string]float64) (lrScale, weightDecay float64, frozen bool) {
	if !v.Trainable {
		return 0, 0, true
	}
	lrScale, weightDecay = 1, o.WeightDecay
	for _, gr := range o.Groups {
		if gr.matches(v) {
			if gr.Freeze {
				return 0, 0, true
			}
			lrScale, weightDecay = gr.LRScale, gr.WeightDecay
			break
		}
	}
	if m, ok := o.LRScales[v.Path()]; ok {
		lrScale *= m
	}
	if m, ok := muP[v.Path()]; ok {
		lrScale *= m
	}
	return lrScale, weightDecay, false
}

func (o Optimizer) stateScope() string {
	if o.StateScope == "" {
		return DefaultStateScope
	}
	return strings.Trim(o.StateScope, "/")
}

// StepVariablePath is the store path of the optimizer's step counter (an
// int64 scalar: the number of updates taken so far).
func (o Optimizer) StepVariablePath() string { return "/" + o.stateScope() + "/step" }

// stateVariable returns the zero-initialised optimizer state called kind
// for the trainable variable v.
func (o Optimizer) stateVariable(store *model.Store, v *model.Variable, kind string) *model.Variable {
	p := path.Join("/", o.stateScope(), v.Scope(), v.Name()+"_"+kind)
	return store.VariableWithShape(p, v.Shape(), initializer.Zero).SetTrainable(false)
}

// UpdateGraph adds one update of every trainable variable of scope used
// in g to minimise loss (a scalar). It panics on a bad setting or when
// nothing is left to train. It implements optimizer.Interface.
func (o Optimizer) UpdateGraph(scope *model.Scope, g *graph.Graph, loss *graph.Node) {
	if err := o.Check(); err != nil {
		panic(err)
	}
	if !loss.Shape().IsScalar() {
		panic(fmt.Errorf("train: the optimizer needs a scalar loss, got shape %s", loss.Shape()))
	}
	store := scope.Store()
	muP := o.muPScales(store)
	var vars []*model.Variable
	for v := range scope.IterVariables() {
		if _, _, frozen := o.setting(v, muP); !frozen && v.InUseByGraph(g) {
			vars = append(vars, v)
		}
	}
	if len(vars) == 0 {
		panic(fmt.Errorf("train: no trainable, unfrozen variable of scope %q is used by the loss", scope.Scope()))
	}
	values := make([]*graph.Node, len(vars))
	for i, v := range vars {
		values[i] = v.NodeValue(g)
	}
	grads := graph.Gradient(loss, values...)
	if o.GradientHook != nil {
		for i, v := range vars {
			grads[i] = o.GradientHook(v, grads[i])
		}
	}
	if o.ClipNorm > 0 {
		grads = ClipByGlobalNorm(grads, o.ClipNorm)
	}

	stepVar := store.VariableWithValue(o.StepVariablePath(), int64(0)).SetTrainable(false)
	step := graph.AddScalar(stepVar.NodeValue(g), 1)
	stepVar.SetNodeValue(step)
	t := graph.ConvertDType(step, loss.DType())
	lr := graph.MulScalar(o.Schedule.factorNode(t), o.LearningRate)

	beta1, beta2, eps := o.Beta1, o.Beta2, o.Epsilon
	if beta1 == 0 {
		beta1 = 0.9
	}
	if beta2 == 0 {
		beta2 = 0.999
	}
	if eps == 0 {
		eps = 1e-8
	}
	var correct1, correct2 *graph.Node // 1/(1 − βᵗ), Adam's bias corrections
	if o.Method != SGD {
		correct1 = graph.Reciprocal(graph.OneMinus(graph.Pow(graph.Scalar(g, t.DType(), beta1), t)))
		correct2 = graph.Reciprocal(graph.OneMinus(graph.Pow(graph.Scalar(g, t.DType(), beta2), t)))
	}

	for i, v := range vars {
		lrScale, wd, _ := o.setting(v, muP)
		theta, grad := values[i], grads[i]
		dtype := theta.DType()
		eta := graph.ConvertDType(graph.MulScalar(lr, lrScale), dtype)
		if wd > 0 && o.Method != AdamW {
			grad = graph.Add(grad, graph.MulScalar(theta, wd))
		}
		var delta *graph.Node // θ ← θ − η·delta
		switch o.Method {
		case SGD:
			delta = grad
			if o.Momentum > 0 {
				bufVar := o.stateVariable(store, v, "momentum")
				buf := graph.Add(graph.MulScalar(bufVar.NodeValue(g), o.Momentum), grad)
				bufVar.SetNodeValue(buf)
				delta = buf
				if o.Nesterov {
					delta = graph.Add(grad, graph.MulScalar(buf, o.Momentum))
				}
			}
		case Adam, AdamW:
			m1Var, m2Var := o.stateVariable(store, v, "m1"), o.stateVariable(store, v, "m2")
			m1 := graph.Add(graph.MulScalar(m1Var.NodeValue(g), beta1), graph.MulScalar(grad, 1-beta1))
			m2 := graph.Add(graph.MulScalar(m2Var.NodeValue(g), beta2), graph.MulScalar(graph.Square(grad), 1-beta2))
			m1Var.SetNodeValue(m1)
			m2Var.SetNodeValue(m2)
			mHat := graph.Mul(m1, graph.ConvertDType(correct1, dtype))
			vHat := graph.Mul(m2, graph.ConvertDType(correct2, dtype))
			delta = graph.Div(mHat, graph.AddScalar(graph.Sqrt(vHat), eps))
			if o.Method == AdamW && wd > 0 {
				delta = graph.Add(delta, graph.MulScalar(theta, wd))
			}
		}
		updated := graph.Sub(theta, graph.Mul(eta, delta))
		if o.Project != nil {
			updated = o.Project(v, updated)
		}
		v.SetNodeValue(updated)
	}
}

// Reset sets the optimizer's state in store (step counter and moments)
// back to zero, so that the next step is step 1 of the schedule with fresh
// moments. Unlike Clear it keeps the variables, so training steps already
// compiled stay valid: restore a Snapshot and Reset to refit from the same
// start.
func (o Optimizer) Reset(store *model.Store) error {
	return zeroVariablesUnder(store, "/"+o.stateScope())
}

// zeroVariablesUnder sets every variable under the scope path dir to zeros.
func zeroVariablesUnder(store *model.Store, dir string) error {
	var under []*model.Variable
	for v := range store.IterVariables() {
		if strings.HasPrefix(v.Path(), dir+"/") && v.HasValue() {
			under = append(under, v)
		}
	}
	for _, v := range under {
		if err := v.SetValue(tensors.FromShape(v.Shape())); err != nil {
			return fmt.Errorf("train: zeroing %s: %w", v.Path(), err)
		}
	}
	return nil
}

// Clear deletes the optimizer's state (step counter and moments) from the
// store, so that training starts afresh. It implements optimizer.Interface.
func (o Optimizer) Clear(scope *model.Scope) error {
	return scope.Store().DeleteVariablesInScope("/" + o.stateScope())
}

// ClipByGlobalNorm returns grads scaled by min(1, maxNorm/‖grads‖), where
// ‖grads‖ is the L2 norm of all their elements together, so that the
// result's global norm is at most maxNorm and its direction unchanged
// (Pascanu et al. 2013; PyTorch's clip_grad_norm_). maxNorm must be > 0.
func ClipByGlobalNorm(grads []*graph.Node, maxNorm float64) []*graph.Node {
	if !(maxNorm > 0) || math.IsInf(maxNorm, 0) {
		panic(fmt.Errorf("train.ClipByGlobalNorm: maxNorm = %g, must be a finite value > 0", maxNorm))
	}
	if len(grads) == 0 {
		return grads
	}
	g, dtype := grads[0].Graph(), grads[0].DType()
	sq := graph.ScalarZero(g, dtype)
	for _, gr := range grads {
		sq = graph.Add(sq, graph.ConvertDType(graph.ReduceAllSum(graph.Square(gr)), dtype))
	}
	norm := graph.Sqrt(sq)
	limit := graph.Scalar(g, dtype, maxNorm)
	// Where avoids dividing by a zero norm.
	scale := graph.Where(graph.GreaterThan(norm, limit), graph.Div(limit, norm), graph.ScalarOne(g, dtype))
	out := make([]*graph.Node, len(grads))
	for i, gr := range grads {
		out[i] = graph.Mul(gr, graph.ConvertDType(scale, gr.DType()))
	}
	return out
}
