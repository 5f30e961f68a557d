package data

import (
	"math"
	"math/rand"
	"testing"
)

// Labels are the parity of the relevant bits, computed here independently
// as the sign of their product; only the relevant bits matter; the bits
// are fair coins.
func TestSparseParityLabels(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	p, err := NewSparseParity(rng, 20, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Relevant) != 3 || !(p.Relevant[0] < p.Relevant[1] && p.Relevant[1] < p.Relevant[2]) {
		t.Fatalf("relevant bits %v, want 3 increasing positions", p.Relevant)
	}
	const m = 10000
	x, labels := p.Sample(rng, m)
	ones, minus := 0, 0
	for i, row := range x {
		prod := 1.0
		for _, j := range p.Relevant {
			prod *= row[j]
		}
		if want := map[float64]int{1: 0, -1: 1}[prod]; labels[i] != want {
			t.Fatalf("example %d: label %d, product of relevant bits %g", i, labels[i], prod)
		}
		ones += labels[i]
		for _, v := range row {
			if v != 1 && v != -1 {
				t.Fatalf("example %d has entry %g, want ±1", i, v)
			}
			if v < 0 {
				minus++
			}
		}
		// Flipping an irrelevant bit keeps the label; a relevant one flips it.
		flip := append([]float64(nil), row...)
		irrelevant := 0
		for contains(p.Relevant, irrelevant) {
			irrelevant++
		}
		flip[irrelevant] = -flip[irrelevant]
		if p.Label(flip) != labels[i] {
			t.Fatalf("flipping irrelevant bit %d changed the label", irrelevant)
		}
		flip[p.Relevant[1]] = -flip[p.Relevant[1]]
		if p.Label(flip) == labels[i] {
			t.Fatalf("flipping relevant bit %d kept the label", p.Relevant[1])
		}
	}
	if f := float64(ones) / m; math.Abs(f-0.5) > 5*0.5/math.Sqrt(m) {
		t.Errorf("label 1 frequency %.4f, want 0.5", f)
	}
	if f := float64(minus) / (m * 20); math.Abs(f-0.5) > 5*0.5/math.Sqrt(m*20) {
		t.Errorf("−1 frequency %.4f, want 0.5", f)
	}
}

func contains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// The table holds every defined pair once with the right result; division
// inverts multiplication; a split is disjoint, complete and of the asked
// size.
func TestModularTableAndSplit(t *testing.T) {
	const p = 31
	add, err := Modular(p, ModAdd)
	if err != nil {
		t.Fatal(err)
	}
	if add.Len() != p*p {
		t.Fatalf("a+b table has %d equations, want %d", add.Len(), p*p)
	}
	for i := range add.C {
		if add.C[i] != (add.A[i]+add.B[i])%p {
			t.Fatalf("%d+%d = %d mod %d", add.A[i], add.B[i], add.C[i], p)
		}
	}
	sub, _ := Modular(p, ModSub)
	for i := range sub.C {
		if (sub.C[i]+sub.B[i])%p != sub.A[i] {
			t.Fatalf("%d−%d = %d mod %d", sub.A[i], sub.B[i], sub.C[i], p)
		}
	}
	div, err := Modular(p, ModDiv)
	if err != nil {
		t.Fatal(err)
	}
	if div.Len() != p*(p-1) {
		t.Fatalf("a/b table has %d equations, want %d (b ≠ 0)", div.Len(), p*(p-1))
	}
	for i := range div.C {
		if div.C[i]*div.B[i]%p != div.A[i] {
			t.Fatalf("%d/%d = %d mod %d, but %d·%d ≠ %d", div.A[i], div.B[i], div.C[i], p, div.C[i], div.B[i], div.A[i])
		}
	}
	n := int(5.5 * p * math.Log(p))
	train, test, err := add.Split(rand.New(rand.NewSource(1)), n)
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != n || test.Len() != p*p-n {
		t.Fatalf("split sizes %d + %d, want %d + %d", train.Len(), test.Len(), n, p*p-n)
	}
	seen := map[[2]int]bool{}
	for _, s := range []ModularSet{train, test} {
		for i := range s.A {
			k := [2]int{s.A[i], s.B[i]}
			if seen[k] {
				t.Fatalf("pair %v in both parts or twice", k)
			}
			seen[k] = true
			if s.C[i] != (s.A[i]+s.B[i])%p {
				t.Fatalf("split broke equation %d+%d = %d", s.A[i], s.B[i], s.C[i])
			}
		}
	}
	if len(seen) != p*p {
		t.Fatalf("split covers %d pairs, want %d", len(seen), p*p)
	}
	tr, te, err := add.SplitFraction(rand.New(rand.NewSource(1)), 0.3)
	if err != nil || tr.Len() != 288 || te.Len() != p*p-288 {
		t.Fatalf("SplitFraction(0.3): %d + %d, %v; want 288 + %d", tr.Len(), te.Len(), err, p*p-288)
	}
}

func TestModularRejectsBadValues(t *testing.T) {
	if _, err := Modular(1, ModAdd); err == nil {
		t.Error("p = 1: no error")
	}
	if _, err := Modular(12, ModDiv); err == nil {
		t.Error("division mod 12: no error")
	}
	s, _ := Modular(5, ModAdd)
	if _, _, err := s.Split(rand.New(rand.NewSource(1)), 26); err == nil {
		t.Error("26 of 25 equations: no error")
	}
	if _, err := NewSparseParity(rand.New(rand.NewSource(1)), 4, 5); err == nil {
		t.Error("5 relevant of 4 bits: no error")
	}
}

// All 2^n patterns, each once, in counting order.
func TestBinaryPatterns(t *testing.T) {
	p := BinaryPatterns(12)
	if len(p) != 4096 {
		t.Fatalf("%d patterns, want 4096", len(p))
	}
	for i, bits := range p {
		v := 0
		for _, b := range bits {
			v = 2*v + int(b)
		}
		if v != i {
			t.Fatalf("pattern %d reads as %d", i, v)
		}
	}
}
