package metrics

import "testing"

func TestAUC(t *testing.T) {
	// scikit-learn's roc_auc_score example: 3 of the 4 (positive, negative)
	// pairs are ordered right.
	if got := AUC([]float64{0.1, 0.4, 0.35, 0.8}, []bool{false, false, true, true}); got != 0.75 {
		t.Errorf("AUC = %v, want 0.75", got)
	}
	// Ties count one half: pairs (.5,.5) ½, (.5,.2) 1, (.9,.5) 1, (.9,.2) 1 → 3.5/4.
	if got := AUC([]float64{0.5, 0.9, 0.5, 0.2}, []bool{true, true, false, false}); got != 0.875 {
		t.Errorf("AUC with a tie = %v, want 0.875", got)
	}
	if got := AUC([]float64{1, 1, 1}, []bool{true, false, false}); got != 0.5 {
		t.Errorf("AUC of a constant score = %v, want 0.5", got)
	}
	if got := AUC([]float64{3, 2, 1}, []bool{false, true, true}); got != 0 {
		t.Errorf("AUC of a reversed ranking = %v, want 0", got)
	}
	mustPanic(t, "one class", "both classes", func() { AUC([]float64{1, 2}, []bool{true, true}) })
}

func TestIoUAndDice(t *testing.T) {
	p := []bool{true, true, false, false}
	g := []bool{false, true, true, false}
	if got := IoU(p, g); !near(got, 1.0/3, 1e-15) {
		t.Errorf("IoU = %v, want 1/3", got)
	}
	if got := Dice(p, g); got != 0.5 {
		t.Errorf("Dice = %v, want 0.5", got)
	}
	empty := make([]bool, 3)
	if IoU(empty, empty) != 1 || Dice(empty, empty) != 1 {
		t.Errorf("two empty masks: IoU %v, Dice %v; want 1, 1", IoU(empty, empty), Dice(empty, empty))
	}
	if got := IoU([]bool{true, false}, []bool{false, true}); got != 0 {
		t.Errorf("disjoint masks: IoU = %v, want 0", got)
	}
	mustPanic(t, "length", "len(predicted) = 2 but len(target) = 1", func() { Dice([]bool{true, false}, []bool{true}) })
}
