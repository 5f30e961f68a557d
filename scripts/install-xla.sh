#!/usr/bin/env bash
# install-xla.sh installs the XLA PJRT CPU plugin (downloaded: needs internet)
# so that notebooks can run on GOMLX_BACKEND=xla:cpu. setup.sh calls it when
# PAPERNB_XLA=1; the Docker image does when built with --build-arg XLA=1.
# Pass a lib directory (default ~/.local/lib); the plugin goes to <lib>/go-xla.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/env.sh
go run -tags xla ./tools/xlainstall ${1:+-lib "$1"}
