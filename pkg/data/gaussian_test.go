package data

import (
	"math"
	"math/rand"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Per component, the sample mean and covariance must match the stated ones
// within Monte-Carlo error, and the components must be picked with their
// weights. For Gaussians, the estimate of Σ_ij from m draws has standard
// error sqrt((Σ_ii Σ_jj + Σ_ij²)/m).
func TestGaussianMixtureMomentsAndWeights(t *testing.T) {
	means := [][]float64{{0, 0, 0}, {3, -1, 2}}
	covs := []mat.Symmetric{
		mat.NewSymDense(3, []float64{2, 0.5, 0, 0.5, 1, -0.3, 0, -0.3, 0.5}),
		nil,
	}
	g, err := NewGaussianMixture(means, covs, []float64{1, 3})
	if err != nil {
		t.Fatal(err)
	}
	const n = 40000
	x, labels := g.Sample(rand.New(rand.NewSource(3)), n)
	count := []int{0, 0}
	for _, c := range labels {
		count[c]++
	}
	if f, se := float64(count[1])/n, math.Sqrt(0.75*0.25/n); math.Abs(f-0.75) > 5*se {
		t.Errorf("component 1 drawn with frequency %.4f, want 0.75 within %.4f", f, 5*se)
	}
	for c := range means {
		cov := g.Cov(c)
		m := float64(count[c])
		mean := make([]float64, 3)
		for i, row := range x {
			if labels[i] == c {
				for j, v := range row {
					mean[j] += v / m
				}
			}
		}
		for j := range mean {
			if se := math.Sqrt(cov.At(j, j) / m); math.Abs(mean[j]-means[c][j]) > 5*se {
				t.Errorf("component %d: mean[%d] = %.4f, want %.4f within %.4f", c, j, mean[j], means[c][j], 5*se)
			}
		}
		for a := 0; a < 3; a++ {
			for b := 0; b < 3; b++ {
				var s float64
				for i, row := range x {
					if labels[i] == c {
						s += (row[a] - means[c][a]) * (row[b] - means[c][b])
					}
				}
				s /= m
				want := cov.At(a, b)
				se := math.Sqrt((cov.At(a, a)*cov.At(b, b) + want*want) / m)
				if math.Abs(s-want) > 5*se {
					t.Errorf("component %d: cov[%d][%d] = %.4f, want %.4f within %.4f", c, a, b, s, want, 5*se)
				}
			}
		}
	}
}

// Simplex means are pairwise exactly separation apart and centred; with
// two components the nearest-mean rule (the Bayes rule for equal isotropic
// covariances and weights) errs with probability Φ(−separation/(2σ)).
func TestSimplexMixtureSeparationAndBayesError(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	g, err := SimplexMixture(rng, 4, 6, 2.5, 1)
	if err != nil {
		t.Fatal(err)
	}
	centroid := make([]float64, 6)
	for a := range g.Means {
		for j, v := range g.Means[a] {
			centroid[j] += v / 4
		}
		for b := range a {
			if d := dist(g.Means[a], g.Means[b]); math.Abs(d-2.5) > 1e-12 {
				t.Errorf("|μ%d − μ%d| = %.15f, want 2.5", a, b, d)
			}
		}
	}
	for j, v := range centroid {
		if math.Abs(v) > 1e-12 {
			t.Errorf("centroid[%d] = %g, want 0", j, v)
		}
	}

	g2, err := SimplexMixture(rng, 2, 5, 2, 0.8)
	if err != nil {
		t.Fatal(err)
	}
	const n = 50000
	x, labels := g2.Sample(rng, n)
	wrong := 0
	for i, row := range x {
		pred := 0
		if dist(row, g2.Means[1]) < dist(row, g2.Means[0]) {
			pred = 1
		}
		if pred != labels[i] {
			wrong++
		}
	}
	want := 0.5 * math.Erfc(2/(2*0.8)/math.Sqrt2) // Φ(−1.25)
	got := float64(wrong) / n
	if se := math.Sqrt(want * (1 - want) / n); math.Abs(got-want) > 5*se {
		t.Errorf("nearest-mean error %.4f, want Φ(−1.25) = %.4f within %.4f", got, want, 5*se)
	}
}

func TestRandomOrthogonalIsOrthogonal(t *testing.T) {
	q := RandomOrthogonal(rand.New(rand.NewSource(1)), 7)
	var qtq mat.Dense
	qtq.Mul(q.T(), q)
	for i := 0; i < 7; i++ {
		for j := 0; j < 7; j++ {
			want := 0.0
			if i == j {
				want = 1
			}
			if math.Abs(qtq.At(i, j)-want) > 1e-12 {
				t.Fatalf("(QᵀQ)[%d][%d] = %g, want %g", i, j, qtq.At(i, j), want)
			}
		}
	}
}

func TestGaussianMixtureRejectsBadValues(t *testing.T) {
	cases := []struct {
		name    string
		means   [][]float64
		covs    []mat.Symmetric
		weights []float64
	}{
		{"no means", nil, nil, nil},
		{"ragged means", [][]float64{{0, 0}, {1}}, nil, nil},
		{"negative weight", [][]float64{{0}, {1}}, nil, []float64{1, -1}},
		{"wrong weight count", [][]float64{{0}, {1}}, nil, []float64{1}},
		{"wrong cov size", [][]float64{{0, 0}}, []mat.Symmetric{mat.NewSymDense(1, []float64{1})}, nil},
		{"indefinite cov", [][]float64{{0, 0}}, []mat.Symmetric{mat.NewSymDense(2, []float64{1, 2, 2, 1})}, nil},
	}
	for _, c := range cases {
		if _, err := NewGaussianMixture(c.means, c.covs, c.weights); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
	if _, err := SimplexMixture(rand.New(rand.NewSource(1)), 4, 3, 1, 1); err == nil {
		t.Error("SimplexMixture with k > d: no error")
	}
}

func TestSamplersShapesAndRanges(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	x := UniformCube(rng, 1000, 3, -1, 1)
	for _, row := range x {
		for _, v := range row {
			if v < -1 || v >= 1 {
				t.Fatalf("UniformCube value %g outside [-1, 1)", v)
			}
		}
	}
	z := StandardNormal(rng, 4, 2)
	if f := Flatten32(z); len(f) != 8 || f[3] != float32(z[1][1]) {
		t.Errorf("Flatten32 = %v, want the rows of %v in order", f, z)
	}
}

func dist(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += (a[i] - b[i]) * (a[i] - b[i])
	}
	return math.Sqrt(s)
}

// Sphere points have unit norm and mean zero, with E[x_i²] = 1/d.
func TestUnitSphere(t *testing.T) {
	const n, d = 20000, 4
	x := UnitSphere(rand.New(rand.NewSource(3)), n, d)
	var m0, s0 float64
	for _, p := range x {
		var s float64
		for _, v := range p {
			s += v * v
		}
		if math.Abs(s-1) > 1e-12 {
			t.Fatalf("point of squared norm %g", s)
		}
		m0 += p[0] / n
		s0 += p[0] * p[0] / n
	}
	if math.Abs(m0) > 5*math.Sqrt(0.25/n) || math.Abs(s0-0.25) > 0.01 {
		t.Errorf("first coordinate mean %.4f, mean square %.4f; want 0 and 1/d = 0.25", m0, s0)
	}
}

// Friedman #1 targets: the mean of the noiseless target over the cube is
// 10·E[sin(πx1x2)] + 20/12 + 5 + 2.5, the expectation of the sine taken by
// a fine midpoint rule; the noise has the stated variance.
func TestFriedman1(t *testing.T) {
	const n = 50000
	x, y := Friedman1(rand.New(rand.NewSource(4)), n, 10, 1)
	var m, r2 float64
	for i := range y {
		m += Friedman1Mean(x[i]) / n
		d := y[i] - Friedman1Mean(x[i])
		r2 += d * d / n
	}
	// E[sin(π x1 x2)] by a fine midpoint rule.
	var es float64
	const k = 1000
	for i := range k {
		for j := range k {
			es += math.Sin(math.Pi*(float64(i)+0.5)/k*(float64(j)+0.5)/k) / (k * k)
		}
	}
	want := 10*es + 20.0/12 + 5 + 2.5
	if math.Abs(m-want) > 5*5.0/math.Sqrt(n) {
		t.Errorf("mean target %.4f, want %.4f", m, want)
	}
	if math.Abs(r2-1) > 5*math.Sqrt(2.0/n) {
		t.Errorf("noise variance %.4f, want 1", r2)
	}
}
