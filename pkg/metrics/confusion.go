package metrics

import (
	"fmt"
	"math"
)

// Confusion counts predictions against labels over K classes: Counts[t][p]
// is the number of items of true class t predicted as p. For segmentation
// the items are pixels; accumulate batches with Add.
type Confusion struct {
	Counts [][]int
}

// NewConfusion returns an empty K×K confusion matrix (classes ≥ 2).
func NewConfusion(classes int) *Confusion {
	if classes < 2 {
		panic(fmt.Errorf("metrics.NewConfusion: classes = %d; need at least 2", classes))
	}
	c := &Confusion{Counts: make([][]int, classes)}
	for i := range c.Counts {
		c.Counts[i] = make([]int, classes)
	}
	return c
}

// Add counts predicted against labels (same length, classes in [0, K)).
func (c *Confusion) Add(predicted, labels []int) {
	checkSameLength("Confusion.Add", "predicted", "labels", len(predicted), len(labels))
	k := len(c.Counts)
	for i, y := range labels {
		checkLabel("Confusion.Add", i, y, k)
		if p := predicted[i]; p < 0 || p >= k {
			panic(fmt.Errorf("metrics.Confusion.Add: predicted[%d] = %d; want a class in [0, %d)", i, p, k))
		}
		c.Counts[y][predicted[i]]++
	}
}

// Accuracy returns the fraction of items on the diagonal (pixel accuracy).
func (c *Confusion) Accuracy() float64 {
	var right, total int
	for t, row := range c.Counts {
		for p, n := range row {
			total += n
			if p == t {
				right += n
			}
		}
	}
	return float64(right) / float64(total)
}

// IoU returns each class's intersection over union, TP/(TP + FP + FN);
// NaN for a class that neither occurs nor is predicted.
func (c *Confusion) IoU() []float64 {
	k := len(c.Counts)
	iou := make([]float64, k)
	for j := range k {
		tp := c.Counts[j][j]
		union := -tp
		for i := range k {
			union += c.Counts[j][i] + c.Counts[i][j]
		}
		iou[j] = math.NaN()
		if union > 0 {
			iou[j] = float64(tp) / float64(union)
		}
	}
	return iou
}

// MeanIoU returns the mean of IoU over classes that occur or are predicted
// (the usual mIoU).
func (c *Confusion) MeanIoU() float64 {
	var sum float64
	var n int
	for _, v := range c.IoU() {
		if !math.IsNaN(v) {
			sum += v
			n++
		}
	}
	return sum / float64(n)
}
