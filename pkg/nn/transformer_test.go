package nn

import (
	"math"
	"math/rand"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/papernb/papernb/pkg/internal/gomlxtest"
)

// blockRun holds a block's output and taps as flat host slices.
type blockRun struct {
	out, input, attn, mid, ffn, hidden []float32
}

// runBlock applies Block to x with the given gates ([b, t] tensors, nil
// for none) and returns its output and taps; taps that are nil come back
// as nil slices.
func runBlock(t *testing.T, store *model.Store, cfg BlockConfig, ctrl BlockControl, x, ffnKeep, blockKeep *tensors.Tensor) blockRun {
	t.Helper()
	// Each call makes its own backend: give it copies of the tensors.
	inputs := []any{localCopy(t, x)}
	if ffnKeep != nil {
		inputs = append(inputs, localCopy(t, ffnKeep))
	}
	if blockKeep != nil {
		inputs = append(inputs, localCopy(t, blockKeep))
	}
	exec := model.MustNewExec(gomlxtest.Backend(t), store, func(scope *model.Scope, in []*graph.Node) []*graph.Node {
		c := ctrl
		rest := in[1:]
		if ffnKeep != nil {
			c.FFNKeep, rest = rest[0], rest[1:]
		}
		if blockKeep != nil {
			c.BlockKeep = rest[0]
		}
		y, taps := Block(scope, in[0], cfg, c)
		outs := []*graph.Node{y}
		for _, n := range []*graph.Node{taps.Input, taps.Attention, taps.Mid, taps.FFN, taps.FFNHidden} {
			if n == nil {
				n = graph.Scalar(y.Graph(), y.DType(), math.NaN()) // placeholder for "not tapped"
			}
			outs = append(outs, n)
		}
		return outs
	})
	res := exec.MustCall(inputs...)
	get := func(i int) []float32 {
		if res[i].Shape().IsScalar() {
			return nil
		}
		return flat(res[i])
	}
	return blockRun{out: get(0), input: get(1), attn: get(2), mid: get(3), ffn: get(4), hidden: get(5)}
}

// hostNorm normalises each row of width d of x like blockNorm at
// initialisation (gain 1, offset 0), times scale.
func hostNorm(x []float32, d int, kind NormKind, scale float64) []float64 {
	y := make([]float64, len(x))
	for r := 0; r < len(x)/d; r++ {
		row := x[r*d : (r+1)*d]
		var mean, ms float64
		if kind == LayerNormKind {
			for _, v := range row {
				mean += float64(v)
			}
			mean /= float64(d)
		}
		for _, v := range row {
			ms += (float64(v) - mean) * (float64(v) - mean)
		}
		ms /= float64(d)
		for c, v := range row {
			y[r*d+c] = scale * (float64(v) - mean) / math.Sqrt(ms+1e-5)
		}
	}
	return y
}

func closeTo(t *testing.T, what string, got []float32, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		if math.Abs(float64(got[i])-want[i]) > tol*(1+math.Abs(want[i])) {
			t.Fatalf("%s[%d] = %g, want %g", what, i, got[i], want[i])
		}
	}
}

func sum32(a, b []float32) []float64 {
	s := make([]float64, len(a))
	for i := range a {
		s[i] = float64(a[i]) + float64(b[i])
	}
	return s
}

