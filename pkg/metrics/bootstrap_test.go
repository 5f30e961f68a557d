package metrics

import (
	"math"
	"math/rand"
	"testing"
)

// Groups of identical copies carry no more information than one value each:
// the group bootstrap must see the error of M observations, not M·copies.
func TestBootstrapGroupsCountsGroupsNotObservations(t *testing.T) {
	const groups, copies, samples = 2000, 16, 8
	rng := rand.New(rand.NewSource(7))
	var sdGroup, sdValue float64
	for s := range samples {
		grouped := make([]Moments, groups)
		single := make([]Moments, 0, groups*copies)
		for g := range grouped {
			v := rng.NormFloat64()
			vals := make([]float64, copies)
			for i := range vals {
				vals[i] = v
				single = append(single, MomentsOf([]float64{v}))
			}
			grouped[g] = MomentsOf(vals)
		}
		byGroup, err := BootstrapGroups(grouped, Moments.ExcessKurtosis, 300, rand.New(rand.NewSource(int64(s))))
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(byGroup.Value-ExcessKurtosis(flatten(grouped))) > 1e-9 {
			t.Errorf("Value = %v differs from the pooled kurtosis", byGroup.Value)
		}
		if !(byGroup.Lo < byGroup.Value && byGroup.Value < byGroup.Hi) {
			t.Errorf("95%% interval [%v, %v] does not contain the estimate %v", byGroup.Lo, byGroup.Hi, byGroup.Value)
		}
		sdGroup += byGroup.SD / samples
		if s == 0 {
			byValue, err := BootstrapGroups(single, Moments.ExcessKurtosis, 100, rand.New(rand.NewSource(1)))
			if err != nil {
				t.Fatal(err)
			}
			sdValue = byValue.SD
			if ratio := byGroup.SD / sdValue; ratio < 2.5 || ratio > 6 {
				t.Errorf("group sd / per-value sd = %.2f, want ≈ sqrt(%d) = 4", ratio, copies)
			}
		}
	}
	// Gaussian: the sd of the excess kurtosis estimate is ≈ sqrt(24/N). One
	// bootstrap sd scatters by ~20% (it rests on the sample's 8th moment), so
	// average a few independent experiments.
	want := math.Sqrt(24.0 / groups)
	if sdGroup < 0.85*want || sdGroup > 1.15*want {
		t.Errorf("mean group bootstrap sd = %.4f, want ≈ sqrt(24/%d) = %.4f", sdGroup, groups, want)
	}
}

// flatten rebuilds the pooled sample's kurtosis through Merge only.
func flatten(ms []Moments) []float64 {
	// Every test group holds identical values, so each is Mean repeated N times.
	var x []float64
	for _, m := range ms {
		for range int(m.N) {
			x = append(x, m.Mean)
		}
	}
	return x
}

func TestBootstrapGroupsIsRepeatable(t *testing.T) {
	g := []Moments{MomentsOf([]float64{1, 2}), MomentsOf([]float64{5}), MomentsOf([]float64{-3, 0, 9})}
	a, _ := BootstrapGroups(g, Moments.Variance, 50, rand.New(rand.NewSource(4)))
	b, _ := BootstrapGroups(g, Moments.Variance, 50, rand.New(rand.NewSource(4)))
	if a != b {
		t.Errorf("same seed, different results: %+v vs %+v", a, b)
	}
}

func TestBootstrapGroupsRejectsBadInput(t *testing.T) {
	g := []Moments{MomentsOf([]float64{1}), MomentsOf([]float64{2})}
	rng := rand.New(rand.NewSource(1))
	for name, call := range map[string]func() error{
		"one group":  func() error { _, err := BootstrapGroups(g[:1], Moments.Variance, 10, rng); return err },
		"1 resample": func() error { _, err := BootstrapGroups(g, Moments.Variance, 1, rng); return err },
		"nil stat":   func() error { _, err := BootstrapGroups(g, nil, 10, rng); return err },
		"nil rng":    func() error { _, err := BootstrapGroups(g, Moments.Variance, 10, nil); return err },
	} {
		if call() == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
