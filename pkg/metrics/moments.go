package metrics

import (
	"fmt"
	"math"
)

// Moments summarises a sample by its size, mean and the sums of the 2nd, 3rd
// and 4th powers of deviations from the mean. Unlike raw power sums, central
// sums stay accurate when the mean is large compared with the spread, and two
// summaries still merge exactly (Merge), which makes resampling groups cheap.
//
// The zero value is the summary of an empty sample.
type Moments struct {
	N    float64 // number of observations
	Mean float64
	M2   float64 // Σ (x − Mean)²
	M3   float64 // Σ (x − Mean)³
	M4   float64 // Σ (x − Mean)⁴
}

// MomentsOf summarises x. It panics if x holds a NaN or an infinity, which
// would silently poison every statistic derived from the summary.
func MomentsOf(x []float64) Moments {
	var m Moments
	if len(x) == 0 {
		return m
	}
	var sum float64
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			panic(fmt.Errorf("metrics.MomentsOf: x[%d] = %v; only finite values are allowed", i, v))
		}
		sum += v
	}
	m.N = float64(len(x))
	m.Mean = sum / m.N
	for _, v := range x {
		d := v - m.Mean
		d2 := d * d
		m.M2 += d2
		m.M3 += d2 * d
		m.M4 += d2 * d2
	}
	return m
}

// Merge returns the summary of the union of the two samples (the pairwise
// update of Chan, Golub and LeVeque, extended to 3rd and 4th moments by
// Pébay), exactly as if MomentsOf had seen both samples at once.
func (a Moments) Merge(b Moments) Moments {
	switch {
	case a.N == 0:
		return b
	case b.N == 0:
		return a
	}
	n := a.N + b.N
	d := b.Mean - a.Mean
	dn := d / n
	dn2 := dn * dn
	nab := a.N * b.N
	return Moments{
		N:    n,
		Mean: a.Mean + dn*b.N,
		M2:   a.M2 + b.M2 + d*dn*nab,
		M3: a.M3 + b.M3 + d*dn2*nab*(a.N-b.N) +
			3*dn*(a.N*b.M2-b.N*a.M2),
		M4: a.M4 + b.M4 + d*dn2*dn*nab*(a.N*a.N-nab+b.N*b.N) +
			6*dn2*(a.N*a.N*b.M2+b.N*b.N*a.M2) +
			4*dn*(a.N*b.M3-b.N*a.M3),
	}
}

// Variance returns the population variance M2/N (the moment estimator; NaN
// for an empty sample).
func (m Moments) Variance() float64 { return m.M2 / m.N }

// SampleStd returns the sample standard deviation √(M2/(N−1)), the error
// bar the notebooks draw over seeds and runs; 0 for fewer than two values,
// which show no spread.
func (m Moments) SampleStd() float64 {
	if m.N < 2 {
		return 0
	}
	return math.Sqrt(m.M2 / (m.N - 1))
}

// Skewness returns the moment estimator m₃/m₂^{3/2}.
func (m Moments) Skewness() float64 {
	m2 := m.M2 / m.N
	return (m.M3 / m.N) / (m2 * math.Sqrt(m2))
}

// ExcessKurtosis returns the moment estimator m₄/m₂² − 3, which is 0 for a
// Gaussian, −1.2 for a uniform, 3 for a Laplace and 6 for an exponential
// distribution. It is a
// ratio of estimates, hence slightly biased in small samples; in large
// samples its error is dominated by the 8th moment of the distribution, so
// heavy tails make it noisy (use BootstrapGroups for an error bar).
func (m Moments) ExcessKurtosis() float64 {
	m2 := m.M2 / m.N
	return (m.M4/m.N)/(m2*m2) - 3
}

// ExcessKurtosis returns the excess kurtosis m₄/m₂² − 3 of x (see
// Moments.ExcessKurtosis).
func ExcessKurtosis(x []float64) float64 { return MomentsOf(x).ExcessKurtosis() }
