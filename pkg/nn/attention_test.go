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

// randomInput returns a [b, t, d] tensor of standard normals.
func randomInput(seed int64, b, t, d int) *tensors.Tensor {
	rng := rand.New(rand.NewSource(seed))
	x := make([]float32, b*t*d)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	return tensors.FromFlatDataAndDimensions(x, b, t, d)
}

// localCopy returns a host copy of x: every helper call here makes its own
// backend, and a tensor cannot move between backends.
func localCopy(tb testing.TB, x *tensors.Tensor) *tensors.Tensor {
	tb.Helper()
	c, err := x.LocalClone()
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// runAttention applies SelfAttentionParts to x and returns the output and
// weights flattened, and the store holding the variables.
func runAttention(t *testing.T, store *model.Store, cfg AttentionConfig, x *tensors.Tensor) (out, weights []float32) {
	t.Helper()
	exec := model.MustNewExec(gomlxtest.Backend(t), store, func(scope *model.Scope, x *graph.Node) []*graph.Node {
		y, p := SelfAttentionParts(scope, x, cfg)
		if p.Weights == nil {
			return []*graph.Node{y}
		}
		return []*graph.Node{y, p.Weights}
	})
	res := exec.MustCall(localCopy(t, x)) // each call makes its own backend
	if len(res) == 1 {
		return flat(res[0]), nil
	}
	return flat(res[0]), flat(res[1])
}

// referenceAttention computes multi-head attention of xq ([b, nq, d]) to
// xkv ([b, nk, dc]) on the host in float64 with plain loops, from the
// variables in store.
func referenceAttention(t *testing.T, store *model.Store, cfg AttentionConfig, xq, xkv []float32, b, nq, nk, d, dc int) []float64 {
	h := cfg.Heads
	dh := d / h
	get := func(name string) []float32 { return flat(variable(t, store, name)) }
	wq, wk, wv, wo := get("/query/weights"), get("/key/weights"), get("/value/weights"), get("/output/weights")
	bq, bk, bv, bo := get("/query/biases"), get("/key/biases"), get("/value/biases"), get("/output/biases")
	proj := func(w, bias []float32, row []float32, out int) []float64 {
		y := make([]float64, out)
		for j := range y {
			y[j] = float64(bias[j])
			for i, xi := range row {
				y[j] += float64(xi) * float64(w[i*out+j])
			}
		}
		return y
	}
	scale := 1 / math.Sqrt(float64(dh))
	result := make([]float64, b*nq*d)
	for bi := range b {
		q, k, v := make([][]float64, nq), make([][]float64, nk), make([][]float64, nk)
		for ti := range nq {
			q[ti] = proj(wq, bq, xq[(bi*nq+ti)*d:(bi*nq+ti+1)*d], d)
		}
		for ti := range nk {
			row := xkv[(bi*nk+ti)*dc : (bi*nk+ti+1)*dc]
			k[ti], v[ti] = proj(wk, bk, row, d), proj(wv, bv, row, d)
		}
		for ti := range nq {
			concat := make([]float32, d)
			for hi := range h {
				last := nk - 1
				if cfg.Causal {
					last = ti
				}
				scores := make([]float64, last+1)
				maxScore := math.Inf(-1)
				for tj := range scores {
					for c := hi * dh; c < (hi+1)*dh; c++ {
						scores[tj] += q[ti][c] * k[tj][c]
					}
					scores[tj] *= scale
					maxScore = max(maxScore, scores[tj])
				}
				var sum float64
				for tj := range scores {
					scores[tj] = math.Exp(scores[tj] - maxScore)
					sum += scores[tj]
				}
				for c := hi * dh; c < (hi+1)*dh; c++ {
					var acc float64
					for tj := range scores {
						acc += scores[tj] / sum * v[tj][c]
					}
					concat[c] = float32(acc)
				}
			}
			copy(result[(bi*nq+ti)*d:], proj(wo, bo, concat, d))
		}
	}
	return result
}

func TestSelfAttentionMatchesReference(t *testing.T) {
	const b, n, d = 2, 5, 6
	for _, causal := range []bool{false, true} {
		cfg := AttentionConfig{Heads: 2, Causal: causal}
		x := randomInput(1, b, n, d)
		store := gomlxtest.Store(t, 2)
		got, weights := runAttention(t, store, cfg, x)
		want := referenceAttention(t, store, cfg, flat(x), flat(x), b, n, n, d, d)
		for i := range want {
			if math.Abs(float64(got[i])-want[i]) > 1e-4*(1+math.Abs(want[i])) {
				t.Fatalf("causal=%v: output[%d] = %g, reference %g", causal, i, got[i], want[i])
			}
		}
		// Weights [b, h, n, n]: rows sum to 1, zero above the diagonal when causal.
		for row := range b * 2 * n {
			var sum float64
			for j := range n {
				w := weights[row*n+j]
				sum += float64(w)
				if causal && j > row%n && w != 0 {
					t.Fatalf("causal weight of query %d on key %d = %g, want exactly 0", row%n, j, w)
				}
			}
			if math.Abs(sum-1) > 1e-5 {
				t.Fatalf("causal=%v: attention weights of row %d sum to %g", causal, row, sum)
			}
		}
	}
}

// Changing token s must leave causal outputs at positions < s exactly
// unchanged and change the output at s.
func TestCausalAttentionIgnoresTheFuture(t *testing.T) {
	const b, n, d, s = 2, 7, 8, 4
	cfg := AttentionConfig{Heads: 4, Causal: true}
	store := gomlxtest.Store(t, 3)
	x := randomInput(4, b, n, d)
	before, _ := runAttention(t, store, cfg, x)
	data := flat(x)
	for bi := range b {
		for c := range d {
			data[(bi*n+s)*d+c] += 1.5
		}
	}
	after, _ := runAttention(t, store, cfg, tensors.FromFlatDataAndDimensions(data, b, n, d))
	for bi := range b {
		changed := false
		for ti := range n {
			for c := range d {
				i := (bi*n+ti)*d + c
				if ti < s && before[i] != after[i] {
					t.Fatalf("batch %d: output at position %d changed (%g → %g) when token %d changed", bi, ti, before[i], after[i], s)
				}
				if ti == s && before[i] != after[i] {
					changed = true
				}
			}
		}
		if !changed {
			t.Errorf("batch %d: output at the changed position %d did not change", bi, s)
		}
	}
}

func TestAttentionHeadDimAndScale(t *testing.T) {
	// HeadDim decoupled from the width: 3 heads of 5 on width 4.
	store := gomlxtest.Store(t, 1)
	out, weights := runAttention(t, store, AttentionConfig{Heads: 3, HeadDim: 5, Scale: 0.1}, randomInput(1, 1, 3, 4))
	if len(out) != 3*4 || len(weights) != 3*3*3 {
		t.Fatalf("got %d outputs and %d weights, want 12 and 27", len(out), len(weights))
	}
	if w := variable(t, store, "/query/weights"); w.Shape().Dimensions[1] != 15 {
		t.Errorf("query weights %s, want [4 15]", w.Shape())
	}
	// SelfAttention returns SelfAttentionParts' output.
	same := runOnce(t, store, func(scope *model.Scope, in []*graph.Node) []*graph.Node {
		return []*graph.Node{SelfAttention(scope, in[0], AttentionConfig{Heads: 3, HeadDim: 5, Scale: 0.1})}
	}, randomInput(1, 1, 3, 4))[0]
	closeTo(t, "SelfAttention", same, sum32(out, make([]float32, len(out))), 0)
}

func TestAttentionBadConfigsPanic(t *testing.T) {
	for name, cfg := range map[string]AttentionConfig{
		"no heads":      {},
		"not divisible": {Heads: 4},
		"negative dim":  {Heads: 2, HeadDim: -1},
		"bad scale":     {Heads: 2, Scale: math.Inf(1)},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: SelfAttention did not panic", name)
				}
			}()
			runAttention(t, gomlxtest.Store(t, 1), cfg, randomInput(1, 1, 2, 6))
		}()
	}
}

