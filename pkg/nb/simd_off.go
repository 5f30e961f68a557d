//go:build !goexperiment.simd

package nb

const simdBuild = false
