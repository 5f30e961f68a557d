package nn

import (
	"fmt"

	"github.com/gomlx/gomlx/core/graph"
)

// Padding says how a convolution pads its input's height and width. The
// zero value is PadSame.
type Padding struct {
	kind paddingKind
	pads [4]int // top, bottom, left, right (explicit padding only)
}

type paddingKind int

const (
	paddingSame paddingKind = iota
	paddingValid
	paddingExplicit
	paddingCircular
)

var (
	// PadSame pads with zeros so that the output has ceil(in/stride)
	// positions along each axis, splitting the padding as evenly as
	// possible with any odd pixel at the end (bottom, right), as
	// TensorFlow's "SAME" does. With stride 1 that keeps the input's size.
	// With stride > 1 it pads less than GoMLX's Convolve.PadSame, which
	// always pads (k-1)/2 before and k/2 after, so the two differ there.
	PadSame = Padding{kind: paddingSame}
	// PadValid does not pad: only positions where the kernel fits entirely
	// inside the image are computed.
	PadValid = Padding{kind: paddingValid}
	// PadCircular pads as much as PadSame, but with the pixels from the
	// opposite edge, so the image wraps around like a torus: convolution on
	// a periodic domain (Fourier neural operators' local terms, periodic
	// PDE grids). The padding on each side must not exceed the image.
	PadCircular = Padding{kind: paddingCircular}
)

// PadExplicit pads the top, bottom, left and right edges with the given
// numbers of zeros (each ≥ 0).
func PadExplicit(top, bottom, left, right int) Padding {
	for i, p := range []int{top, bottom, left, right} {
		if p < 0 {
			panic(fmt.Errorf("nn.PadExplicit: padding %s = %d, must be ≥ 0", [...]string{"top", "bottom", "left", "right"}[i], p))
		}
	}
	return Padding{kind: paddingExplicit, pads: [4]int{top, bottom, left, right}}
}

func (p Padding) String() string {
	switch p.kind {
	case paddingSame:
		return "PadSame"
	case paddingValid:
		return "PadValid"
	case paddingCircular:
		return "PadCircular"
	}
	return fmt.Sprintf("PadExplicit(%d, %d, %d, %d)", p.pads[0], p.pads[1], p.pads[2], p.pads[3])
}

// amounts returns the zeros to add before and after an axis of size in for
// a kernel of effective size k (dilation included) and a stride.
func (p Padding) amounts(axis, in, k, stride int) (before, after int) {
	switch p.kind {
	case paddingValid:
		return 0, 0
	case paddingExplicit:
		return p.pads[2*axis], p.pads[2*axis+1]
	}
	out := (in + stride - 1) / stride
	total := max((out-1)*stride+k-in, 0)
	return total / 2, total - total/2
}

// wrapPad pads axis of x with its last before and first after entries
// (circular padding).
func wrapPad(x *graph.Node, axis, before, after int) *graph.Node {
	if before == 0 && after == 0 {
		return x
	}
	n := x.Shape().Dimensions[axis]
	parts := make([]*graph.Node, 0, 3)
	if before > 0 {
		parts = append(parts, graph.SliceAxis(x, axis, graph.AxisRange(n-before, n)))
	}
	parts = append(parts, x)
	if after > 0 {
		parts = append(parts, graph.SliceAxis(x, axis, graph.AxisRange(0, after)))
	}
	return graph.Concatenate(parts, axis)
}
