package nn

import (
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/papernb/papernb/pkg/internal/gomlxtest"
)

func TestCodeUsageAndReplaceCodes(t *testing.T) {
	counts, err := CodeUsage(tensors.FromValue([][]int32{{0, 2}, {2, 2}}), 4)
	if err != nil || len(counts) != 4 || counts[0] != 1 || counts[1] != 0 || counts[2] != 3 || counts[3] != 0 {
		t.Fatalf("CodeUsage = %v, %v; want [1 0 3 0]", counts, err)
	}
	if _, err := CodeUsage(tensors.FromValue([]int32{5}), 4); err == nil {
		t.Errorf("CodeUsage accepted id 5 of 4 codes")
	}

	// A dead code restarted at an input vector becomes that vector's code.
	store := gomlxtest.Store(t, 1)
	quantize := func(x *tensors.Tensor) []float32 {
		return runOnce(t, store, func(scope *model.Scope, in []*graph.Node) []*graph.Node {
			return []*graph.Node{graph.ConvertDType(VQ(scope.In("vq"), in[0], VQConfig{Codes: 3}, VQControl{}).Codes, in[0].DType())}
		}, x)[0]
	}
	x := tensors.FromValue([][]float32{{50, -50}})
	before := quantize(x)
	dead := (int(before[0]) + 1) % 3
	if err := ReplaceCodes(store, "/vq/codebook", []int{dead}, [][]float32{{50, -50}}); err != nil {
		t.Fatal(err)
	}
	if after := quantize(x); int(after[0]) != dead {
		t.Errorf("after restarting code %d at the input, the input maps to code %v", dead, after[0])
	}
	for name, err := range map[string]error{
		"no variable": ReplaceCodes(store, "/nope", nil, nil),
		"bad id":      ReplaceCodes(store, "/vq/codebook", []int{3}, [][]float32{{0, 0}}),
		"short":       ReplaceCodes(store, "/vq/codebook", []int{0}, [][]float32{{0}}),
		"mismatch":    ReplaceCodes(store, "/vq/codebook", []int{0, 1}, [][]float32{{0, 0}}),
	} {
		if err == nil {
			t.Errorf("%s: ReplaceCodes returned no error", name)
		}
	}
}
