package metrics

import (
	"errors"
	"fmt"
	"math"
	"math/rand"
	"sort"
)

// Bootstrap is a statistic of a sample with its bootstrap uncertainty.
type Bootstrap struct {
	Value     float64 // the statistic of the whole sample
	SD        float64 // standard deviation of the statistic over resamples: its standard error
	Lo, Hi    float64 // 2.5% and 97.5% percentiles over resamples: a 95% interval
	Resamples int
}

// BootstrapGroups estimates the uncertainty of a statistic of the pooled
// sample when observations come in groups that are dependent inside
// (the outputs of one random network share its weights; the steps of one
// training run share its seed). Each resample draws len(groups) groups with
// replacement, merges their summaries and evaluates stat on the result, so a
// resample costs O(len(groups)) whatever the size of the groups.
//
// Resampling single observations instead would treat dependent values as
// independent and understate the error.
func BootstrapGroups(groups []Moments, stat func(Moments) float64, resamples int, rng *rand.Rand) (Bootstrap, error) {
	switch {
	case len(groups) < 2:
		return Bootstrap{}, fmt.Errorf("metrics.BootstrapGroups: %d groups; need at least 2 to resample", len(groups))
	case resamples < 2:
		return Bootstrap{}, fmt.Errorf("metrics.BootstrapGroups: resamples = %d; need at least 2 (a few hundred for a standard error, a few thousand for percentiles)", resamples)
	case stat == nil:
		return Bootstrap{}, errors.New("metrics.BootstrapGroups: stat is nil; pass the statistic to bootstrap, e.g. Moments.ExcessKurtosis")
	case rng == nil:
		return Bootstrap{}, errors.New("metrics.BootstrapGroups: rng is nil; pass a seeded *rand.Rand so the error bars are repeatable")
	}
	var all Moments
	for _, g := range groups {
		all = all.Merge(g)
	}
	b := Bootstrap{Value: stat(all), Resamples: resamples}
	values := make([]float64, resamples)
	for r := range values {
		var s Moments
		for range groups {
			s = s.Merge(groups[rng.Intn(len(groups))])
		}
		values[r] = stat(s)
	}
	var mean float64
	for _, v := range values {
		mean += v
	}
	mean /= float64(resamples)
	var ss float64
	for _, v := range values {
		ss += (v - mean) * (v - mean)
	}
	b.SD = math.Sqrt(ss / float64(resamples-1))
	sort.Float64s(values)
	b.Lo = quantileSorted(values, 0.025)
	b.Hi = quantileSorted(values, 0.975)
	return b, nil
}

// quantileSorted returns the p-quantile of sorted values by linear
// interpolation between order statistics.
func quantileSorted(sorted []float64, p float64) float64 {
	pos := p * float64(len(sorted)-1)
	i := int(pos)
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	f := pos - float64(i)
	return sorted[i]*(1-f) + sorted[i+1]*f
}
