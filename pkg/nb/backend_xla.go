//go:build xla

package nb

import (
	_ "github.com/gomlx/go-xla/compute/xla" // registers the "xla" backend
	"github.com/gomlx/go-xla/pjrt"
)

// With the xla build tag, the XLA backend is compiled in and chosen by
// default when its CPU plugin is installed (scripts/install-xla.sh).
func init() {
	xlaAvailable = func() bool {
		_, ok := pjrt.AvailablePlugins()["cpu"]
		return ok
	}
}
