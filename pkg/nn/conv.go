package nn

import (
	"fmt"
	"math"

	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/model"
)

// Convolutions here are built from a gather and one MatMul rather than
// GoMLX's graph.Convolve, because on the Go backend Convolve is a naive
// loop (~0.5 GFLOP/s measured on our 2-core machine) while MatMul runs near
// the cores' peak. For a kernel of K = kh·kw taps, one Gather with indices
// computed while building the graph copies, for every output position, the
// K input pixels (C contiguous values each) under the shifted, strided and
// dilated kernel into patches [B·Ho·Wo, K·Cin], which multiply the kernel
// reshaped to [K·Cin, Cout]. The backward pass is the MatMul's and the
// gather's own (a scatter-add). A first version took the K taps as K
// strided Slices concatenated along channels; the Go backend copies slices
// element by element, and the gather made the MNIST CNN step of
// bench_conv_test.go ~25% faster. Depthwise convolutions still use the
// slices, summing K elementwise products: they have no MatMul to feed.

// Conv2DConfig configures a 2-D convolution over images in NHWC layout
// ([batch, height, width, channels]).
type Conv2DConfig struct {
	// Kernel is the kernel's height and width (each ≥ 1). Convolve2D takes
	// them from its kernel and needs this only to be zero or to agree.
	Kernel [2]int
	// Stride is the step between output positions along height and width;
	// zero means 1.
	Stride [2]int
	// Dilation spaces the kernel's taps along height and width (the
	// effective kernel size is (k-1)·dilation + 1); zero means 1.
	Dilation [2]int
	// Padding defaults to PadSame.
	Padding Padding
	// Depthwise convolves each input channel with its own kernels (channel
	// groups = input channels): the output has Cout = Cin·M channels, where
	// output channel c·M + m comes from input channel c alone. The kernel
	// has shape [kh, kw, 1, Cout], GoMLX's layout for grouped convolution.
	Depthwise bool

	// Activation applied to the output of Conv2D (not Convolve2D).
	Activation activation.Type
	// Init selects Conv2D's weight initialisation, with fan_in = kh·kw·Cin
	// and fan_out = kh·kw·Cout (kh·kw and kh·kw·M when Depthwise).
	Init Init
	// Std, if > 0, draws Conv2D's weights from N(0, Std²) instead, a
	// fixed scale whatever the layer's size (as some papers compare).
	Std float64
	// NoBias drops Conv2D's bias.
	NoBias bool
}

// pair returns v with zeros replaced by 1, checking that none is negative.
func pair(name string, v [2]int) [2]int {
	for i := range v {
		if v[i] < 0 {
			panic(fmt.Errorf("nn: Conv2DConfig.%s = %v, each must be ≥ 1 (or 0 for the default 1)", name, v))
		}
		if v[i] == 0 {
			v[i] = 1
		}
	}
	return v
}

// Conv2D adds a 2-D convolution layer with filters output channels, in a
// sub-scope "conv2d" of scope, holding the variables "weights" [kh, kw,
// Cin, filters] ([kh, kw, 1, filters] when cfg.Depthwise, where filters
// must be a multiple of Cin) and "biases" [filters]. x has shape [B, H, W,
// Cin]; the result has shape [B, Ho, Wo, filters] (see Convolve2D).
func Conv2D(scope *model.Scope, x *graph.Node, filters int, cfg Conv2DConfig) *graph.Node {
	if filters < 1 {
		panic(fmt.Errorf("nn.Conv2D: filters = %d, must be ≥ 1", filters))
	}
	if x.Rank() != 4 {
		panic(fmt.Errorf("nn.Conv2D: input shape %s: need rank 4, [batch, height, width, channels]", x.Shape()))
	}
	kh, kw := cfg.Kernel[0], cfg.Kernel[1]
	if kh < 1 || kw < 1 {
		panic(fmt.Errorf("nn.Conv2D: Conv2DConfig.Kernel = %v, height and width must both be ≥ 1", cfg.Kernel))
	}
	cin := x.Shape().Dimensions[3]
	kernelShape := shapes.Make(x.DType(), kh, kw, cin, filters)
	fanIn, fanOut := kh*kw*cin, kh*kw*filters
	if cfg.Depthwise {
		if filters%cin != 0 {
			panic(fmt.Errorf("nn.Conv2D: depthwise with %d input channels needs filters a multiple of %d, got %d", cin, cin, filters))
		}
		kernelShape = shapes.Make(x.DType(), kh, kw, 1, filters)
		fanIn, fanOut = kh*kw, kh*kw*(filters/cin)
	}
	std := cfg.Init.stddev(fanIn, fanOut)
	switch {
	case cfg.Std > 0 && !math.IsInf(cfg.Std, 0):
		std = cfg.Std
	case cfg.Std != 0:
		panic(fmt.Errorf("nn.Conv2D: Conv2DConfig.Std = %g, must be a finite value > 0, or 0 to follow Init", cfg.Std))
	}
	scope = scope.In("conv2d")
	store := scope.Store()
	g := x.Graph()
	kernel := scope.WithInitializer(func(g *graph.Graph, shape shapes.Shape) *graph.Node {
		return graph.MulScalar(store.RandomNormal(g, shape), std)
	}).VariableWithShape("weights", kernelShape).NodeValue(g)
	y := Convolve2D(x, kernel, cfg)
	if !cfg.NoBias {
		b := scope.WithInitializer(func(g *graph.Graph, shape shapes.Shape) *graph.Node {
			return graph.Zeros(g, shape)
		}).VariableWithShape("biases", shapes.Make(x.DType(), filters)).NodeValue(g)
		y = graph.Add(y, graph.Reshape(b, 1, 1, 1, filters))
	}
	return activation.Apply(cfg.Activation, y)
}

