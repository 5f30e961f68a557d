#!/usr/bin/env bash
# lab.sh serves JupyterLab on port 8888 (PORT overrides) with notebooks/ as its
# root and the papernb kernel ready. A token is always required: JUPYTER_TOKEN
# chooses it, otherwise a random one is made and Jupyter prints the URL that
# carries it. Jupyter's config, runtime files and settings live under
# .jupyter/ in the repo, so nothing global is read or written. Extra
# arguments go to `jupyter lab` (the Docker image passes --ip=0.0.0.0; by
# default it listens on 127.0.0.1 only).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/env.sh
. scripts/jupyter-env.sh
if [[ ! -x .venv/bin/jupyter || ! -f .venv/share/jupyter/kernels/gonb/kernel.json ]]; then
  echo "lab: JupyterLab or the GoNB kernel is not installed: run 'make setup' first" >&2
  exit 1
fi
if [[ -z "${JUPYTER_TOKEN:-}" ]]; then
  JUPYTER_TOKEN="$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(24))')"
fi
export JUPYTER_TOKEN
extra=()
# Root inside a container or CI box: Jupyter refuses root unless told.
if [[ "$(id -u)" == 0 ]]; then extra+=(--allow-root); fi
exec .venv/bin/jupyter lab "${extra[@]}" --no-browser --ip=127.0.0.1 --port="${PORT:-8888}" \
  --ServerApp.root_dir="$root/notebooks" --MappingKernelManager.default_kernel_name=gonb "$@"
