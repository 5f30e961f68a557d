// Package nb is the glue between a papernb notebook and the rest of the
// project: it reads the run's settings (mode and seed), picks the GoMLX
// backend, seeds every random source a run uses, caches expensive results on
// disk so that re-running a figure cell does not retrain, shows progress, and
// prints the verdict with the provenance of the numbers behind it.
//
// GoNB runs every cell as a new process: declarations carry over between
// cells, values do not. So everything in this package is cheap to call again
// in each cell, and what must survive across cells goes through Cached.
//
// Nothing here knows about models; pkg/nn and pkg/train know nothing about
// notebooks.
//
// Environment:
//
//	PAPERNB_MODE       full (default) or quick (CI: tiny sizes, every code path)
//	PAPERNB_SEED       integer seed for every random source (default 1)
//	PAPERNB_CACHE_DIR  where results are cached (default <repo>/.cache/<notebook>)
//	PAPERNB_CACHE      "off" recomputes everything and writes nothing
//	GOMLX_BACKEND      backend to use (default: xla:cpu where built in and installed, else go)
package nb