// The taps must be the block's real intermediate values: the residual
// sums add up, and the FFN taps equal the FFN computed on the host from
// the tapped stream and the block's variables.
func TestBlockTapsAndFFNMatchReference(t *testing.T) {
	const b, n, d, f = 2, 4, 8, 12
	for _, tc := range []struct {
		name string
		cfg  BlockConfig
	}{
		{"pre-norm GELU", BlockConfig{Attention: AttentionConfig{Heads: 2}, FFNWidth: f}},
		{"pre-norm ReLU RMSNorm scaled", BlockConfig{Attention: AttentionConfig{Heads: 2}, FFNWidth: f, Activation: activation.TypeRelu, Norm: RMSNormKind, NormScale: 0.5}},
		{"post-norm", BlockConfig{Attention: AttentionConfig{Heads: 2, Causal: true}, FFNWidth: f, PostNorm: true}},
	} {
		store := gomlxtest.Store(t, 5)
		x := randomInput(6, b, n, d)
		r := runBlock(t, store, tc.cfg, BlockControl{}, x, nil, nil)
		scale := tc.cfg.NormScale
		if scale == 0 {
			scale = 1
		}
		closeTo(t, tc.name+": Input", r.input, sum32(flat(x), make([]float32, b*n*d)), 0)
		// The FFN's input: the normalised mid stream (pre-norm) or the mid stream itself (post-norm).
		var ffnIn []float64
		if tc.cfg.PostNorm {
			closeTo(t, tc.name+": Mid", r.mid, hostNorm(toF32(sum32(r.input, r.attn)), d, tc.cfg.Norm, 1), 1e-4)
			closeTo(t, tc.name+": Output", r.out, hostNorm(toF32(sum32(r.mid, r.ffn)), d, tc.cfg.Norm, 1), 1e-4)
			ffnIn = sum32(r.mid, make([]float32, len(r.mid)))
		} else {
			closeTo(t, tc.name+": Mid", r.mid, sum32(r.input, r.attn), 1e-6)
			closeTo(t, tc.name+": Output", r.out, sum32(r.mid, r.ffn), 1e-6)
			ffnIn = hostNorm(r.mid, d, tc.cfg.Norm, scale)
		}
		w1, b1 := flat(variable(t, store, "/ffn_hidden/weights")), flat(variable(t, store, "/ffn_hidden/biases"))
		w2, b2 := flat(variable(t, store, "/ffn_output/weights")), flat(variable(t, store, "/ffn_output/biases")) // [d, f]: outputs first
		hidden, ffn := make([]float64, b*n*f), make([]float64, b*n*d)
		for row := range b * n {
			for j := range f {
				z := float64(b1[j])
				for i := range d {
					z += ffnIn[row*d+i] * float64(w1[i*f+j])
				}
				if tc.cfg.Activation == activation.TypeRelu {
					z = max(z, 0)
				} else {
					z = z * 0.5 * (1 + math.Erf(z/math.Sqrt2))
				}
				hidden[row*f+j] = z
			}
			for o := range d {
				y := float64(b2[o])
				for j := range f {
					y += float64(r.hidden[row*f+j]) * float64(w2[o*f+j])
				}
				ffn[row*d+o] = y
			}
		}
		closeTo(t, tc.name+": FFNHidden", r.hidden, hidden, 1e-4)
		closeTo(t, tc.name+": FFN", r.ffn, ffn, 1e-4)
	}
}

func toF32(x []float64) []float32 {
	y := make([]float32, len(x))
	for i, v := range x {
		y[i] = float32(v)
	}
	return y
}

