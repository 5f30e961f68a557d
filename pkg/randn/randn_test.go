package randn

import (
	"math"
	"runtime"
	"slices"
	"testing"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/papernb/papernb/pkg/metrics"
)

func TestFillIsStandardNormal(t *testing.T) {
	const n = 1 << 21 // 32 blocks
	x := make([]float32, n)
	Fill(x, 42)
	v := make([]float64, n)
	for i, f := range x {
		v[i] = float64(f)
	}
	m := metrics.MomentsOf(v)
	// Standard errors at n draws: mean 1/√n, variance √(2/n), skewness
	// √(6/n), excess kurtosis √(24/n); allow 5 of them.
	se := 1 / math.Sqrt(n)
	for _, c := range []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"mean", m.Mean, 0, 5 * se},
		{"variance", m.Variance(), 1, 5 * math.Sqrt(2) * se},
		{"skewness", m.Skewness(), 0, 5 * math.Sqrt(6) * se},
		{"excess kurtosis", m.ExcessKurtosis(), 0, 5 * math.Sqrt(24) * se},
	} {
		if math.Abs(c.got-c.want) > c.tol {
			t.Errorf("%s = %.5f, want %.5f ± %.5f", c.name, c.got, c.want, c.tol)
		}
	}
	// The tail: P(|z| > 3) = 0.0026998.
	var tail int
	for _, f := range x {
		if math.Abs(float64(f)) > 3 {
			tail++
		}
	}
	p := float64(tail) / n
	if sd := math.Sqrt(0.0027 / n); math.Abs(p-0.0026998) > 5*sd {
		t.Errorf("P(|z| > 3) = %.6f, want 0.0027000 ± %.6f", p, 5*sd)
	}
}

// Neighbouring blocks must not repeat or correlate: each has its own stream.
func TestFillBlocksAreIndependent(t *testing.T) {
	x := make([]float32, 2*blockSize)
	Fill(x, 7)
	a, b := x[:blockSize], x[blockSize:]
	if slices.Equal(a, b) {
		t.Fatal("the two blocks are identical")
	}
	var sab, saa, sbb float64
	for i := range a {
		sab += float64(a[i]) * float64(b[i])
		saa += float64(a[i]) * float64(a[i])
		sbb += float64(b[i]) * float64(b[i])
	}
	if r := sab / math.Sqrt(saa*sbb); math.Abs(r) > 5/math.Sqrt(blockSize) {
		t.Errorf("correlation between blocks %.4f, want ≈ 0 (±%.4f)", r, 5/math.Sqrt(blockSize))
	}
}

func TestFillDependsOnlyOnSeedAndLength(t *testing.T) {
	n := 5*blockSize + 123 // a partial last block
	run := func(procs int, seed uint64) []float32 {
		old := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(old)
		x := make([]float32, n)
		Fill(x, seed)
		return x
	}
	one, four := run(1, 3), run(4, 3)
	if !slices.Equal(one, four) {
		t.Error("Fill with GOMAXPROCS=1 and 4 gave different numbers for the same seed")
	}
	if slices.Equal(one, run(1, 4)) {
		t.Error("seeds 3 and 4 gave the same numbers")
	}
	// A prefix is the same whatever the length: the blocks do not move.
	short := make([]float32, blockSize+10)
	Fill(short, 3)
	if !slices.Equal(short, one[:len(short)]) {
		t.Error("a shorter buffer does not start with the same numbers")
	}
}

func TestTensor(t *testing.T) {
	backend, err := compute.NewWithConfig("go")
	if err != nil {
		t.Fatal(err)
	}
	x, err := Tensor(backend, 9, 3, 4, 5)
	if err != nil {
		t.Fatal(err)
	}
	if got := x.Shape().Dimensions; !slices.Equal(got, []int{3, 4, 5}) {
		t.Errorf("dimensions %v, want [3 4 5]", got)
	}
	want := make([]float32, 60)
	Fill(want, 9)
	if got := tensors.MustCopyFlatData[float32](x); !slices.Equal(got, want) {
		t.Error("Tensor's values differ from Fill's with the same seed")
	}
	for _, dims := range [][]int{nil, {3, 0}, {-1}} {
		if _, err := Tensor(backend, 1, dims...); err == nil {
			t.Errorf("Tensor with dimensions %v: no error", dims)
		}
	}
}

func BenchmarkFill(b *testing.B) {
	x := make([]float32, 1<<22)
	b.SetBytes(int64(4 * len(x)))
	for i := range b.N {
		Fill(x, uint64(i))
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(x)), "ns/number")
}
