//go:build goexperiment.simd

package nb

const simdBuild = true
