package nb

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend" // the Go backend, always available
	"golang.org/x/sys/cpu"
)

// xlaAvailable is set by backend_xla.go (build tag xla) to report whether the
// XLA PJRT CPU plugin is installed. Without the tag the XLA backend is not
// compiled in, which keeps every notebook cell's build small and fast.
var xlaAvailable func() bool

var (
	backendOnce sync.Once
	backend     compute.Backend
	backendErr  error
)

// ChooseBackendConfig returns the GoMLX backend configuration to use:
// GOMLX_BACKEND when it is set; otherwise "xla:cpu" when XLA is compiled in
// (build tag xla) and its plugin is installed; otherwise "go". It never picks
// GoMLX's own default, which tries to download XLA and panics offline.
func ChooseBackendConfig() (string, error) {
	if cfg, ok := os.LookupEnv("GOMLX_BACKEND"); ok && strings.TrimSpace(cfg) != "" {
		name, _, _ := strings.Cut(cfg, ":")
		known := compute.List()
		slices.Sort(known)
		if !slices.Contains(known, name) {
			return "", fmt.Errorf("GOMLX_BACKEND=%q names backend %q, which is not built into this binary: use one of %q (xla needs `make setup PAPERNB_XLA=1`)",
				cfg, name, known)
		}
		return cfg, nil
	}
	if xlaAvailable != nil && xlaAvailable() {
		return "xla:cpu", nil
	}
	return "go", nil
}

// Backend returns the process's GoMLX backend, created on first use (see
// ChooseBackendConfig). It panics with a clear message if the backend cannot
// be created.
func Backend() compute.Backend {
	backendOnce.Do(func() {
		cfg, err := ChooseBackendConfig()
		if err != nil {
			backendErr = err
			return
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					backendErr = fmt.Errorf("creating GoMLX backend %q: %v", cfg, r)
				}
			}()
			backend, backendErr = compute.NewWithConfig(cfg)
		}()
	})
	if backendErr != nil {
		panic(backendErr)
	}
	return backend
}

// SIMD reports whether this binary was built with GOEXPERIMENT=simd, which
// the Go backend needs for its vector kernels (without it a dense training
// step is about 12x slower).
func SIMD() bool { return simdBuild }

// CPUVector names the widest vector instruction set this CPU offers that the
// Go backend's SIMD kernels use.
func CPUVector() string {
	switch {
	case runtime.GOARCH != "amd64":
		return runtime.GOARCH
	case cpu.X86.HasAVX512F:
		return "AVX-512"
	case cpu.X86.HasAVX2:
		return "AVX2"
	}
	return "no AVX2"
}

// Versions returns the Go toolchain and GoMLX versions of this binary.
func Versions() (goVersion, gomlxVersion string) {
	goVersion = runtime.Version()
	gomlxVersion = "unknown"
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "github.com/gomlx/gomlx" {
				gomlxVersion = dep.Version
				if dep.Replace != nil && dep.Replace.Version != "" {
					gomlxVersion = dep.Replace.Version
				}
			}
		}
	}
	return goVersion, gomlxVersion
}

// BackendLine is the one line a notebook prints at its start: which backend
// runs the tensors, whether SIMD is on, and the run's mode and seed.
func BackendLine() string {
	return fmt.Sprintf("papernb: backend %s [%s], %s, mode %s, seed %d, %d CPUs",
		Backend().Name(), backendShortConfig(), simdLabel(), CurrentMode(), Seed(), runtime.NumCPU())
}

// simdLabel says whether SIMD is on and with which instruction set, for the
// backend and provenance lines.
func simdLabel() string {
	if !SIMD() {
		return "SIMD off"
	}
	return "SIMD on (" + CPUVector() + ")"
}

func backendShortConfig() string {
	cfg, err := ChooseBackendConfig()
	if err != nil {
		return "?"
	}
	return cfg
}

// simdWarning is shown in place of the backend line's quiet form when the
// binary was built without GOEXPERIMENT=simd.
const simdWarning = "WARNING: this binary was built without GOEXPERIMENT=simd, so the Go backend runs " +
	"without its vector kernels (about 12x slower). Run `make setup` and use the papernb kernel, " +
	"or export GOEXPERIMENT=simd before building."

// Start prints the backend line (and a loud warning when SIMD is off). Call
// it once at the top of a notebook's first Go cell.
func Start() {
	line := BackendLine()
	fmt.Println(line)
	if !SIMD() {
		fmt.Fprintln(os.Stderr, simdWarning)
		if IsNotebook() {
			displayHTML(`<div style="border:2px solid #c00;padding:6px;color:#c00"><b>` + htmlEscape(simdWarning) + `</b></div>`)
		}
	}
}
