package data

import (
	"math"
	"math/rand"
	"testing"
)

// The sample covariance of many GRF draws must match the kernel within
// Monte-Carlo error: for unit-variance Gaussians with correlation k, the
// estimate of E[xy] from n draws has standard error sqrt((1+k²)/n).
func TestGRFCovarianceMatchesKernel(t *testing.T) {
	points := NewUniform(0, 1, 15).Points()
	for _, ell := range []float64{0.1, 0.2, 0.5} {
		g, err := NewGRF(points, ell, 0)
		if err != nil {
			t.Fatal(err)
		}
		const n = 20000
		samples := g.Sample(rand.New(rand.NewSource(7)), n)
		if len(samples) != n || len(samples[0]) != len(points) {
			t.Fatalf("ℓ=%g: got %d samples of %d values, want %d of %d", ell, len(samples), len(samples[0]), n, len(points))
		}
		for i := range points {
			var mean float64
			for _, s := range samples {
				mean += s[i]
			}
			mean /= n
			if math.Abs(mean) > 5/math.Sqrt(n) {
				t.Errorf("ℓ=%g: mean at x=%.2f is %.4f, want 0 within %.4f", ell, points[i], mean, 5/math.Sqrt(n))
			}
			for j := range points {
				var c float64
				for _, s := range samples {
					c += s[i] * s[j]
				}
				c /= n
				k := g.Kernel(points[i], points[j])
				se := math.Sqrt((1 + k*k) / n)
				if math.Abs(c-k) > 5*se {
					t.Errorf("ℓ=%g: covariance(x=%.2f, x'=%.2f) = %.4f, kernel %.4f, allowed error %.4f", ell, points[i], points[j], c, k, 5*se)
				}
			}
		}
	}
}

// A long length scale must give smoother samples than a short one: the mean
// squared difference between neighbours is 2(1 − k(h)).
func TestGRFLengthScaleControlsSmoothness(t *testing.T) {
	points := NewUniform(0, 1, 101).Points()
	rough := func(ell float64) float64 {
		g, err := NewGRF(points, ell, 0)
		if err != nil {
			t.Fatal(err)
		}
		var d2 float64
		samples := g.Sample(rand.New(rand.NewSource(1)), 500)
		for _, s := range samples {
			for i := 1; i < len(s); i++ {
				d2 += (s[i] - s[i-1]) * (s[i] - s[i-1])
			}
		}
		return d2 / float64(len(samples)*(len(points)-1))
	}
	for _, ell := range []float64{0.05, 0.2} {
		want := 2 * (1 - math.Exp(-0.01*0.01/(2*ell*ell)))
		if got := rough(ell); math.Abs(got-want) > 0.1*want {
			t.Errorf("ℓ=%g: mean squared neighbour difference %.3g, want %.3g ± 10%%", ell, got, want)
		}
	}
}

func TestGRFSameSeedSameSamples(t *testing.T) {
	g, err := NewGRF(NewUniform(0, 1, 50).Points(), 0.2, 0)
	if err != nil {
		t.Fatal(err)
	}
	a := g.Sample(rand.New(rand.NewSource(3)), 4)
	b := g.Sample(rand.New(rand.NewSource(3)), 4)
	c := g.Sample(rand.New(rand.NewSource(4)), 4)
	for i := range a {
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				t.Fatalf("same seed, different sample at [%d][%d]: %g vs %g", i, j, a[i][j], b[i][j])
			}
		}
	}
	if a[0][0] == c[0][0] {
		t.Errorf("different seeds gave the same first value %g", a[0][0])
	}
}

func TestNewGRFRejectsBadArguments(t *testing.T) {
	pts := []float64{0, 0.5, 1}
	for _, tc := range []struct {
		name        string
		points      []float64
		ell, jitter float64
	}{
		{"no points", nil, 0.2, 0},
		{"zero length scale", pts, 0, 0},
		{"negative length scale", pts, -1, 0},
		{"NaN length scale", pts, math.NaN(), 0},
		{"negative jitter", pts, 0.2, -1e-6},
	} {
		if _, err := NewGRF(tc.points, tc.ell, tc.jitter); err == nil {
			t.Errorf("%s: NewGRF accepted it", tc.name)
		}
	}
	// 200 points with ℓ = 0.2 are singular in float64 without jitter, fine with the default.
	if _, err := NewGRF(NewUniform(0, 1, 200).Points(), 0.2, 0); err != nil {
		t.Errorf("200 points, ℓ = 0.2, default jitter: %v", err)
	}
}
