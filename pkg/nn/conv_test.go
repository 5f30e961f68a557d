package nn

import (
	"fmt"
	"math"
	"math/rand"
	"testing"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/papernb/papernb/pkg/internal/gomlxtest"
)

// randomTensor returns a float32 tensor of the given dimensions with
// standard normal entries from rng.
func randomTensor(rng *rand.Rand, dims ...int) *tensors.Tensor {
	n := 1
	for _, d := range dims {
		n *= d
	}
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(rng.NormFloat64())
	}
	return tensors.FromFlatDataAndDimensions(v, dims...)
}

// maxAbsDiff returns max |a-b| over two tensors of equal shape, and max |a|.
func maxAbsDiff(t *testing.T, a, b *tensors.Tensor) (diff, scale float64) {
	t.Helper()
	if !a.Shape().Equal(b.Shape()) {
		t.Fatalf("shapes differ: %s vs %s", a.Shape(), b.Shape())
	}
	av, bv := flat(a), flat(b)
	for i := range av {
		diff = max(diff, math.Abs(float64(av[i])-float64(bv[i])))
		scale = max(scale, math.Abs(float64(av[i])))
	}
	return diff, scale
}

// compareWithNative runs ours and native on the same x and kernel and
// compares the outputs and, if nativeGrads, the gradients of Σ out·r (r
// random) with respect to x and the kernel.
func compareWithNative(t *testing.T, name string, xDims, kDims []int, nativeGrads bool, ours, native func(x, k *graph.Node) *graph.Node) {
	t.Helper()
	rng := rand.New(rand.NewSource(int64(len(name))))
	x, k := randomTensor(rng, xDims...), randomTensor(rng, kDims...)
	backend := gomlxtest.Backend(t)
	exec := graph.MustNewExec(backend, func(x, k, r *graph.Node) []*graph.Node {
		var outs []*graph.Node
		for _, f := range []func(x, k *graph.Node) *graph.Node{ours, native} {
			y := f(x, k)
			outs = append(outs, y)
			if nativeGrads {
				outs = append(outs, graph.Gradient(graph.ReduceAllSum(graph.Mul(y, r)), x, k)...)
			}
		}
		return outs
	})
	// Find the output shape first, to draw r.
	probe := graph.MustExecOnce(backend, func(x, k *graph.Node) *graph.Node { return native(x, k) }, x, k)
	r := randomTensor(rng, probe.Shape().Dimensions...)
	got := exec.MustCall(x, k, r)
	n := len(got) / 2
	for i, what := range []string{"output", "d/dx", "d/dkernel"}[:n] {
		diff, scale := maxAbsDiff(t, got[i], got[i+n])
		if diff > 1e-4*max(1, scale) {
			t.Errorf("%s: %s differs from GoMLX's native by %.3g (largest value %.3g)", name, what, diff, scale)
		}
	}
}

