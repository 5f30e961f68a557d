package data

import (
	"math"
	"math/rand"
	"testing"
)

// Gamma draws have mean k and variance k (shape k, scale 1), for shapes
// below and above 1; Dirichlet vectors sum to 1 with mean 1/k per entry
// and variance (1/k)(1−1/k)/(kα+1).
func TestGammaAndDirichletMoments(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	const n = 40000
	for _, k := range []float64{0.3, 1, 2.5} {
		var s, s2 float64
		for range n {
			x := Gamma(rng, k)
			s += x
			s2 += x * x
		}
		mean, v := s/n, s2/n-(s/n)*(s/n)
		if se := math.Sqrt(k / n); math.Abs(mean-k) > 5*se {
			t.Errorf("Gamma(%g): mean %.4f, want %g within %.4f", k, mean, k, 5*se)
		}
		if math.Abs(v-k) > 0.05*k+5*math.Sqrt(6*k*k/n) {
			t.Errorf("Gamma(%g): variance %.4f, want %g", k, v, k)
		}
	}
	const k, alpha = 5, 0.3
	var s, s2 float64
	for range n {
		p := Dirichlet(rng, alpha, k)
		var sum float64
		for _, v := range p {
			sum += v
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Fatalf("Dirichlet vector sums to %g", sum)
		}
		s += p[2]
		s2 += p[2] * p[2]
	}
	wantVar := (1.0 / k) * (1 - 1.0/k) / (k*alpha + 1)
	if mean := s / n; math.Abs(mean-0.2) > 5*math.Sqrt(wantVar/n) {
		t.Errorf("Dirichlet entry mean %.4f, want 0.2", mean)
	}
	if v := s2/n - (s/n)*(s/n); math.Abs(v-wantVar) > 0.1*wantVar {
		t.Errorf("Dirichlet entry variance %.4f, want %.4f", v, wantVar)
	}
}

// The stationary distribution is invariant under P (checked on a periodic
// chain too), transition frequencies of a long sequence match P, and the
// entropy rate of a known chain is its closed form.
func TestMarkovChain(t *testing.T) {
	m, err := NewMarkovChain([][]float64{{0.9, 0.1}, {0.3, 0.7}})
	if err != nil {
		t.Fatal(err)
	}
	pi := m.Stationary()
	if math.Abs(pi[0]-0.75) > 1e-12 || math.Abs(pi[1]-0.25) > 1e-12 {
		t.Errorf("stationary %v, want [0.75 0.25]", pi)
	}
	h := func(p float64) float64 { return -p*math.Log(p) - (1-p)*math.Log(1-p) }
	if got, want := m.EntropyRate(), 0.75*h(0.9)+0.25*h(0.3); math.Abs(got-want) > 1e-12 {
		t.Errorf("entropy rate %.12f, want %.12f", got, want)
	}
	periodic, _ := NewMarkovChain([][]float64{{0, 1}, {1, 0}})
	if p := periodic.Stationary(); math.Abs(p[0]-0.5) > 1e-12 {
		t.Errorf("periodic chain stationary %v, want [0.5 0.5]", p)
	}

	rng := rand.New(rand.NewSource(2))
	seq := m.Sequence(rng, 0, 100000)
	var from0, to1 float64
	for i := 1; i < len(seq); i++ {
		if seq[i-1] == 0 {
			from0++
			if seq[i] == 1 {
				to1++
			}
		}
	}
	if f := to1 / from0; math.Abs(f-0.1) > 5*math.Sqrt(0.09/from0) {
		t.Errorf("P(1|0) estimated %.4f, want 0.1", f)
	}

	g, tm, err := GroupedMarkov(rng, 4, 3, 0.3)
	if err != nil {
		t.Fatal(err)
	}
	if g.States() != 12 || len(tm) != 4 {
		t.Fatalf("grouped chain of %d states, T of %d rows", g.States(), len(tm))
	}
	for w := 0; w < 12; w++ {
		for u := 0; u < 12; u++ {
			if g.P[w][u] != g.P[w/3*3][u] {
				t.Fatalf("words %d and %d of one group have different next-word rows", w, w/3*3)
			}
		}
	}
	pg := g.Stationary()
	for j := range pg {
		var s float64
		for i := range pg {
			s += pg[i] * g.P[i][j]
		}
		if math.Abs(s-pg[j]) > 1e-12 {
			t.Fatalf("(πP)[%d] = %g, π[%d] = %g", j, s, j, pg[j])
		}
	}

	sp, err := SparseMarkov(rng, 100, 10, 1)
	if err != nil {
		t.Fatal(err)
	}
	for s, row := range sp.P {
		nz := 0
		for _, v := range row {
			if v > 0 {
				nz++
			}
		}
		if nz != 10 {
			t.Fatalf("state %d has %d successors, want 10", s, nz)
		}
	}
	if _, err := NewMarkovChain([][]float64{{0.5, 0.4}, {0, 1}}); err == nil {
		t.Error("row summing to 0.9: no error")
	}
}