// Convolve2D convolves x [B, H, W, Cin] with kernel [kh, kw, Cin, Cout]
// ([kh, kw, 1, Cout] when cfg.Depthwise) using cfg's Stride, Dilation,
// Padding and Depthwise (its Activation, Init and NoBias are Conv2D's).
// The result is [B, Ho, Wo, Cout] with Ho = (H + pads - (kh-1)·dh - 1)/sh
// + 1 (integer division) and likewise Wo. Like every deep-learning
// "convolution" it is a cross-correlation: the kernel is not flipped.
// For 1-D signals [B, L, C], reshape to [B, 1, L, C] and use a [1, k,
// Cin, Cout] kernel (PadSame or PadCircular then pad only along L).
func Convolve2D(x, kernel *graph.Node, cfg Conv2DConfig) *graph.Node {
	if x.Rank() != 4 {
		panic(fmt.Errorf("nn.Convolve2D: input shape %s: need rank 4, [batch, height, width, channels]", x.Shape()))
	}
	if kernel.Rank() != 4 {
		panic(fmt.Errorf("nn.Convolve2D: kernel shape %s: need rank 4, [kh, kw, Cin, Cout]", kernel.Shape()))
	}
	stride, dilation := pair("Stride", cfg.Stride), pair("Dilation", cfg.Dilation)
	kdims, xdims := kernel.Shape().Dimensions, x.Shape().Dimensions
	kh, kw, kin, cout := kdims[0], kdims[1], kdims[2], kdims[3]
	if cfg.Kernel != [2]int{} && cfg.Kernel != [2]int{kh, kw} {
		panic(fmt.Errorf("nn.Convolve2D: Conv2DConfig.Kernel = %v but the kernel's shape is %s", cfg.Kernel, kernel.Shape()))
	}
	cin := xdims[3]
	switch {
	case cfg.Depthwise && (kin != 1 || cout%cin != 0):
		panic(fmt.Errorf("nn.Convolve2D: depthwise kernel shape %s for %d input channels: need [kh, kw, 1, Cout] with Cout a multiple of %d", kernel.Shape(), cin, cin))
	case !cfg.Depthwise && kin != cin:
		panic(fmt.Errorf("nn.Convolve2D: kernel shape %s has %d input channels, the input %s has %d", kernel.Shape(), kin, x.Shape(), cin))
	}

	// Pad, then work out the output size.
	k := [2]int{kh, kw}
	var pads [2][2]int
	var out [2]int
	for axis := range 2 {
		eff := (k[axis]-1)*dilation[axis] + 1
		pads[axis][0], pads[axis][1] = cfg.Padding.amounts(axis, xdims[1+axis], eff, stride[axis])
		padded := xdims[1+axis] + pads[axis][0] + pads[axis][1]
		if padded < eff {
			panic(fmt.Errorf("nn.Convolve2D: input %s padded to %d along %s is smaller than the kernel's effective size %d (kernel %d, dilation %d)",
				x.Shape(), padded, [...]string{"height", "width"}[axis], eff, k[axis], dilation[axis]))
		}
		out[axis] = (padded-eff)/stride[axis] + 1
	}
	switch {
	case cfg.Padding.kind == paddingCircular:
		for axis := range 2 {
			size := xdims[1+axis]
			if pads[axis][0] > size || pads[axis][1] > size {
				panic(fmt.Errorf("nn.Convolve2D: circular padding (%d, %d) along %s exceeds the input's %d pixels",
					pads[axis][0], pads[axis][1], [...]string{"height", "width"}[axis], size))
			}
			x = wrapPad(x, 1+axis, pads[axis][0], pads[axis][1])
		}
	case pads != [2][2]int{}:
		zero := graph.ScalarZero(x.Graph(), x.DType())
		x = graph.Pad(x, zero, graph.PadAxis{},
			graph.PadAxis{Start: pads[0][0], End: pads[0][1]},
			graph.PadAxis{Start: pads[1][0], End: pads[1][1]},
			graph.PadAxis{})
	}

	b := xdims[0]
	if !cfg.Depthwise {
		var patches *graph.Node
		if kh == 1 && kw == 1 && stride == [2]int{1, 1} {
			patches = graph.Reshape(x, b*out[0]*out[1], cin) // a 1×1 convolution is a Dense over channels
		} else {
			patches = gatherPatches(x, k, stride, dilation, out)
		}
		y := graph.Dot(patches, graph.Reshape(kernel, kh*kw*cin, cout)).Product()
		return graph.Reshape(y, b, out[0], out[1], cout)
	}
	// One view of the padded image per kernel tap, in the kernel's
	// row-major order: view (i, j) holds x[b, i·dh + s·p, j·dw + s·q, c].
	views := make([]*graph.Node, 0, kh*kw)
	for i := range kh {
		for j := range kw {
			h0, w0 := i*dilation[0], j*dilation[1]
			views = append(views, graph.Slice(x,
				graph.AxisRange(),
				graph.AxisRange(h0, h0+(out[0]-1)*stride[0]+1).Stride(stride[0]),
				graph.AxisRange(w0, w0+(out[1]-1)*stride[1]+1).Stride(stride[1]),
				graph.AxisRange()))
		}
	}
	return depthwise(views, kernel, cin, cout/cin)
}