// convCases are the configurations checked against graph.Convolve.
// brokenNativeGrad marks those whose native gradient GoMLX v0.28.16 gets
// wrong or refuses (d/dx comes out wrong with strides (2, 1), and with
// stride 2 when the last input column is left out; per-axis dilation with
// explicit padding panics building the reverse convolution): there the
// gradients are checked against finite differences instead.
var convCases = []struct {
	name             string
	x, k             []int
	cfg              Conv2DConfig
	nativeOpts       func(*graph.ConvolutionBuilder) *graph.ConvolutionBuilder
	brokenNativeGrad bool
}{
	{"3x3 same", []int{2, 7, 6, 3}, []int{3, 3, 3, 4}, Conv2DConfig{},
		func(c *graph.ConvolutionBuilder) *graph.ConvolutionBuilder { return c.PadSame() }, false},
	{"3x3 valid", []int{2, 7, 6, 3}, []int{3, 3, 3, 4}, Conv2DConfig{Padding: PadValid},
		func(c *graph.ConvolutionBuilder) *graph.ConvolutionBuilder { return c.NoPadding() }, false},
	{"3x3 stride 2 same (TF rule)", []int{2, 8, 7, 3}, []int{3, 3, 3, 5}, Conv2DConfig{Stride: [2]int{2, 2}},
		func(c *graph.ConvolutionBuilder) *graph.ConvolutionBuilder {
			// H 8: out 4, total pad 1 → (0, 1); W 7: out 4, total pad 2 → (1, 1).
			return c.Strides(2).PaddingPerDim([][2]int{{0, 1}, {1, 1}})
		}, false},
	{"4x4 stride 2 valid", []int{2, 10, 9, 2}, []int{4, 4, 2, 3}, Conv2DConfig{Stride: [2]int{2, 2}, Padding: PadValid},
		func(c *graph.ConvolutionBuilder) *graph.ConvolutionBuilder { return c.Strides(2).NoPadding() }, true},
	{"3x2 stride (2,1) valid", []int{1, 9, 6, 2}, []int{3, 2, 2, 3}, Conv2DConfig{Stride: [2]int{2, 1}, Padding: PadValid},
		func(c *graph.ConvolutionBuilder) *graph.ConvolutionBuilder { return c.StridePerAxis(2, 1).NoPadding() }, true},
	{"3x3 dilation 2 same", []int{2, 9, 8, 2}, []int{3, 3, 2, 3}, Conv2DConfig{Dilation: [2]int{2, 2}},
		func(c *graph.ConvolutionBuilder) *graph.ConvolutionBuilder { return c.Dilations(2).PadSame() }, false},
	{"2x3 dilation (1,2) explicit", []int{1, 6, 9, 2}, []int{2, 3, 2, 3}, Conv2DConfig{Dilation: [2]int{1, 2}, Padding: PadExplicit(1, 0, 2, 1)},
		func(c *graph.ConvolutionBuilder) *graph.ConvolutionBuilder {
			return c.DilationPerAxis(1, 2).PaddingPerDim([][2]int{{1, 0}, {2, 1}})
		}, true},
	{"1x1", []int{2, 4, 5, 3}, []int{1, 1, 3, 6}, Conv2DConfig{},
		func(c *graph.ConvolutionBuilder) *graph.ConvolutionBuilder { return c.NoPadding() }, false},
	{"5x5 depthwise same", []int{2, 8, 8, 3}, []int{5, 5, 1, 3}, Conv2DConfig{Depthwise: true},
		func(c *graph.ConvolutionBuilder) *graph.ConvolutionBuilder { return c.ChannelGroupCount(3).PadSame() }, false},
	{"3x3 depthwise ×2 stride 2 valid", []int{2, 9, 7, 3}, []int{3, 3, 1, 6}, Conv2DConfig{Depthwise: true, Stride: [2]int{2, 2}, Padding: PadValid},
		func(c *graph.ConvolutionBuilder) *graph.ConvolutionBuilder {
			return c.ChannelGroupCount(3).Strides(2).NoPadding()
		}, false},
}

func TestConvolve2DMatchesNative(t *testing.T) {
	for _, tc := range convCases {
		compareWithNative(t, tc.name, tc.x, tc.k, !tc.brokenNativeGrad,
			func(x, k *graph.Node) *graph.Node { return Convolve2D(x, k, tc.cfg) },
			func(x, k *graph.Node) *graph.Node { return tc.nativeOpts(graph.Convolve(x, k)).Done() })
		if tc.brokenNativeGrad {
			checkFiniteDifferences(t, tc.name, tc.x, tc.k, tc.cfg)
		}
	}
}

func TestPoolingMatchesNative(t *testing.T) {
	for _, size := range []int{2, 3} {
		dims := []int{2, 6, 12, 3}
		compareWithNative(t, fmt.Sprintf("max pool %d", size), dims, []int{1}, true,
			func(x, _ *graph.Node) *graph.Node { return MaxPool2D(x, size) },
			func(x, _ *graph.Node) *graph.Node {
				return graph.MaxPool(x).Window(size).Strides(size).NoPadding().Done()
			})
		compareWithNative(t, fmt.Sprintf("avg pool %d", size), dims, []int{1}, true,
			func(x, _ *graph.Node) *graph.Node { return AvgPool2D(x, size) },
			func(x, _ *graph.Node) *graph.Node {
				return graph.MeanPool(x).Window(size).Strides(size).NoPadding().Done()
			})
	}
	compareWithNative(t, "global avg pool", []int{2, 5, 4, 3}, []int{1}, true,
		func(x, _ *graph.Node) *graph.Node { return GlobalAvgPool2D(x) },
		func(x, _ *graph.Node) *graph.Node { return graph.ReduceSum(graph.DivScalar(x, 20), 1, 2) })
}

