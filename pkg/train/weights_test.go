package train

import (
	"strings"
	"testing"

	"github.com/gomlx/gomlx/core/tensors"

	"github.com/papernb/papernb/pkg/internal/gomlxtest"
)

func TestSnapshotRestoreRoundTrip(t *testing.T) {
	store := gomlxtest.Store(t, 1)
	store.VariableWithValue("/a/w", []float32{1, 2})
	store.VariableWithValue("/b", float32(3))
	store.VariableWithValue("/state", []float32{7}).SetTrainable(false)
	snap, err := Snapshot(store)
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Finalize()
	if got := strings.Join(snap.Paths(), " "); got != "/a/w /b" {
		t.Fatalf("Snapshot holds %q, want the trainable /a/w and /b", got)
	}
	all, _ := SnapshotAll(store)
	defer all.Finalize()
	if got := strings.Join(all.Paths(), " "); got != "/#rngState /a/w /b /state" {
		t.Errorf("SnapshotAll holds %q, want every variable, the store's RNG state included", got)
	}
	// Change the store, restore, and check the values and that snap survives.
	if err := (Weights{"/a/w": tensors.FromValue([]float32{9, 9})}).Restore(store); err != nil {
		t.Fatal(err)
	}
	if got := variable(t, store, "/a/w"); got[0] != 9 {
		t.Fatalf("Restore did not set /a/w: %v", got)
	}
	for range 2 {
		if err := snap.Restore(store); err != nil {
			t.Fatal(err)
		}
	}
	if got := variable(t, store, "/a/w"); got[0] != 1 || got[1] != 2 {
		t.Errorf("/a/w after Restore = %v, want [1 2]", got)
	}

	for _, tc := range []struct {
		w    Weights
		want string
	}{
		{Weights{"/nope": tensors.FromScalar(float32(1))}, "no variable /nope"},
		{Weights{"/b": tensors.FromValue([]float32{1, 2})}, "shape"},
	} {
		if err := tc.w.Restore(store); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Restore(%v) = %v, want an error with %q", tc.w.Paths(), err, tc.want)
		}
	}
}

func TestCombine(t *testing.T) {
	a := Weights{"/w": tensors.FromValue([]float32{1, 2}), "/d": tensors.FromValue([]float64{10})}
	b := Weights{"/w": tensors.FromValue([]float32{3, -2}), "/d": tensors.FromValue([]float64{20})}
	mid, err := Combine([]float64{0.25, 0.75}, a, b)
	if err != nil {
		t.Fatal(err)
	}
	if got := tensors.MustCopyFlatData[float32](mid["/w"]); got[0] != 2.5 || got[1] != -1 {
		t.Errorf("0.25·a + 0.75·b at /w = %v, want [2.5 -1]", got)
	}
	if got := tensors.MustCopyFlatData[float64](mid["/d"]); got[0] != 17.5 {
		t.Errorf("0.25·a + 0.75·b at /d = %v, want [17.5] in float64", got)
	}
	for _, tc := range []struct {
		coefs []float64
		ws    []Weights
		want  string
	}{
		{[]float64{1}, []Weights{a, b}, "coefficients"},
		{[]float64{1, 1}, []Weights{a, {"/w": a["/w"]}}, "hold variables"},
		{[]float64{1, 1}, []Weights{a, {"/w": tensors.FromValue([]float32{1}), "/d": a["/d"]}}, "shape"},
		{[]float64{1}, []Weights{{"/i": tensors.FromValue([]int32{1})}}, "dtype"},
	} {
		if _, err := Combine(tc.coefs, tc.ws...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Combine: %v, want an error with %q", err, tc.want)
		}
	}
}