func TestBlockSkips(t *testing.T) {
	const b, n, d = 2, 3, 8
	cfg := BlockConfig{Attention: AttentionConfig{Heads: 2, Causal: true}}
	x := randomInput(7, b, n, d)
	store := gomlxtest.Store(t, 8)
	full := runBlock(t, store, cfg, BlockControl{}, x, nil, nil)

	both := runBlock(t, store, cfg, BlockControl{SkipAttention: true, SkipFFN: true}, x, nil, nil)
	closeTo(t, "skip both: Output", both.out, sum32(flat(x), make([]float32, b*n*d)), 0)
	if both.attn != nil || both.ffn != nil || both.hidden != nil {
		t.Errorf("skipped sublayers still tapped")
	}
	block := runBlock(t, store, cfg, BlockControl{SkipBlock: true}, x, nil, nil)
	closeTo(t, "SkipBlock: Output", block.out, sum32(flat(x), make([]float32, b*n*d)), 0)

	noFFN := runBlock(t, store, cfg, BlockControl{SkipFFN: true}, x, nil, nil)
	closeTo(t, "SkipFFN: Output", noFFN.out, sum32(full.mid, make([]float32, b*n*d)), 0)
	noAttn := runBlock(t, store, cfg, BlockControl{SkipAttention: true}, x, nil, nil)
	closeTo(t, "SkipAttention: Mid", noAttn.mid, sum32(flat(x), make([]float32, b*n*d)), 0)

	// Per-token gates: token 1 of each sequence dropped.
	gate := tensors.FromValue([][]float32{{1, 0, 1}, {1, 0, 1}})
	gated := runBlock(t, store, cfg, BlockControl{}, x, gate, nil)
	blockGated := runBlock(t, store, cfg, BlockControl{}, x, nil, gate)
	for bi := range b {
		for ti := range n {
			for c := range d {
				i := (bi*n+ti)*d + c
				wantFFN, wantBlock := full.out[i], full.out[i]
				if ti == 1 {
					wantFFN, wantBlock = full.mid[i], flat(x)[i]
				}
				if math.Abs(float64(gated.out[i]-wantFFN)) > 1e-6 {
					t.Fatalf("FFNKeep: output[%d,%d,%d] = %g, want %g", bi, ti, c, gated.out[i], wantFFN)
				}
				// Other tokens still read the dropped token's keys and values,
				// which come from the block's input: their outputs are unchanged.
				if math.Abs(float64(blockGated.out[i]-wantBlock)) > 1e-6 {
					t.Fatalf("BlockKeep: output[%d,%d,%d] = %g, want %g", bi, ti, c, blockGated.out[i], wantBlock)
				}
			}
		}
	}
	// Post-norm blocks leave dropped tokens unnormalised too.
	post := cfg
	post.PostNorm = true
	postGated := runBlock(t, gomlxtest.Store(t, 8), post, BlockControl{}, x, nil, gate)
	for bi := range b {
		for c := range d {
			i := (bi*n+1)*d + c
			if math.Abs(float64(postGated.out[i]-flat(x)[i])) > 1e-6 {
				t.Fatalf("post-norm BlockKeep: dropped token output = %g, want its input %g", postGated.out[i], flat(x)[i])
			}
		}
	}
}

func TestBlockFFNTopK(t *testing.T) {
	const b, n, d, f, k = 2, 3, 8, 16, 3
	r := runBlock(t, gomlxtest.Store(t, 1), BlockConfig{Attention: AttentionConfig{Heads: 1}, FFNWidth: f, FFNTopK: k}, BlockControl{}, randomInput(2, b, n, d), nil, nil)
	for row := range b * n {
		nonzero := 0
		for j := range f {
			if r.hidden[row*f+j] != 0 {
				nonzero++
			}
		}
		if nonzero != k {
			t.Errorf("token %d has %d nonzero hidden activations, want FFNTopK = %d", row, nonzero, k)
		}
	}
}

func TestBlockBadConfigsPanic(t *testing.T) {
	for name, cfg := range map[string]BlockConfig{
		"no heads":       {},
		"negative width": {Attention: AttentionConfig{Heads: 2}, FFNWidth: -1},
		"top-k too big":  {Attention: AttentionConfig{Heads: 2}, FFNWidth: 4, FFNTopK: 5},
		"bad norm":       {Attention: AttentionConfig{Heads: 2}, Norm: NormKind(7)},
		"bad scale":      {Attention: AttentionConfig{Heads: 2}, NormScale: math.NaN()},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: Block did not panic", name)
				}
			}()
			runBlock(t, gomlxtest.Store(t, 1), cfg, BlockControl{}, randomInput(1, 1, 2, 4), nil, nil)
		}()
	}
}

