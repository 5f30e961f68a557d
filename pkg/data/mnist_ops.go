package data

import (
	"fmt"
	"math/rand"
)

// Image returns the Height·Width pixels of image i, row by row. The slice
// shares m's storage.
func (m *MNIST) Image(i int) []float32 {
	if i < 0 || i >= m.N {
		panic(fmt.Errorf("data.MNIST.Image: index %d out of range [0, %d)", i, m.N))
	}
	size := m.Height * m.Width
	return m.Images[i*size : (i+1)*size : (i+1)*size]
}

// Select returns a copy of the images (and labels) at the given indices, in
// that order; an index may repeat. It is the building block of Subset,
// PerClass and Split, and of any other selection a notebook needs (a
// filter on the labels, say). It panics on an index out of range, as
// slicing does.
func (m *MNIST) Select(indices []int) *MNIST {
	size := m.Height * m.Width
	out := &MNIST{
		Images: make([]float32, len(indices)*size),
		Labels: make([]int, len(indices)),
		N:      len(indices),
		Height: m.Height,
		Width:  m.Width,
	}
	for j, i := range indices {
		if i < 0 || i >= m.N {
			panic(fmt.Errorf("data.MNIST.Select: index %d (position %d) out of range [0, %d)", i, j, m.N))
		}
		copy(out.Images[j*size:(j+1)*size], m.Images[i*size:(i+1)*size])
		out.Labels[j] = m.Labels[i]
	}
	return out
}

// Subset returns n images drawn at random without replacement, in random
// order: the usual way to make a notebook's training set small.
func (m *MNIST) Subset(n int, rng *rand.Rand) (*MNIST, error) {
	if n < 0 || n > m.N {
		return nil, fmt.Errorf("data.MNIST.Subset: n = %d, need 0 ≤ n ≤ %d (the set's size)", n, m.N)
	}
	return m.Select(rng.Perm(m.N)[:n]), nil
}

// PerClass returns counts[c] images of each class c, drawn at random without
// replacement, in random order; classes from len(counts) on are left out.
// It makes class-imbalanced sets (counts 1000, 500, 250, 125 gives digits
// 0–3 with a 8:4:2:1 imbalance), balanced ones, and sets restricted to
// the first few digits. Asking for more images of a class than the set
// holds is an error that names the class.
func (m *MNIST) PerClass(counts []int, rng *rand.Rand) (*MNIST, error) {
	byClass := make([][]int, len(counts))
	for i, label := range m.Labels {
		if label < len(counts) {
			byClass[label] = append(byClass[label], i)
		}
	}
	var picked []int
	for c, k := range counts {
		if k < 0 || k > len(byClass[c]) {
			return nil, fmt.Errorf("data.MNIST.PerClass: %d images of class %d asked for, need 0 ≤ count ≤ %d (those in the set)",
				k, c, len(byClass[c]))
		}
		for _, j := range rng.Perm(len(byClass[c]))[:k] {
			picked = append(picked, byClass[c][j])
		}
	}
	rng.Shuffle(len(picked), func(i, j int) { picked[i], picked[j] = picked[j], picked[i] })
	return m.Select(picked), nil
}

// Split divides the set at random into a training part and a validation
// part of nVal images, disjoint and together the whole set: MNIST comes
// with a test set but no validation set, and tuning on the test set would
// bias what it reports. Both parts are in random order. Pass
// rand.New(rand.NewSource(seed)) for a split that depends on a seed only.
func (m *MNIST) Split(nVal int, rng *rand.Rand) (train, val *MNIST, err error) {
	if nVal < 0 || nVal > m.N {
		return nil, nil, fmt.Errorf("data.MNIST.Split: nVal = %d, need 0 ≤ nVal ≤ %d (the set's size)", nVal, m.N)
	}
	perm := rng.Perm(m.N)
	return m.Select(perm[nVal:]), m.Select(perm[:nVal]), nil
}

// Downsample returns a copy of the set with each image shrunk by factor in
// both directions by average pooling: 2 turns 28×28 into 14×14, 4 into 7×7.
func (m *MNIST) Downsample(factor int) (*MNIST, error) {
	images, err := Downsample(m.Images, m.Height, m.Width, factor)
	if err != nil {
		return nil, err
	}
	return &MNIST{
		Images: images,
		Labels: append([]int(nil), m.Labels...),
		N:      m.N,
		Height: m.Height / factor,
		Width:  m.Width / factor,
	}, nil
}

// Downsample shrinks a batch of h×w images, stored one after the other row
// by row, by average pooling over factor×factor blocks. Averaging (rather
// than keeping every factor-th pixel) keeps the stroke mass of thin digits
// and the [0, 1] range. The factor must divide both h and w: a padded or
// cropped border would make the blocks unequal.
func Downsample(images []float32, h, w, factor int) ([]float32, error) {
	switch {
	case h <= 0 || w <= 0:
		return nil, fmt.Errorf("data.Downsample: image size %d×%d, need positive sizes", h, w)
	case len(images)%(h*w) != 0:
		return nil, fmt.Errorf("data.Downsample: %d values is not a whole number of %d×%d images", len(images), h, w)
	case factor < 1:
		return nil, fmt.Errorf("data.Downsample: factor %d, need factor ≥ 1", factor)
	case h%factor != 0 || w%factor != 0:
		return nil, fmt.Errorf("data.Downsample: factor %d does not divide the image size %d×%d", factor, h, w)
	}
	oh, ow := h/factor, w/factor
	n := len(images) / (h * w)
	out := make([]float32, n*oh*ow)
	inv := 1 / float32(factor*factor)
	for k := range n {
		img := images[k*h*w : (k+1)*h*w]
		dst := out[k*oh*ow : (k+1)*oh*ow]
		for y := range h {
			row := dst[(y/factor)*ow : (y/factor+1)*ow]
			for x, v := range img[y*w : (y+1)*w] {
				row[x/factor] += v
			}
		}
		for i := range dst {
			dst[i] *= inv
		}
	}
	return out, nil
}

// OneHot returns the labels as a len(labels)×classes matrix, row by row,
// with a 1 in each row's label column: the targets of an MSE loss. It
// panics on a label outside [0, classes).
func OneHot(labels []int, classes int) []float32 {
	out := make([]float32, len(labels)*classes)
	for i, label := range labels {
		if label < 0 || label >= classes {
			panic(fmt.Errorf("data.OneHot: label %d (position %d) outside [0, %d)", label, i, classes))
		}
		out[i*classes+label] = 1
	}
	return out
}
