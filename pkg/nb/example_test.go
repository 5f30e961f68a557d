package nb_test

import (
	"fmt"
	"os"

	"github.com/papernb/papernb/pkg/nb"
)

// A notebook keeps its sizes in one config picked by mode, caches what is
// expensive under a name and that config, and judges its claim with checks
// whose thresholds were stated before the run.
func Example() {
	dir, _ := os.MkdirTemp("", "papernb-example")
	defer os.RemoveAll(dir)
	os.Setenv("PAPERNB_CACHE_DIR", dir)
	os.Setenv("PAPERNB_MODE", "quick")

	type Config struct{ Samples int }
	cfg := Config{Samples: nb.Pick(100_000, 1_000)}
	mean := nb.Cached("mean", cfg, func() float64 {
		rng := nb.RNG("samples")
		var sum float64
		for range cfg.Samples {
			sum += rng.Float64()
		}
		return sum / float64(cfg.Samples)
	})

	v := nb.NewVerdict()
	v.Check("mean of U(0,1) within 0.05 of 1/2", mean > 0.45 && mean < 0.55, "mean = %.2f", mean)
	fmt.Println(v.Line())
	// Output: VERDICT: REPRODUCED (quick mode: toy sizes, this verdict does not count)
}