// checkFiniteDifferences compares the gradients of Σ Convolve2D(x, k)·r
// with respect to x and k against central differences computed in float64.
func checkFiniteDifferences(t *testing.T, name string, xDims, kDims []int, cfg Conv2DConfig) {
	t.Helper()
	rng := rand.New(rand.NewSource(5))
	x, k := randomTensor(rng, xDims...), randomTensor(rng, kDims...)
	backend := gomlxtest.Backend(t)
	probe := graph.MustExecOnce(backend, func(x, k *graph.Node) *graph.Node { return Convolve2D(x, k, cfg) }, x, k)
	r := randomTensor(rng, probe.Shape().Dimensions...)
	loss := graph.MustNewExec(backend, func(x, k, r *graph.Node) *graph.Node {
		return graph.ReduceAllSum(graph.Mul(Convolve2D(x, k, cfg), graph.ConvertDType(r, x.DType())))
	})
	grads := graph.MustNewExec(backend, func(x, k, r *graph.Node) []*graph.Node {
		return graph.Gradient(graph.ReduceAllSum(graph.Mul(Convolve2D(x, k, cfg), r)), x, k)
	}).MustCall(x, k, r)
	args := [][]float64{toFloat64(flat(x)), toFloat64(flat(k))}
	eval := func() float64 {
		return loss.MustCall(tensors.FromFlatDataAndDimensions(args[0], xDims...),
			tensors.FromFlatDataAndDimensions(args[1], kDims...), r)[0].Value().(float64)
	}
	const h = 1e-3
	for a, what := range []string{"x", "kernel"} {
		g := flat(grads[a])
		for i := range args[a] {
			v := args[a][i]
			args[a][i] = v + h
			up := eval()
			args[a][i] = v - h
			down := eval()
			args[a][i] = v
			fd := (up - down) / (2 * h)
			if math.Abs(fd-float64(g[i])) > 1e-3*max(1, math.Abs(fd)) {
				t.Fatalf("%s: d loss/d %s[%d] = %g, finite differences give %g", name, what, i, g[i], fd)
			}
		}
	}
}

