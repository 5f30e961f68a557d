package metrics

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestBinPatterns(t *testing.T) {
	// Two bins of [−1, 1]: rows 0 and 1 both fall in (bin 0, bin 1); row 2
	// is clipped into (bin 1, bin 1).
	acts := mat.NewDense(3, 2, []float64{-1, 0.1, -0.9, 0.2, 1, 1})
	got := BinPatterns(acts, 2, -1, 1)
	if got[0] != 0 || got[1] != 0 || got[2] != 1 {
		t.Errorf("BinPatterns = %v, want [0 0 1]", got)
	}
	mustPanic(t, "range", "want finite lo < hi", func() { BinPatterns(acts, 2, 1, 1) })
}

// Exact distributions (every outcome in its exact proportion) make the
// plug-in estimates equal the analytic values.
func TestMutualInformationKnownValues(t *testing.T) {
	var x, parity []int
	for v := range 8 {
		x = append(x, v)
		parity = append(parity, v%2)
	}
	if got := EntropyBits(x); !near(got, 3, 1e-14) {
		t.Errorf("H(uniform on 8) = %v, want 3 bits", got)
	}
	if got := MutualInformationBits(x, parity); !near(got, 1, 1e-14) {
		t.Errorf("I(X; X mod 2) = %v, want 1 bit", got)
	}
	// Binary symmetric channel with flip probability 1/4:
	// I = 1 − H(1/4) = 1 − (¼·2 + ¾·log₂(4/3)) bits.
	var in, out []int
	for i := range 8 {
		b := i % 2
		in = append(in, b)
		if i < 2 { // one flip of each input value, out of four
			out = append(out, 1-b)
		} else {
			out = append(out, b)
		}
	}
	want := 1 - (0.25*2 + 0.75*math.Log2(4.0/3))
	if got := MutualInformationBits(in, out); !near(got, want, 1e-14) {
		t.Errorf("I of a BSC(1/4) = %v, want %v", got, want)
	}
	// Every (a, b) pair once: independent, I = 0.
	var a, b []int
	for i := range 3 {
		for j := range 2 {
			a, b = append(a, i), append(b, j)
		}
	}
	if got := MutualInformationBits(a, b); !near(got, 0, 1e-14) {
		t.Errorf("I of independent variables = %v, want 0", got)
	}
}

func TestNormalizedMutualInformation(t *testing.T) {
	a := []int{0, 0, 1, 1, 2, 2}
	if got := NormalizedMutualInformation(a, []int{5, 5, 9, 9, 7, 7}); !near(got, 1, 1e-15) {
		t.Errorf("NMI of a relabeling = %v, want 1", got)
	}
	// Every (a, b) pair once: independent.
	if got := NormalizedMutualInformation([]int{0, 0, 1, 1}, []int{0, 1, 0, 1}); !near(got, 0, 1e-15) {
		t.Errorf("NMI of independent labelings = %v, want 0", got)
	}
	// b merges two of a's three equal classes: I = H(B) = H(1/3, 2/3),
	// H(A) = log₂ 3, so NMI = 2H(B)/(log₂ 3 + H(B)).
	hb := -(math.Log2(1.0/3)/3 + 2*math.Log2(2.0/3)/3)
	if got, want := NormalizedMutualInformation(a, []int{0, 0, 1, 1, 1, 1}), 2*hb/(math.Log2(3)+hb); !near(got, want, 1e-14) {
		t.Errorf("NMI of a merge = %v, want %v", got, want)
	}
}
