package nn

import (
	"fmt"

	"github.com/gomlx/gomlx/core/graph"
)

// Patchify cuts images x [B, H, W, C] into non-overlapping p×p patches and
// returns them as tokens [B, (H/p)·(W/p), p·p·C], patches in row-major
// order and each patch's values in (row, column, channel) order, as ViT
// does before its linear patch embedding. H and W must be multiples of p.
func Patchify(x *graph.Node, p int) *graph.Node {
	d := checkImage("nn.Patchify", x, p)
	b, h, w, c := d[0], d[1]/p, d[2]/p, d[3]
	v := graph.Reshape(x, b, h, p, w, p, c)
	v = graph.TransposeAllAxes(v, 0, 1, 3, 2, 4, 5) // [B, H/p, W/p, p, p, C]
	return graph.Reshape(v, b, h*w, p*p*c)
}

// Unpatchify is Patchify's inverse: tokens [B, (H/p)·(W/p), p·p·C] back to
// images [B, H, W, C], for image height h and width w (multiples of p).
func Unpatchify(tokens *graph.Node, h, w, p int) *graph.Node {
	if p < 1 || h < 1 || w < 1 || h%p != 0 || w%p != 0 {
		panic(fmt.Errorf("nn.Unpatchify: height %d and width %d must be positive multiples of the patch size %d (≥ 1)", h, w, p))
	}
	if tokens.Rank() != 3 || tokens.Shape().Dimensions[1] != (h/p)*(w/p) || tokens.Shape().Dimensions[2]%(p*p) != 0 {
		panic(fmt.Errorf("nn.Unpatchify: tokens shape %s: need [batch, %d, p·p·channels] for %d×%d images in %d×%d patches",
			tokens.Shape(), (h/p)*(w/p), h, w, p, p))
	}
	b, c := tokens.Shape().Dimensions[0], tokens.Shape().Dimensions[2]/(p*p)
	v := graph.Reshape(tokens, b, h/p, w/p, p, p, c)
	v = graph.TransposeAllAxes(v, 0, 1, 3, 2, 4, 5) // [B, H/p, p, W/p, p, C]
	return graph.Reshape(v, b, h, w, c)
}

// UpsampleNearest2D repeats every pixel of x [B, H, W, C] into a
// factor×factor block, giving [B, H·factor, W·factor, C] (nearest-neighbour
// upsampling, as in U-Net decoders). Its gradient sums each block.
func UpsampleNearest2D(x *graph.Node, factor int) *graph.Node {
	d := checkImage("nn.UpsampleNearest2D", x, factor)
	v := graph.Reshape(x, d[0], d[1], 1, d[2], 1, d[3])
	v = graph.BroadcastToDims(v, d[0], d[1], factor, d[2], factor, d[3])
	return graph.Reshape(v, d[0], d[1]*factor, d[2]*factor, d[3])
}

// checkImage checks that x is [B, H, W, C] and, for Patchify, that the
// patch size p divides H and W; it returns x's dimensions.
func checkImage(name string, x *graph.Node, p int) []int {
	if x.Rank() != 4 {
		panic(fmt.Errorf("%s: input shape %s: need rank 4, [batch, height, width, channels]", name, x.Shape()))
	}
	if p < 1 {
		panic(fmt.Errorf("%s: size %d, must be ≥ 1", name, p))
	}
	d := x.Shape().Dimensions
	if name == "nn.Patchify" && (d[1]%p != 0 || d[2]%p != 0) {
		panic(fmt.Errorf("%s: height %d and width %d of input %s must be multiples of the patch size %d", name, d[1], d[2], x.Shape(), p))
	}
	return d
}
