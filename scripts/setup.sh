#!/usr/bin/env bash
# setup.sh prepares a fresh clone of papernb: the pinned Go toolchain, a
# project-local Python venv with JupyterLab and nbclient, the GoNB kernel and
# its helpers (gonb, goimports, gopls) built from go.mod, a kernelspec inside
# the venv (nothing global is touched), and a warm Go build cache.
#
# The Makefile, CI (.ci/run through `make test`) and docker/Dockerfile all run
# this one script. It is idempotent: a second run only checks and finishes in
# seconds.
#
# Environment:
#   PAPERNB_XLA=1   also install the XLA PJRT CPU plugin (needs internet) and
#                   make the kernel build notebooks with the xla backend.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. "$root/scripts/env.sh"

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# --- Go -----------------------------------------------------------------------
command -v go >/dev/null || die "go not found in PATH: install Go >= 1.26 (the pinned $GOTOOLCHAIN is then fetched from the module proxy)"
gover="$(go version)" || die "the Go toolchain $GOTOOLCHAIN could not be fetched: check access to the Go module proxy"
case "$gover" in
  *"$GOTOOLCHAIN "*) ;;
  *) die "expected $GOTOOLCHAIN, got: $gover" ;;
esac
say "$gover, GOEXPERIMENT=$GOEXPERIMENT"

# --- Python venv with pinned Jupyter --------------------------------------------
command -v python3 >/dev/null || die "python3 not found in PATH: install Python >= 3.10"
stamp=".venv/.papernb-requirements.sha256"
want="$(sha256sum requirements.txt | cut -d' ' -f1)"
if [[ ! -x .venv/bin/python || ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  say "creating .venv with the pinned Jupyter packages (requirements.txt)"
  [[ -x .venv/bin/python ]] || python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  echo "$want" > "$stamp"
else
  say ".venv is up to date"
fi

# --- GoNB, goimports, gopls (versions from go.mod's tool block) ------------------
mkdir -p .bin
GOBIN="$root/.bin" go install tool
say "built $(ls .bin | tr '\n' ' ')"

# --- XLA (optional) --------------------------------------------------------------
goflags=""
if [[ "${PAPERNB_XLA:-0}" == 1 ]]; then
  say "installing the XLA PJRT CPU plugin (needs internet)"
  "$root/scripts/install-xla.sh"
  goflags="-tags=xla"
fi

# --- Kernelspec inside the venv ----------------------------------------------------
# Jupyter finds kernels under <venv>/share/jupyter/kernels, so the kernel is
# visible only to this project's Jupyter. Its environment carries the pinned
# toolchain, SIMD, the offline backend settings and the repo root that every
# notebook's setup cell points go.work at.
kdir=".venv/share/jupyter/kernels/gonb"
mkdir -p "$kdir"
python3 - "$root" "$kdir/kernel.json" "$goflags" <<'PY'
import json, os, sys
root, out, goflags = sys.argv[1], sys.argv[2], sys.argv[3]
env = {
    "GOTOOLCHAIN": os.environ["GOTOOLCHAIN"],
    "GOEXPERIMENT": os.environ["GOEXPERIMENT"],
    "GOMLX_NO_AUTO_INSTALL": "1",
    "PAPERNB_ROOT": root,
    "PATH": root + "/.bin:" + os.environ["PATH"],
}
if goflags:
    env["GOFLAGS"] = goflags
spec = {
    "argv": [root + "/.bin/gonb", "--kernel", "{connection_file}", "--logtostderr"],
    "display_name": "Go (papernb)",
    "language": "go",
    "name": "gonb",
    "env": env,
}
tmp = out + ".tmp"
with open(tmp, "w") as f:
    json.dump(spec, f, indent=2)
    f.write("\n")
os.replace(tmp, out)
PY
say "kernel 'gonb' installed in $kdir"

# --- Warm the Go build cache ---------------------------------------------------------
# The first notebook cell on a cold cache otherwise spends ~70 s compiling GoMLX.
go build ./... 
go test -count=1 -run '^$' ./pkg/... >/dev/null
say "Go build cache is warm; setup done"