// Hooks transform the sublayer outputs before the taps and the residual
// sums see them.
func TestBlockHooks(t *testing.T) {
	const b, n, d = 1, 3, 4
	x := randomInput(3, b, n, d)
	store := gomlxtest.Store(t, 2)
	cfg := BlockConfig{Attention: AttentionConfig{Heads: 2}}
	var scopes []string
	cfg.AfterAttention = func(scope *model.Scope, y *graph.Node) *graph.Node {
		scopes = append(scopes, scope.Scope())
		return graph.ZerosLike(y)
	}
	cfg.AfterFFN = func(scope *model.Scope, y *graph.Node) *graph.Node {
		scopes = append(scopes, scope.Scope())
		return graph.MulScalar(y, 2)
	}
	hooked := runBlock(t, store, cfg, BlockControl{}, x, nil, nil)
	closeTo(t, "Mid with zeroed attention", hooked.mid, sum32(flat(x), make([]float32, b*n*d)), 0)
	// With the attention zeroed the FFN reads the input stream, as in a
	// block whose attention is skipped.
	skipped := runBlock(t, store, BlockConfig{Attention: AttentionConfig{Heads: 2}}, BlockControl{SkipAttention: true}, x, nil, nil)
	want := make([]float64, len(skipped.ffn))
	for i, v := range skipped.ffn {
		want[i] = 2 * float64(v)
	}
	closeTo(t, "doubled FFN", hooked.ffn, want, 1e-6)
	if len(scopes) != 2 || scopes[0] != "/after_attention" || scopes[1] != "/after_ffn" {
		t.Errorf("hooks ran in scopes %v, want [/after_attention /after_ffn]", scopes)
	}
}

// The gradient of a block's output with respect to its input matches
// central finite differences (float64), pre-norm and post-norm, with a
// per-token FFN gate.
func TestBlockGradientMatchesFiniteDifferences(t *testing.T) {
	const b, n, d = 1, 3, 4
	rng := rand.New(rand.NewSource(3))
	x, w := make([]float64, b*n*d), make([]float64, b*n*d)
	for i := range x {
		x[i], w[i] = rng.NormFloat64(), rng.NormFloat64()
	}
	for _, post := range []bool{false, true} {
		cfg := BlockConfig{Attention: AttentionConfig{Heads: 2, Causal: true}, FFNWidth: 6, PostNorm: post}
		store := gomlxtest.Store(t, 4)
		exec := model.MustNewExec(gomlxtest.Backend(t), store, func(scope *model.Scope, x, w, gate *graph.Node) []*graph.Node {
			y, _ := Block(scope, x, cfg, BlockControl{FFNKeep: gate})
			loss := graph.ReduceAllSum(graph.Mul(y, w))
			return []*graph.Node{loss, graph.Gradient(loss, x)[0]}
		})
		gate := [][]float64{{1, 0.5, 0}}
		call := func() []*tensors.Tensor {
			return exec.MustCall(tensors.FromFlatDataAndDimensions(x, b, n, d), tensors.FromFlatDataAndDimensions(w, b, n, d), gate)
		}
		grad := tensors.MustCopyFlatData[float64](call()[1])
		const eps = 1e-5
		for i := range x {
			orig := x[i]
			x[i] = orig + eps
			plus := call()[0].Value().(float64)
			x[i] = orig - eps
			minus := call()[0].Value().(float64)
			x[i] = orig
			if fd := (plus - minus) / (2 * eps); math.Abs(fd-grad[i]) > 1e-6*(1+math.Abs(fd)) {
				t.Fatalf("post-norm %v: ∂/∂x[%d] = %g, finite difference %g", post, i, grad[i], fd)
			}
		}
	}
}

