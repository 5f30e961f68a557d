package train

import (
	"math"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"

	"github.com/papernb/papernb/pkg/internal/gomlxtest"
)

func TestScheduleFactorsAtHandComputedSteps(t *testing.T) {
	for _, tc := range []struct {
		name  string
		s     Schedule
		steps []int
		want  []float64
	}{
		{"constant", Schedule{}, []int{0, 1, 1000}, []float64{1, 1, 1}},
		{"warmup", Schedule{Warmup: 4}, []int{1, 2, 4, 5, 100}, []float64{0.25, 0.5, 1, 1, 1}},
		// Cosine from step 10 to 110: p = 0.5 at 60 gives 0.5; p = 0.25 at 35 gives (1 + √½)/2.
		{"warmup+cosine", Schedule{Warmup: 10, Decay: Cosine, Steps: 110}, []int{5, 10, 35, 60, 110, 500},
			[]float64{0.5, 1, (1 + math.Sqrt(0.5)) / 2, 0.5, 0, 0}},
		{"cosine to a floor", Schedule{Decay: Cosine, Steps: 100, Floor: 0.1}, []int{50, 100, 200}, []float64{0.55, 0.1, 0.1}},
		{"step decay", Schedule{Milestones: []int{3, 5}, Gamma: 0.1}, []int{1, 3, 4, 5, 6, 100}, []float64{1, 1, 0.1, 0.1, 0.01, 0.01}},
		{"warmup, cosine and a milestone", Schedule{Warmup: 2, Decay: Cosine, Steps: 12, Milestones: []int{7}, Gamma: 0.5},
			[]int{1, 7, 8}, []float64{0.5, 0.5, 0.5 * (1 + math.Cos(0.6*math.Pi)) / 2}},
		{"linear to a floor", Schedule{Warmup: 0, Decay: Linear, Steps: 10, Floor: 0.2}, []int{1, 5, 10, 11}, []float64{0.92, 0.6, 0.2, 0.2}},
	} {
		for i, step := range tc.steps {
			if got := tc.s.Factor(step); math.Abs(got-tc.want[i]) > 1e-12 {
				t.Errorf("%s: Factor(%d) = %g, want %g", tc.name, step, got, tc.want[i])
			}
		}
	}
}

// The in-graph schedule must agree with Factor at every step.
func TestScheduleInGraphAgreesWithFactor(t *testing.T) {
	backend := gomlxtest.Backend(t)
	steps := make([]float32, 130)
	for i := range steps {
		steps[i] = float32(i)
	}
	for _, s := range []Schedule{
		{}, {Warmup: 7}, {Warmup: 10, Decay: Cosine, Steps: 110}, {Decay: Cosine, Steps: 50, Floor: 0.1}, {Warmup: 3, Decay: Linear, Steps: 100, Floor: 0.25},
		{Warmup: 5, Decay: Cosine, Steps: 100, Milestones: []int{20, 60}, Gamma: 0.3}, {Milestones: []int{1}, Gamma: 2},
	} {
		got := tensors.MustCopyFlatData[float32](graph.MustExecOnce(backend, s.factorNode, steps))
		for i, f := range got {
			if want := s.Factor(i); math.Abs(float64(f)-want) > 1e-6 {
				t.Errorf("%+v at step %d: in-graph %g, Factor %g", s, i, f, want)
				break
			}
		}
	}
}
