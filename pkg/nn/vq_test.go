package nn

import (
	"math"
	"math/rand"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/papernb/papernb/pkg/internal/gomlxtest"
)

// vqResult holds Quantize's outputs on x [2, n, d] with a codebook [k, d],
// the gradient of Σ w ⊙ Quantized with respect to x, and the gradients of
// the codebook and commitment losses.
type vqResult struct {
	quantized, stGrad           []float64
	codes                       []int32
	codebookLoss, commitLoss    float64
	codebookGrad, commitXGrad   []float64
	commitCodeGrad, cbLossXGrad []float64
}

// runVQ runs Quantize in float64 and returns a vqResult.
func runVQ(t *testing.T, x, codebook, w []float64, n, d, k int) vqResult {
	t.Helper()
	exec := graph.MustNewExec(gomlxtest.Backend(t), func(x, codebook, w *graph.Node) []*graph.Node {
		out := Quantize(x, codebook, VQConfig{}, VQControl{})
		st := graph.ReduceAllSum(graph.Mul(out.Quantized, w))
		return []*graph.Node{out.Quantized, out.Codes, out.CodebookLoss, out.CommitmentLoss,
			graph.Gradient(st, x)[0],
			graph.Gradient(out.CodebookLoss, codebook)[0], graph.Gradient(out.CodebookLoss, x)[0],
			graph.Gradient(out.CommitmentLoss, x)[0], graph.Gradient(out.CommitmentLoss, codebook)[0]}
	})
	res := exec.MustCall(tensors.FromFlatDataAndDimensions(x, 2, n, d), tensors.FromFlatDataAndDimensions(codebook, k, d),
		tensors.FromFlatDataAndDimensions(w, 2, n, d))
	f := func(i int) []float64 { return tensors.MustCopyFlatData[float64](res[i]) }
	return vqResult{
		quantized: f(0), codes: tensors.MustCopyFlatData[int32](res[1]),
		codebookLoss: res[2].Value().(float64), commitLoss: res[3].Value().(float64),
		stGrad: f(4), codebookGrad: f(5), cbLossXGrad: f(6), commitXGrad: f(7), commitCodeGrad: f(8),
	}
}

func TestQuantizeNearestCodeAndStraightThrough(t *testing.T) {
	const n, d, k = 10, 3, 5
	rng := rand.New(rand.NewSource(1))
	normals := func(m int) []float64 {
		v := make([]float64, m)
		for i := range v {
			v[i] = rng.NormFloat64()
		}
		return v
	}
	x, codebook, w := normals(2*n*d), normals(k*d), normals(2*n*d)
	r := runVQ(t, x, codebook, w, n, d, k)
	rows := 2 * n
	var sq float64
	codebookGrad := make([]float64, k*d)
	for row := range rows {
		best, bestDist := -1, math.Inf(1)
		for c := range k {
			var dist float64
			for j := range d {
				diff := x[row*d+j] - codebook[c*d+j]
				dist += diff * diff
			}
			if dist < bestDist {
				best, bestDist = c, dist
			}
		}
		if int(r.codes[row]) != best {
			t.Fatalf("vector %d: code %d, nearest is %d", row, r.codes[row], best)
		}
		sq += bestDist
		for j := range d {
			if math.Abs(r.quantized[row*d+j]-codebook[best*d+j]) > 1e-12 { // x + (e − x) rounds
				t.Fatalf("vector %d: quantized %v, want code %d", row, r.quantized[row*d:(row+1)*d], best)
			}
			// ∂/∂e of mean (x − e)² over rows·d elements.
			codebookGrad[best*d+j] += 2 * (codebook[best*d+j] - x[row*d+j]) / float64(rows*d)
		}
	}
	// Straight through: the gradient reaching x is exactly w.
	near(t, "straight-through gradient", r.stGrad, w)
	mse := sq / float64(rows*d)
	near(t, "losses", []float64{r.codebookLoss, r.commitLoss}, []float64{mse, mse})
	near(t, "codebook-loss gradient on the codebook", r.codebookGrad, codebookGrad)
	near(t, "codebook-loss gradient on x", r.cbLossXGrad, make([]float64, len(x)))
	near(t, "commitment-loss gradient on the codebook", r.commitCodeGrad, make([]float64, len(codebook)))
	commit := make([]float64, len(x))
	for row := range rows {
		for j := range d {
			commit[row*d+j] = 2 * (x[row*d+j] - r.quantized[row*d+j]) / float64(rows*d)
		}
	}
	near(t, "commitment-loss gradient on x", r.commitXGrad, commit)
}