func toFloat64(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// One small strided, dilated, padded case against finite differences, so
// the gradients are checked independently of GoMLX's native convolution.
func TestConvolve2DGradientFiniteDifferences(t *testing.T) {
	checkFiniteDifferences(t, "stride (2,1) dilation (1,2) explicit", []int{1, 5, 6, 2}, []int{2, 2, 2, 2},
		Conv2DConfig{Stride: [2]int{2, 1}, Dilation: [2]int{1, 2}, Padding: PadExplicit(1, 1, 0, 2)})
	checkFiniteDifferences(t, "depthwise ×2 same", []int{1, 5, 4, 2}, []int{3, 3, 1, 4}, Conv2DConfig{Depthwise: true})
}

// A Conv2D layer's output must equal Convolve2D with its own variables
// plus the bias, and its variables must have the documented shapes.
func TestConv2DLayer(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	x := randomTensor(rng, 2, 6, 6, 3)
	store := gomlxtest.Store(t, 1)
	backend := gomlxtest.Backend(t)
	cfg := Conv2DConfig{Kernel: [2]int{3, 3}, Init: HeNormal}
	y := model.MustNewExec(backend, store, func(scope *model.Scope, x *graph.Node) *graph.Node {
		return Conv2D(scope, x, 4, cfg)
	}).MustCall(x)[0]
	w, b := variable(t, store, "/conv2d/weights"), variable(t, store, "/conv2d/biases")
	if got := w.Shape().Dimensions; fmt.Sprint(got) != "[3 3 3 4]" {
		t.Fatalf("weights shape %v, want [3 3 3 4]", got)
	}
	want := graph.MustExecOnce(backend, func(x, w, b *graph.Node) *graph.Node {
		return graph.Add(Convolve2D(x, w, cfg), graph.Reshape(b, 1, 1, 1, 4))
	}, x, w, b)
	if diff, _ := maxAbsDiff(t, y, want); diff > 1e-6 {
		t.Errorf("Conv2D differs from Convolve2D with its variables by %g", diff)
	}
	// He init: variance 2/fan_in = 2/27; 108 weights give a loose check.
	var s2 float64
	for _, v := range flat(w) {
		s2 += float64(v) * float64(v)
	}
	if v := s2 / 108; v < 2.0/27*0.6 || v > 2.0/27*1.4 {
		t.Errorf("weight variance %.3g, want about %.3g", v, 2.0/27)
	}
}

func ones(x *graph.Node, dims ...int) *graph.Node {
	return graph.Ones(x.Graph(), shapes.Make(x.DType(), dims...))
}

// PadCircular must equal a valid convolution of the input padded on the
// host with wrapped-around pixels, and its gradient must pass finite
// differences (the wrap's slices and concatenations included).
func TestConvolve2DCircular(t *testing.T) {
	const b, h, w, c = 2, 5, 7, 2
	rng := rand.New(rand.NewSource(9))
	x, k := randomTensor(rng, b, h, w, c), randomTensor(rng, 3, 4, c, 3)
	// Kernel 3×4, stride 1: pads (1, 1) along height and (1, 2) along width.
	xv := flat(x)
	const hp, wp = h + 2, w + 3
	padded := make([]float32, b*hp*wp*c)
	for bi := range b {
		for i := range hp {
			for j := range wp {
				si, sj := (i-1+h)%h, (j-1+w)%w
				copy(padded[((bi*hp+i)*wp+j)*c:][:c], xv[((bi*h+si)*w+sj)*c:][:c])
			}
		}
	}
	backend := gomlxtest.Backend(t)
	got := graph.MustExecOnce(backend, func(x, k *graph.Node) *graph.Node { return Convolve2D(x, k, Conv2DConfig{Padding: PadCircular}) }, x, k)
	want := graph.MustExecOnce(backend, func(x, k *graph.Node) *graph.Node { return Convolve2D(x, k, Conv2DConfig{Padding: PadValid}) },
		tensors.FromFlatDataAndDimensions(padded, b, hp, wp, c), k)
	if diff, scale := maxAbsDiff(t, got, want); diff > 1e-5*max(1, scale) {
		t.Errorf("circular convolution differs from the host-wrapped reference by %g", diff)
	}
	checkFiniteDifferences(t, "circular", []int{1, 4, 5, 2}, []int{3, 3, 2, 2}, Conv2DConfig{Padding: PadCircular})
}

// Conv2DConfig.Std overrides Init with a fixed scale.
func TestConv2DFixedStd(t *testing.T) {
	store := gomlxtest.Store(t, 3)
	model.MustNewExec(gomlxtest.Backend(t), store, func(scope *model.Scope, x *graph.Node) *graph.Node {
		return Conv2D(scope, x, 64, Conv2DConfig{Kernel: [2]int{3, 3}, Std: 0.5})
	}).MustCall(tensors.FromShape(shapes.Make(dtypes.Float32, 1, 4, 4, 8)))
	var s2 float64
	w := flat(variable(t, store, "/conv2d/weights"))
	for _, v := range w {
		s2 += float64(v) * float64(v)
	}
	// 4608 weights: relative standard error of the variance √(2/4608) ≈ 2%.
	if v := s2 / float64(len(w)); math.Abs(v/0.25-1) > 0.1 {
		t.Errorf("weight variance %.4g, want 0.25", v)
	}
}

func TestConvAndPoolBadInputsPanic(t *testing.T) {
	backend := gomlxtest.Backend(t)
	for name, fn := range map[string]func(x *graph.Node) *graph.Node{
		"pool not dividing": func(x *graph.Node) *graph.Node { return MaxPool2D(x, 4) },
		"pool size 0":       func(x *graph.Node) *graph.Node { return AvgPool2D(x, 0) },
		"rank 3": func(x *graph.Node) *graph.Node {
			return MaxPool2D(graph.Reshape(x, 1, 6, 18), 2)
		},
		"kernel too big valid": func(x *graph.Node) *graph.Node {
			return Convolve2D(x, ones(x, 7, 7, 3, 1), Conv2DConfig{Padding: PadValid})
		},
		"channels mismatch": func(x *graph.Node) *graph.Node {
			return Convolve2D(x, ones(x, 3, 3, 2, 1), Conv2DConfig{})
		},
		"negative stride": func(x *graph.Node) *graph.Node {
			return Convolve2D(x, ones(x, 3, 3, 3, 1), Conv2DConfig{Stride: [2]int{-1, 1}})
		},
		"negative std": func(x *graph.Node) *graph.Node {
			return Conv2D(model.NewStore().RootScope(), x, 2, Conv2DConfig{Kernel: [2]int{3, 3}, Std: -1})
		},
		"circular wider than image": func(x *graph.Node) *graph.Node {
			return Convolve2D(x, ones(x, 15, 1, 3, 1), Conv2DConfig{Padding: PadCircular})
		},
		"depthwise kernel": func(x *graph.Node) *graph.Node {
			return Convolve2D(x, ones(x, 3, 3, 3, 3), Conv2DConfig{Depthwise: true})
		},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: did not panic", name)
				}
			}()
			graph.MustExecOnce(backend, fn, tensors.FromShape(shapes.Make(dtypes.Float32, 1, 6, 6, 3)))
		}()
	}
	for name, fn := range map[string]func(){
		"PadExplicit negative": func() { PadExplicit(0, -1, 0, 0) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: did not panic", name)
				}
			}()
			fn()
		}()
	}
}
