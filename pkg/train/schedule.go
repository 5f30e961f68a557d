package train

import (
	"fmt"
	"math"

	"github.com/gomlx/gomlx/core/graph"
)

// Decay names the shape of a learning-rate schedule after its warmup.
type Decay int

const (
	// Constant keeps the peak learning rate after warmup.
	Constant Decay = iota
	// Cosine follows half a cosine from the peak down to the floor.
	Cosine
	// Linear falls in a straight line from the peak down to the floor.
	Linear
)

func (d Decay) String() string {
	switch d {
	case Constant:
		return "Constant"
	case Cosine:
		return "Cosine"
	case Linear:
		return "Linear"
	}
	return fmt.Sprintf("Decay(%d)", int(d))
}

// Schedule multiplies the learning rate by a factor that depends on the
// optimizer step t = 1, 2, … (the step being taken). Its zero value is a
// constant factor 1.
//
// The factor is t/Warmup during the first Warmup steps (linear warmup from
// near 0 to 1, reaching 1 at t = Warmup), then decays as Decay says over
// the remaining steps up to Steps, from 1 to Floor, and stays at Floor after
// Steps. With p = (t − Warmup)/(Steps − Warmup) ∈ [0, 1]:
//
//	Constant: 1
//	Cosine:   Floor + (1 − Floor)·(1 + cos πp)/2
//	Linear:   Floor + (1 − Floor)·(1 − p)
//
// On top of that, each of Milestones that t has passed multiplies the
// factor by Gamma (step decay, as PyTorch's MultiStepLR: with Milestones
// {30} the steps 1…30 run at the full rate and 31… at Gamma of it).
//
// This covers the schedules of the notebooks' papers: constant, warmup +
// constant, warmup + cosine to zero or to a floor (e.g. 0.1 of the peak),
// linear decay ("cooldown"), and step decay.
type Schedule struct {
	Warmup     int     // steps of linear warmup (≥ 0)
	Decay      Decay   // shape after warmup
	Steps      int     // the step at which the decay reaches Floor (> Warmup unless Decay is Constant)
	Floor      float64 // final factor, a fraction of the peak in [0, 1]
	Milestones []int   // steps after which the factor is multiplied by Gamma (ascending, ≥ 1)
	Gamma      float64 // the step decay's factor (> 0; needed with Milestones)
}

// Check returns an error naming the first field out of range.
func (s Schedule) Check() error {
	switch {
	case s.Warmup < 0:
		return fmt.Errorf("train: Schedule.Warmup = %d, must be ≥ 0", s.Warmup)
	case s.Decay < Constant || s.Decay > Linear:
		return fmt.Errorf("train: Schedule.Decay = %v, must be Constant, Cosine or Linear", s.Decay)
	case s.Decay != Constant && s.Steps <= s.Warmup:
		return fmt.Errorf("train: Schedule.Steps = %d, must be more than Warmup = %d for %v decay", s.Steps, s.Warmup, s.Decay)
	case !(s.Floor >= 0 && s.Floor <= 1):
		return fmt.Errorf("train: Schedule.Floor = %g, must be in [0, 1]", s.Floor)
	case len(s.Milestones) > 0 && (!(s.Gamma > 0) || math.IsInf(s.Gamma, 0)):
		return fmt.Errorf("train: Schedule.Gamma = %g, must be a finite value > 0 with Milestones", s.Gamma)
	}
	for i, m := range s.Milestones {
		if m < 1 || (i > 0 && m <= s.Milestones[i-1]) {
			return fmt.Errorf("train: Schedule.Milestones[%d] = %d: milestones must be ascending, distinct and ≥ 1", i, m)
		}
	}
	return nil
}

// Factor returns the learning-rate factor at step t (t ≥ 1; smaller t
// count as 1).
func (s Schedule) Factor(t int) float64 {
	t = max(t, 1)
	f := 1.0
	for _, m := range s.Milestones {
		if t > m {
			f *= s.Gamma
		}
	}
	return f * s.shape(t)
}

// shape is the factor of warmup and decay alone.
func (s Schedule) shape(t int) float64 {
	if t <= s.Warmup {
		return float64(t) / float64(s.Warmup)
	}
	if s.Decay == Constant {
		return 1
	}
	p := min(float64(t-s.Warmup)/float64(s.Steps-s.Warmup), 1)
	if s.Decay == Cosine {
		return s.Floor + (1-s.Floor)*(1+math.Cos(math.Pi*p))/2
	}
	return s.Floor + (1-s.Floor)*(1-p)
}

// factorNode builds Factor in the graph for steps t given as a float node
// (a scalar, or any shape: the factor is taken elementwise), so that a
// compiled training step follows the schedule without being rebuilt.
func (s Schedule) factorNode(t *graph.Node) *graph.Node {
	g, dtype := t.Graph(), t.DType()
	t = graph.MaxScalar(t, 1)
	after := graph.OnesLike(t)
	if s.Decay != Constant {
		p := graph.MinScalar(graph.DivScalar(graph.AddScalar(t, -float64(s.Warmup)), float64(s.Steps-s.Warmup)), 1)
		var shape *graph.Node // 1 → 0 as p goes 0 → 1
		if s.Decay == Cosine {
			shape = graph.DivScalar(graph.AddScalar(graph.Cos(graph.MulScalar(p, math.Pi)), 1), 2)
		} else {
			shape = graph.OneMinus(p)
		}
		after = graph.AddScalar(graph.MulScalar(shape, 1-s.Floor), s.Floor)
	}
	f := after
	if s.Warmup > 0 {
		warm := graph.DivScalar(t, float64(s.Warmup))
		f = graph.Where(graph.GreaterThan(t, graph.Scalar(g, dtype, s.Warmup)), after, warm)
	}
	for _, m := range s.Milestones {
		f = graph.Where(graph.GreaterThan(t, graph.Scalar(g, dtype, m)), graph.MulScalar(f, s.Gamma), f)
	}
	return f
}