// A plugged-in core replaces the attention: one that returns the values
// unchanged equals softmax attention on a single token (whose only weight
// is 1) and differs from it on several.
func TestAttentionPluggableCore(t *testing.T) {
	calls := 0
	valuesOnly := func(q, k, v *graph.Node, scale float64, causal bool) (*graph.Node, *graph.Node) {
		calls++
		return v, nil
	}
	for _, n := range []int{1, 3} {
		x := randomInput(9, 2, n, 4)
		plain, _ := runAttention(t, gomlxtest.Store(t, 1), AttentionConfig{Heads: 2}, x)
		plugged, weights := runAttention(t, gomlxtest.Store(t, 1), AttentionConfig{Heads: 2, Core: valuesOnly}, x)
		if weights != nil {
			t.Errorf("a core without weights gave %d weights", len(weights))
		}
		same := true
		for i := range plain {
			same = same && math.Abs(float64(plain[i]-plugged[i])) < 1e-6
		}
		if same != (n == 1) {
			t.Errorf("%d tokens: plugged core output equal to softmax attention: %v, want %v", n, same, n == 1)
		}
	}
	if calls != 2 {
		t.Errorf("the plugged core ran %d times, want 2", calls)
	}
}

// The gradients of causal attention with respect to queries, keys and
// values match central finite differences (float64).
func TestAttentionGradientsMatchFiniteDifferences(t *testing.T) {
	const b, h, n, d = 1, 2, 4, 3
	rng := rand.New(rand.NewSource(5))
	randoms := func() []float64 {
		x := make([]float64, b*h*n*d)
		for i := range x {
			x[i] = rng.NormFloat64()
		}
		return x
	}
	weights := randoms() // the loss is Σ out ⊙ weights
	exec := graph.MustNewExec(gomlxtest.Backend(t), func(q, k, v *graph.Node) []*graph.Node {
		out, _ := ScaledDotProductAttention(q, k, v, 0.7, true)
		w := graph.Const(q.Graph(), weights)
		loss := graph.ReduceAllSum(graph.Mul(out, graph.Reshape(w, b, h, n, d)))
		return append([]*graph.Node{loss}, graph.Gradient(loss, q, k, v)...)
	})
	qkv := [][]float64{randoms(), randoms(), randoms()}
	call := func() []*tensors.Tensor {
		args := make([]any, 3)
		for i, x := range qkv {
			args[i] = tensors.FromFlatDataAndDimensions(x, b, h, n, d)
		}
		return exec.MustCall(args...)
	}
	res := call()
	const eps = 1e-5
	for input := range 3 {
		grad := tensors.MustCopyFlatData[float64](res[1+input])
		for i := range qkv[input] {
			orig := qkv[input][i]
			qkv[input][i] = orig + eps
			plus := call()[0].Value().(float64)
			qkv[input][i] = orig - eps
			minus := call()[0].Value().(float64)
			qkv[input][i] = orig
			if fd := (plus - minus) / (2 * eps); math.Abs(fd-grad[i]) > 1e-6*(1+math.Abs(fd)) {
				t.Fatalf("input %d element %d: gradient %g, finite difference %g", input, i, grad[i], fd)
			}
		}
	}
}

