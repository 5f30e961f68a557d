# env.sh is sourced by every papernb script and by the Makefile's recipes: the
# pinned toolchain and SIMD for every build, and GoMLX kept offline.
export GOTOOLCHAIN=go1.27.3
export GOEXPERIMENT=simd
export GOMLX_NO_AUTO_INSTALL=1
