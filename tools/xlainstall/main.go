//go:build xla

// Command xlainstall downloads and installs the XLA PJRT CPU plugin, so that
// notebooks built with the xla tag can run on GOMLX_BACKEND=xla:cpu. It needs
// internet access; scripts/install-xla.sh runs it (make setup PAPERNB_XLA=1,
// or the Docker image built with --build-arg XLA=1).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gomlx/go-xla/installer"
	"github.com/gomlx/go-xla/pjrt"
)

func main() {
	libDir := flag.String("lib", "", `"lib" directory to install under (the plugin goes to <lib>/go-xla); default ~/.local/lib`)
	flag.Parse()
	dir := *libDir
	if dir == "" {
		var err error
		if dir, err = installer.DefaultHomeLibPath(); err != nil {
			fmt.Fprintln(os.Stderr, "xlainstall:", err)
			os.Exit(1)
		}
	}
	if err := installer.CPUAutoInstall(filepath.Join(dir, "go-xla"), true, installer.Normal); err != nil {
		fmt.Fprintf(os.Stderr, "xlainstall: installing the PJRT CPU plugin under %s: %v\n", dir, err)
		os.Exit(1)
	}
	for name, path := range pjrt.AvailablePlugins() {
		fmt.Printf("xlainstall: PJRT plugin %q at %s\n", name, path)
	}
}
