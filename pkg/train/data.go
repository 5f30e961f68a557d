package train

import (
	"fmt"
	"math/rand"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/tensors"
)

// Data is a supervised data set held on the backend: one or more input
// tensors and a target tensor, all with the example axis first.
type Data struct {
	inputs []*tensors.Tensor
	target *tensors.Tensor
	n      int
}

// NewData moves target and inputs to the backend's device once, so that
// training steps read them there. Every tensor must have rank ≥ 1 and the
// same number of examples (first dimension), at least one. The tensors
// belong to the Data afterwards.
func NewData(backend compute.Backend, target *tensors.Tensor, inputs ...*tensors.Tensor) (*Data, error) {
	if target == nil || len(inputs) == 0 {
		return nil, fmt.Errorf("train.NewData: need a target and at least one input (got %d inputs)", len(inputs))
	}
	if target.Rank() < 1 || target.Shape().Dimensions[0] < 1 {
		return nil, fmt.Errorf("train.NewData: target shape %s: need rank ≥ 1 and at least one example", target.Shape())
	}
	n := target.Shape().Dimensions[0]
	for i, x := range inputs {
		if x == nil || x.Rank() < 1 || x.Shape().Dimensions[0] != n {
			shape := "nil"
			if x != nil {
				shape = x.Shape().String()
			}
			return nil, fmt.Errorf("train.NewData: input %d has shape %s: need the example axis first with %d examples, like the target %s",
				i, shape, n, target.Shape())
		}
	}
	for _, t := range append([]*tensors.Tensor{target}, inputs...) {
		if err := t.ToDevice(backend, 0); err != nil {
			return nil, fmt.Errorf("train.NewData: moving a %s tensor to the backend: %w", t.Shape(), err)
		}
	}
	return &Data{inputs: inputs, target: target, n: n}, nil
}

// Len returns the number of examples.
func (d *Data) Len() int { return d.n }

// Inputs returns the input tensors (on the backend).
func (d *Data) Inputs() []*tensors.Tensor { return d.inputs }

// Target returns the target tensor (on the backend).
func (d *Data) Target() *tensors.Tensor { return d.target }

// args returns the data's inputs then its target, as Exec arguments.
func (d *Data) args() []any {
	args := make([]any, 0, len(d.inputs)+2)
	for _, x := range d.inputs {
		args = append(args, x)
	}
	return append(args, d.target)
}

// batcher deals minibatch indices: a fresh permutation of the examples per
// epoch, cut into consecutive batches.
type batcher struct {
	rng  *rand.Rand
	perm []int
	pos  int
	size int
	buf  []int32
}

func newBatcher(n, size int, seed int64) *batcher {
	b := &batcher{rng: rand.New(rand.NewSource(seed)), size: size, buf: make([]int32, size)}
	b.perm = b.rng.Perm(n)
	return b
}

func (b *batcher) next() *tensors.Tensor {
	if b.pos+b.size > len(b.perm) {
		b.perm = b.rng.Perm(len(b.perm))
		b.pos = 0
	}
	for i, j := range b.perm[b.pos : b.pos+b.size] {
		b.buf[i] = int32(j)
	}
	b.pos += b.size
	return tensors.FromFlatDataAndDimensions(append([]int32(nil), b.buf...), b.size)
}
