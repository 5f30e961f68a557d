package nn

import (
	"fmt"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// CodeUsage counts, on the host, how often each of k code ids occurs in
// codes (the VQOutput.Codes of one or more batches, any shape, int32).
// Codes that stay at zero over many steps are dead: see ReplaceCodes.
func CodeUsage(codes *tensors.Tensor, k int) ([]int, error) {
	if k < 1 {
		return nil, fmt.Errorf("nn.CodeUsage: k = %d codes, must be ≥ 1", k)
	}
	if codes.DType() != dtypes.Int32 {
		return nil, fmt.Errorf("nn.CodeUsage: codes have dtype %s, want int32 (VQOutput.Codes)", codes.DType())
	}
	counts := make([]int, k)
	for i, c := range tensors.MustCopyFlatData[int32](codes) {
		if c < 0 || int(c) >= k {
			return nil, fmt.Errorf("nn.CodeUsage: code id %d at position %d is outside [0, %d)", c, i, k)
		}
		counts[c]++
	}
	return counts, nil
}

// ReplaceCodes overwrites rows ids of the float32 codebook variable at
// path (e.g. "/block_0/after_ffn/codebook") with vectors, one per id, each
// as long as a code: the dead-code reset of VQ training, which restarts
// unused codes at recent inputs. The optimizer's moment estimates for
// those rows are left as they are.
func ReplaceCodes(store *model.Store, path string, ids []int, vectors [][]float32) error {
	v := store.GetVariable(path)
	if v == nil {
		return fmt.Errorf("nn.ReplaceCodes: no variable %q in the store", path)
	}
	shape := v.Shape()
	if shape.Rank() != 2 || shape.DType != dtypes.Float32 {
		return fmt.Errorf("nn.ReplaceCodes: variable %q is %s, want a float32 codebook [codes, dim]", path, shape)
	}
	k, d := shape.Dimensions[0], shape.Dimensions[1]
	if len(ids) != len(vectors) {
		return fmt.Errorf("nn.ReplaceCodes: %d ids but %d vectors", len(ids), len(vectors))
	}
	table := tensors.MustCopyFlatData[float32](v.MustValue())
	for i, id := range ids {
		if id < 0 || id >= k {
			return fmt.Errorf("nn.ReplaceCodes: id %d is outside [0, %d)", id, k)
		}
		if len(vectors[i]) != d {
			return fmt.Errorf("nn.ReplaceCodes: vector %d has %d values, codes have %d", i, len(vectors[i]), d)
		}
		copy(table[id*d:(id+1)*d], vectors[i])
	}
	return v.SetValue(tensors.FromFlatDataAndDimensions(table, k, d))
}