func TestVQVariableAndLoss(t *testing.T) {
	store := gomlxtest.Store(t, 1)
	res := runOnce(t, store, func(scope *model.Scope, in []*graph.Node) []*graph.Node {
		out := VQ(scope, in[0], VQConfig{Codes: 7, Beta: 0.5}, VQControl{})
		return []*graph.Node{out.Loss, out.CodebookLoss, out.CommitmentLoss, graph.ConvertDType(out.Codes, in[0].DType())}
	}, randomInput(1, 2, 3, 4))
	if got, want := res[0][0], res[1][0]+0.5*res[2][0]; math.Abs(float64(got-want)) > 1e-6 {
		t.Errorf("Loss = %g, want CodebookLoss + 0.5·CommitmentLoss = %g", got, want)
	}
	if len(res[3]) != 6 {
		t.Errorf("%d codes for 6 vectors with TopK 1", len(res[3]))
	}
	if s := variable(t, store, "/codebook").Shape().Dimensions; s[0] != 7 || s[1] != 4 {
		t.Errorf("codebook shape %v, want [7 4]", s)
	}
	for name, cfg := range map[string]VQConfig{"no codes": {}, "negative beta": {Codes: 2, Beta: -1}, "NaN std": {Codes: 2, InitStd: math.NaN()},
		"top-k > codes": {Codes: 2, TopK: 3}, "bad similarity": {Codes: 2, Similarity: Similarity(5)}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: VQ did not panic", name)
				}
			}()
			runOnce(t, gomlxtest.Store(t, 1), func(scope *model.Scope, in []*graph.Node) []*graph.Node {
				return []*graph.Node{VQ(scope, in[0], cfg, VQControl{}).Loss}
			}, randomInput(1, 1, 2, 3))
		}()
	}
}

// Inner-product snapping to the sum of the top 2 codes, with the task
// gradient reaching the chosen codes (codebook features), and forced codes
// at chosen vectors.
func TestQuantizeTopKInnerProductForcedAndCodeGradient(t *testing.T) {
	const n, d, k, top = 6, 3, 5, 2
	rng := rand.New(rand.NewSource(2))
	normals := func(m int) []float64 {
		v := make([]float64, m)
		for i := range v {
			v[i] = rng.NormFloat64()
		}
		return v
	}
	x, codebook, w := normals(n*d), normals(k*d), normals(n*d)
	forced := []int32{4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3} // vector 0 → codes 4, 0; vector 5 → 2, 3
	mask := []bool{true, false, false, false, false, true}
	cfg := VQConfig{TopK: top, Similarity: InnerProduct, CodesGetTaskGradient: true}
	exec := graph.MustNewExec(gomlxtest.Backend(t), func(x, codebook, w, force, forceMask *graph.Node) []*graph.Node {
		out := Quantize(x, codebook, cfg, VQControl{Force: force, ForceMask: forceMask})
		loss := graph.ReduceAllSum(graph.Mul(out.Quantized, w))
		return append([]*graph.Node{out.Quantized, out.Codes}, graph.Gradient(loss, x, codebook)...)
	})
	res := exec.MustCall(tensors.FromFlatDataAndDimensions(x, n, d), tensors.FromFlatDataAndDimensions(codebook, k, d),
		tensors.FromFlatDataAndDimensions(w, n, d), tensors.FromFlatDataAndDimensions(forced, n, top), mask)
	quantized, codes := tensors.MustCopyFlatData[float64](res[0]), tensors.MustCopyFlatData[int32](res[1])
	wantCodebookGrad := make([]float64, k*d)
	for row := range n {
		// Host top 2 by x·e/‖e‖ (ties cannot happen with random normals).
		want := []int{-1, -1}
		if mask[row] {
			want = []int{int(forced[row*top]), int(forced[row*top+1])}
		} else {
			score := make([]float64, k)
			for c := range k {
				var dot, norm float64
				for j := range d {
					dot += x[row*d+j] * codebook[c*d+j]
					norm += codebook[c*d+j] * codebook[c*d+j]
				}
				score[c] = dot / math.Sqrt(norm)
			}
			for i := range want {
				for c := range k {
					if c != want[0] && (want[i] < 0 || score[c] > score[want[i]]) {
						want[i] = c
					}
				}
			}
		}
		for i, c := range want {
			if int(codes[row*top+i]) != c {
				t.Fatalf("vector %d: codes %v, want %v", row, codes[row*top:(row+1)*top], want)
			}
		}
		for j := range d {
			sum := codebook[want[0]*d+j] + codebook[want[1]*d+j]
			if math.Abs(quantized[row*d+j]-sum) > 1e-12 {
				t.Fatalf("vector %d: quantized %v is not the sum of codes %v", row, quantized[row*d:(row+1)*d], want)
			}
			for _, c := range want {
				wantCodebookGrad[c*d+j] += w[row*d+j]
			}
		}
	}
	near(t, "straight-through gradient on x", tensors.MustCopyFlatData[float64](res[2]), w)
	near(t, "task gradient on the codebook", tensors.MustCopyFlatData[float64](res[3]), wantCodebookGrad)
}
