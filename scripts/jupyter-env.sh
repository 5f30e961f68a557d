# jupyter-env.sh keeps Jupyter's config, data, runtime files and JupyterLab
# settings inside the repo (.jupyter/, git-ignored), so the project touches
# nothing global. Sourced by lab.sh and by the runner's environment.
_papernb_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JUPYTER_CONFIG_DIR="$_papernb_root/.jupyter/config"
export JUPYTER_DATA_DIR="$_papernb_root/.jupyter/data"
export JUPYTER_RUNTIME_DIR="$_papernb_root/.jupyter/runtime"
export JUPYTERLAB_SETTINGS_DIR="$_papernb_root/.jupyter/lab/user-settings"
export JUPYTERLAB_WORKSPACES_DIR="$_papernb_root/.jupyter/lab/workspaces"
export JUPYTER_PLATFORM_DIRS=1
unset _papernb_root
