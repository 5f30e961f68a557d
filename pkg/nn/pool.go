package nn

import (
	"fmt"

	"github.com/gomlx/gomlx/core/graph"
)

// Pooling here is a reshape plus a reduction, valid because the window
// equals the stride: x [B, H, W, C] is viewed as [B, H/s, s, W/s, s, C] and
// reduced over the two window axes. On the Go backend this is far faster
// than graph.MaxPool, whose backward (select-and-scatter) alone took
// 0.3-0.5 s per step of a small MNIST CNN on our 2-core machine.

// MaxPool2D takes the maximum over non-overlapping size×size windows of x
// [B, H, W, C], giving [B, H/size, W/size, C]. H and W must be multiples of
// size. Where a window holds several equal maxima the gradient goes to
// each of them in full (GoMLX's ReduceMax gradient), not to the first one
// only as graph.MaxPool's does; with real-valued inputs ties are rare, and
// after a ReLU they are mostly zeros, whose gradient the ReLU stops anyway.
func MaxPool2D(x *graph.Node, size int) *graph.Node {
	return pool2D("nn.MaxPool2D", x, size, graph.ReduceMax)
}

// AvgPool2D averages non-overlapping size×size windows of x [B, H, W, C],
// giving [B, H/size, W/size, C]. H and W must be multiples of size.
func AvgPool2D(x *graph.Node, size int) *graph.Node {
	return pool2D("nn.AvgPool2D", x, size, graph.ReduceMean)
}

// GlobalAvgPool2D averages x [B, H, W, C] over height and width, giving [B, C].
func GlobalAvgPool2D(x *graph.Node) *graph.Node {
	if x.Rank() != 4 {
		panic(fmt.Errorf("nn.GlobalAvgPool2D: input shape %s: need rank 4, [batch, height, width, channels]", x.Shape()))
	}
	return graph.ReduceMean(x, 1, 2)
}

func pool2D(name string, x *graph.Node, size int, reduce func(*graph.Node, ...int) *graph.Node) *graph.Node {
	if x.Rank() != 4 {
		panic(fmt.Errorf("%s: input shape %s: need rank 4, [batch, height, width, channels]", name, x.Shape()))
	}
	if size < 1 {
		panic(fmt.Errorf("%s: size = %d, must be ≥ 1", name, size))
	}
	d := x.Shape().Dimensions
	if d[1]%size != 0 || d[2]%size != 0 {
		panic(fmt.Errorf("%s: height %d and width %d of input %s must both be multiples of the window size %d (crop or pad first)",
			name, d[1], d[2], x.Shape(), size))
	}
	if size == 1 {
		return x
	}
	v := graph.Reshape(x, d[0], d[1]/size, size, d[2]/size, size, d[3])
	return reduce(v, 2, 4)
}