// Blocks is Block applied layer after layer in "block_<i>", with each
// layer's norm scale and control.
func TestBlocksStacksBlocks(t *testing.T) {
	const b, n, d = 2, 3, 4
	x := randomInput(5, b, n, d)
	cfg := BlockConfig{Attention: AttentionConfig{Heads: 2}}
	scales := []float64{1, 0.5, 0.25}
	ctrl := []BlockControl{{}, {SkipFFN: true}}
	store := gomlxtest.Store(t, 6)
	res := runOnce(t, store, func(scope *model.Scope, in []*graph.Node) []*graph.Node {
		y, taps := Blocks(scope, in[0], 3, cfg, scales, ctrl)
		if len(taps) != 3 || taps[1].FFN != nil || taps[2].FFN == nil {
			t.Errorf("Blocks taps: %d layers, layer 1 FFN tapped %v, layer 2 %v", len(taps), taps[1].FFN != nil, taps[2].FFN != nil)
		}
		return []*graph.Node{y}
	}, x)[0]
	manual := runOnce(t, store, func(scope *model.Scope, in []*graph.Node) []*graph.Node {
		h := in[0]
		for i, c := range []BlockControl{{}, {SkipFFN: true}, {}} {
			bc := cfg
			bc.NormScale = scales[i]
			h, _ = Block(scope.In("block_%d", i), h, bc, c)
		}
		return []*graph.Node{h}
	}, x)[0]
	closeTo(t, "Blocks", res, sum32(manual, make([]float32, len(manual))), 0)
	for name, f := range map[string]func(scope *model.Scope, x *graph.Node){
		"no layers": func(scope *model.Scope, x *graph.Node) { Blocks(scope, x, 0, cfg, nil, nil) },
		"scales":    func(scope *model.Scope, x *graph.Node) { Blocks(scope, x, 2, cfg, []float64{1}, nil) },
		"controls":  func(scope *model.Scope, x *graph.Node) { Blocks(scope, x, 1, cfg, nil, ctrl) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: Blocks did not panic", name)
				}
			}()
			runOnce(t, gomlxtest.Store(t, 1), func(scope *model.Scope, in []*graph.Node) []*graph.Node {
				f(scope, in[0])
				return in
			}, x)
		}()
	}
}

func TestKindNames(t *testing.T) {
	for got, want := range map[string]string{
		LayerNormKind.String(): "LayerNorm", RMSNormKind.String(): "RMSNorm", NormKind(9).String(): "NormKind(9)",
		Euclidean.String(): "Euclidean", InnerProduct.String(): "InnerProduct", Similarity(7).String(): "Similarity(7)",
	} {
		if got != want {
			t.Errorf("got name %q, want %q", got, want)
		}
	}
}

// A bool gate acts as the 0/1 float gate.
func TestBlockBoolGate(t *testing.T) {
	x := randomInput(7, 2, 3, 8)
	cfg := BlockConfig{Attention: AttentionConfig{Heads: 2, Causal: true}}
	store := gomlxtest.Store(t, 8)
	float := runBlock(t, store, cfg, BlockControl{}, x, tensors.FromValue([][]float32{{1, 0, 1}, {0, 1, 1}}), nil)
	boolean := runBlock(t, store, cfg, BlockControl{}, x, tensors.FromValue([][]bool{{true, false, true}, {false, true, true}}), nil)
	closeTo(t, "bool-gated output", boolean.out, sum32(float.out, make([]float32, len(float.out))), 0)
}

// A custom norm replaces the block's norms, in their scopes: with one
// that scales by 2, a pre-norm block's FFN reads 2·Mid.
func TestBlockCustomNorm(t *testing.T) {
	const b, n, d, f = 1, 3, 4, 6
	x := randomInput(2, b, n, d)
	var scopes []string
	cfg := BlockConfig{Attention: AttentionConfig{Heads: 2}, FFNWidth: f, Activation: activation.TypeRelu,
		CustomNorm: func(scope *model.Scope, x *graph.Node) *graph.Node {
			scopes = append(scopes, scope.Scope())
			return graph.MulScalar(x, 2)
		}}
	store := gomlxtest.Store(t, 3)
	r := runBlock(t, store, cfg, BlockControl{}, x, nil, nil)
	w1, b1 := flat(variable(t, store, "/ffn_hidden/weights")), flat(variable(t, store, "/ffn_hidden/biases"))
	hidden := make([]float64, b*n*f)
	for row := range b * n {
		for j := range f {
			z := float64(b1[j])
			for i := range d {
				z += 2 * float64(r.mid[row*d+i]) * float64(w1[i*f+j])
			}
			hidden[row*f+j] = max(z, 0)
		}
	}
	closeTo(t, "FFNHidden after the custom norm", r.hidden, hidden, 1e-5)
	if len(scopes) != 2 || scopes[0] != "/norm_attention" || scopes[1] != "/norm_ffn" {
		t.Errorf("custom norm ran in scopes %v, want [/norm_attention /norm_ffn]", scopes)
	}
}