// depthwise sums view_k · kernel_k over the taps k, each view [B, Ho, Wo,
// C] times that tap's [C] weights (broadcast over a channel multiplier m
// when m > 1). No MatMul is involved: each output channel sees one input
// channel.
func depthwise(views []*graph.Node, kernel *graph.Node, c, m int) *graph.Node {
	taps := graph.Reshape(kernel, len(views), c, m)
	var sum *graph.Node
	for k, v := range views {
		w := graph.Reshape(graph.Slice(taps, graph.AxisElem(k)), c, m) // [C, M]
		var term *graph.Node
		if m == 1 {
			term = graph.Mul(v, graph.Reshape(w, 1, 1, 1, c))
		} else {
			term = graph.Mul(graph.InsertAxes(v, -1), graph.Reshape(w, 1, 1, 1, c, m)) // [B, Ho, Wo, C, M]
		}
		if sum == nil {
			sum = term
		} else {
			sum = graph.Add(sum, term)
		}
	}
	d := sum.Shape().Dimensions
	return graph.Reshape(sum, d[0], d[1], d[2], c*m)
}

// gatherPatches returns the patches [B·Ho·Wo, K·C] of the padded x [B, Hp,
// Wp, C]: row (b, p, q) holds, for each tap (i, j) in the kernel's
// row-major order, the C channels of x[b, p·sh + i·dh, q·sw + j·dw].
// The gather's indices are a constant of the graph, B·Ho·Wo·K of them.
func gatherPatches(x *graph.Node, k, stride, dilation, out [2]int) *graph.Node {
	d := x.Shape().Dimensions
	b, hp, wp, c := d[0], d[1], d[2], d[3]
	idx := make([]int32, 0, b*out[0]*out[1]*k[0]*k[1])
	for bi := range b {
		for p := range out[0] {
			for q := range out[1] {
				for i := range k[0] {
					for j := range k[1] {
						h, w := i*dilation[0]+p*stride[0], j*dilation[1]+q*stride[1]
						idx = append(idx, int32((bi*hp+h)*wp+w))
					}
				}
			}
		}
	}
	g := x.Graph()
	indices := graph.ConstTensor(g, tensors.FromFlatDataAndDimensions(idx, len(idx), 1))
	rows := graph.Gather(graph.Reshape(x, b*hp*wp, c), indices)
	return graph.Reshape(rows, b*out[0]*out[1], k[0]*k[1]*c)
}
