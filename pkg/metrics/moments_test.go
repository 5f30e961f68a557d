package metrics

import (
	"math"
	"math/rand"
	"testing"
)

func TestMomentsOfHandComputed(t *testing.T) {
	// x = 1,2,3,4: mean 2.5, deviations ±1.5, ±0.5.
	m := MomentsOf([]float64{1, 2, 3, 4})
	want := Moments{N: 4, Mean: 2.5, M2: 5, M3: 0, M4: 2*math.Pow(1.5, 4) + 2*math.Pow(0.5, 4)}
	if m != want {
		t.Fatalf("MomentsOf(1,2,3,4) = %+v, want %+v", m, want)
	}
	// m4/m2² − 3 = (10.25/4)/(5/4)² − 3 = −1.36.
	if got := m.ExcessKurtosis(); math.Abs(got-(-1.36)) > 1e-12 {
		t.Errorf("ExcessKurtosis = %v, want −1.36", got)
	}
	if got := m.Variance(); got != 1.25 {
		t.Errorf("Variance = %v, want 1.25", got)
	}
	// Sample variance 5/3.
	if got := m.SampleStd(); math.Abs(got-math.Sqrt(5.0/3)) > 1e-15 {
		t.Errorf("SampleStd = %v, want √(5/3)", got)
	}
	if got := MomentsOf([]float64{7}).SampleStd(); got != 0 {
		t.Errorf("SampleStd of one value = %v, want 0", got)
	}
	// A right-skewed sample: 0,0,0,3 has mean 0.75, m2 = 27/16, m3 = 81/32.
	s := MomentsOf([]float64{0, 0, 0, 3})
	wantSkew := (81.0 / 32) / math.Pow(27.0/16, 1.5)
	if got := s.Skewness(); math.Abs(got-wantSkew) > 1e-12 {
		t.Errorf("Skewness(0,0,0,3) = %v, want %v", got, wantSkew)
	}
}

func TestMergeEqualsPooled(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	// A large offset checks that merging stays accurate where raw power sums
	// would cancel catastrophically.
	x := make([]float64, 1000)
	for i := range x {
		x[i] = 1e6 + rng.ExpFloat64()
	}
	whole := MomentsOf(x)
	for _, cut := range []int{0, 1, 137, 500, 999, 1000} {
		m := MomentsOf(x[:cut]).Merge(MomentsOf(x[cut:]))
		if m.N != whole.N || !close(m.Mean, whole.Mean, 1e-12) || !close(m.M2, whole.M2, 1e-9) ||
			!close(m.M3, whole.M3, 1e-6) || !close(m.M4, whole.M4, 1e-6) {
			t.Errorf("split at %d: merged %+v, pooled %+v", cut, m, whole)
		}
	}
	// Exponential(1): skewness 2, excess kurtosis 6 — survives the offset.
	if k := whole.ExcessKurtosis(); k < 2 || k > 10 {
		t.Errorf("excess kurtosis of 1000 exponential draws = %v, want about 6", k)
	}
}

func close(a, b, rel float64) bool {
	return math.Abs(a-b) <= rel*math.Max(math.Abs(a), math.Abs(b))
}

func TestExcessKurtosisKnownDistributions(t *testing.T) {
	const n = 400_000
	rng := rand.New(rand.NewSource(1))
	cases := []struct {
		name string
		draw func() float64
		want float64
		sd   float64 // approximate standard error at n draws: sqrt(Var(m4/m2²)/n)
	}{
		{"normal", rng.NormFloat64, 0, math.Sqrt(24.0 / n)},
		{"uniform", rng.Float64, -1.2, 0.002},
		{"laplace", func() float64 {
			if rng.Intn(2) == 0 {
				return -rng.ExpFloat64()
			}
			return rng.ExpFloat64()
		}, 3, 0.05},
		{"exponential", rng.ExpFloat64, 6, 0.15},
	}
	for _, c := range cases {
		x := make([]float64, n)
		for i := range x {
			x[i] = c.draw()
		}
		got := ExcessKurtosis(x)
		if math.Abs(got-c.want) > 5*c.sd {
			t.Errorf("%s: excess kurtosis %v, want %v ± %v (5 sd)", c.name, got, c.want, 5*c.sd)
		}
	}
}

func TestMomentsOfRejectsNonFinite(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MomentsOf with a NaN did not panic")
		}
	}()
	MomentsOf([]float64{1, math.NaN()})
}
