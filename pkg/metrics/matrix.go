package metrics

import (
	"fmt"
	"math"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/gomlx/core/tensors"
	"gonum.org/v1/gonum/mat"
)

// Matrix copies values brought back from a graph into a float64 matrix, so
// that every measurement here runs in double precision whatever the model
// computed in. It accepts [][]float64, [][]float32 and *tensors.Tensor of
// dtype float32 or float64; a tensor of shape [n, d1, d2, …] becomes n rows
// of d1·d2·… columns (one row per example, activations flattened). It panics
// on any other type, ragged rows, or an empty input.
func Matrix(v any) *mat.Dense {
	switch x := v.(type) {
	case [][]float64:
		return denseFromRows("[][]float64", len(x), func(i int) []float64 { return x[i] })
	case [][]float32:
		return denseFromRows("[][]float32", len(x), func(i int) []float64 {
			row := make([]float64, len(x[i]))
			for j, e := range x[i] {
				row[j] = float64(e)
			}
			return row
		})
	case *tensors.Tensor:
		return denseFromTensor(x)
	default:
		panic(fmt.Errorf("metrics.Matrix: got %T; want [][]float64, [][]float32 or *tensors.Tensor", v))
	}
}

func denseFromRows(kind string, n int, row func(i int) []float64) *mat.Dense {
	if n == 0 {
		panic(fmt.Errorf("metrics.Matrix: %s with 0 rows; need at least one", kind))
	}
	cols := len(row(0))
	if cols == 0 {
		panic(fmt.Errorf("metrics.Matrix: %s with 0 columns; need at least one", kind))
	}
	m := mat.NewDense(n, cols, nil)
	for i := range n {
		r := row(i)
		if len(r) != cols {
			panic(fmt.Errorf("metrics.Matrix: %s row %d has %d values but row 0 has %d; rows must have equal length", kind, i, len(r), cols))
		}
		m.SetRow(i, r)
	}
	return m
}

func denseFromTensor(t *tensors.Tensor) *mat.Dense {
	s := t.Shape()
	if s.Rank() == 0 || s.Size() == 0 {
		panic(fmt.Errorf("metrics.Matrix: tensor of shape %s; want rank ≥ 1 with at least one value", s))
	}
	rows := s.Dimensions[0]
	cols := s.Size() / rows
	if s.DType != dtypes.Float32 && s.DType != dtypes.Float64 {
		panic(fmt.Errorf("metrics.Matrix: tensor of dtype %s; want Float32 or Float64", s.DType))
	}
	flat := flatFloat64(t)
	return mat.NewDense(rows, cols, flat)
}

// checkFinite panics if m holds a NaN or an infinity: one of them poisons every
// sum that follows and would otherwise surface as a NaN metric far away.
func checkFinite(name, arg string, m mat.Matrix) {
	r, c := m.Dims()
	for i := range r {
		for j := range c {
			if v := m.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				panic(fmt.Errorf("metrics.%s: %s[%d][%d] = %v; only finite values are allowed", name, arg, i, j, v))
			}
		}
	}
}
