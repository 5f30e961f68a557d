package metrics

import (
	"math"
	"testing"
)

// Six pixels of three classes (class 2 never occurs or is predicted):
// true 0 0 0 1 1 1, predicted 0 0 1 1 1 0 → TP₀ = 2, FP₀ = 1, FN₀ = 1;
// TP₁ = 2, FP₁ = 1, FN₁ = 1.
func TestConfusion(t *testing.T) {
	c := NewConfusion(3)
	c.Add([]int{0, 0, 1}, []int{0, 0, 0})
	c.Add([]int{1, 1, 0}, []int{1, 1, 1})
	if c.Counts[0][1] != 1 || c.Counts[1][0] != 1 || c.Counts[0][0] != 2 {
		t.Errorf("Counts = %v", c.Counts)
	}
	if got := c.Accuracy(); !near(got, 4.0/6, 1e-15) {
		t.Errorf("Accuracy = %v, want 2/3", got)
	}
	iou := c.IoU()
	if !near(iou[0], 0.5, 1e-15) || !near(iou[1], 0.5, 1e-15) || !math.IsNaN(iou[2]) {
		t.Errorf("IoU = %v, want [0.5 0.5 NaN]", iou)
	}
	if got := c.MeanIoU(); !near(got, 0.5, 1e-15) {
		t.Errorf("MeanIoU = %v, want 0.5 (class 2 absent)", got)
	}
	// Binary masks: IoU of class 1 equals the mask IoU.
	b := NewConfusion(2)
	b.Add([]int{1, 1, 0, 0}, []int{0, 1, 1, 0})
	if got, want := b.IoU()[1], IoU([]bool{true, true, false, false}, []bool{false, true, true, false}); got != want {
		t.Errorf("binary class-1 IoU = %v, mask IoU = %v", got, want)
	}
	mustPanic(t, "prediction range", "predicted[0] = 3", func() { c.Add([]int{3}, []int{0}) })
}