func TestCrossAttentionMatchesReference(t *testing.T) {
	const b, nq, nk, d, dc = 2, 3, 5, 6, 4
	cfg := AttentionConfig{Heads: 3}
	x, context := randomInput(1, b, nq, d), randomInput(2, b, nk, dc)
	store := gomlxtest.Store(t, 3)
	exec := model.MustNewExec(gomlxtest.Backend(t), store, func(scope *model.Scope, x, context *graph.Node) *graph.Node {
		return CrossAttention(scope, x, context, cfg)
	})
	got := flat(exec.MustCall(x, context)[0])
	want := referenceAttention(t, store, cfg, flat(x), flat(context), b, nq, nk, d, dc)
	closeTo(t, "cross-attention", got, want, 1e-4)
}

func TestCausalMask(t *testing.T) {
	exec := graph.MustNewExec(gomlxtest.Backend(t), func(g *graph.Graph) *graph.Node { return CausalMask(g, 3) })
	got := exec.MustCall()[0].Value().([][]bool)
	want := [][]bool{{true, false, false}, {true, true, false}, {true, true, true}}
	for i := range want {
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Fatalf("CausalMask(3) = %v, want %v", got, want)
			}
		}
	}
	defer func() {
		if recover() == nil {
			t.Errorf("CausalMask(0) did not panic")
		}
	}()
	graph.MustNewExec(gomlxtest.Backend(t), func(g *graph.Graph) *graph.Node { return CausalMask(g, 0) }).MustCall()
}
