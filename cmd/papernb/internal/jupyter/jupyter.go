// Package jupyter runs the project's Jupyter from Go: it executes notebooks
// headless on the project's GoNB kernel (nbclient) and exports them to HTML
// (nbconvert), both through a small Python driver embedded in the binary and
// run with the Python of the project's venv (.venv, made by `make setup`).
package jupyter

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

//go:embed driver.py
var driverPy []byte

//go:embed papernb.html.j2
var htmlTemplate []byte

// KernelName is the kernelspec every papernb notebook runs on.
const KernelName = "gonb"

// Env is the project's Jupyter: the venv's Python and the driver written
// to a temporary directory. Close removes that directory.
type Env struct {
	Root   string // repository root
	Python string // the venv's python
	dir    string // holds driver.py and the HTML template
}

// Open finds the project's Jupyter under root and writes the driver. It
// fails with "run `make setup` first" when the venv or the kernelspec is
// missing.
func Open(root string) (*Env, error) {
	e := &Env{Root: root, Python: filepath.Join(root, ".venv", "bin", "python")}
	if _, err := os.Stat(e.Python); err != nil {
		return nil, fmt.Errorf("no Python venv at %s: run `make setup` first", filepath.Join(root, ".venv"))
	}
	spec := filepath.Join(e.jupyterPath(), "kernels", KernelName, "kernel.json")
	if _, err := os.Stat(spec); err != nil {
		return nil, fmt.Errorf("no %q kernelspec at %s: run `make setup` first", KernelName, spec)
	}
	dir, err := os.MkdirTemp("", "papernb-jupyter-")
	if err != nil {
		return nil, err
	}
	e.dir = dir
	for name, data := range map[string][]byte{"driver.py": driverPy, "papernb.html.j2": htmlTemplate} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			e.Close()
			return nil, err
		}
	}
	return e, nil
}

// Close removes the driver's temporary directory.
func (e *Env) Close() error { return os.RemoveAll(e.dir) }

// jupyterPath is the venv's data directory, where setup.sh installs the
// kernelspec. It goes first in JUPYTER_PATH, so a "gonb" kernelspec
// installed elsewhere for the user (e.g. by `gonb --install`) never shadows
// the project's.
func (e *Env) jupyterPath() string { return filepath.Join(e.Root, ".venv", "share", "jupyter") }

// command prepares the driver with the project's Jupyter environment plus
// extra "KEY=value" settings. Cancelling ctx interrupts the driver (SIGINT),
// which shuts its kernel down; it is killed if it has not exited 30 s later.
func (e *Env) command(ctx context.Context, extra []string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, e.Python, append([]string{filepath.Join(e.dir, "driver.py")}, args...)...)
	jp := e.jupyterPath()
	if old := os.Getenv("JUPYTER_PATH"); old != "" {
		jp += string(os.PathListSeparator) + old
	}
	cmd.Env = append(os.Environ(),
		"JUPYTER_PATH="+jp,
		"JUPYTER_PLATFORM_DIRS=1",          // silences jupyter_core's migration warning
		"PYDEVD_DISABLE_FILE_VALIDATION=1", // and debugpy's
	)
	cmd.Env = append(cmd.Env, extra...)
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGINT) }
	cmd.WaitDelay = 30 * time.Second
	return cmd
}

// Execution describes one headless run of a notebook.
type Execution struct {
	In  string // the notebook to run
	Out string // where the executed copy is written (atomically)
	// Dir is the kernel's working directory: the notebook's own directory,
	// which GoNB reports as GONB_DIR and pkg/nb names the cache after.
	Dir     string
	Timeout time.Duration // for the whole notebook
	Env     []string      // extra "KEY=value" settings for the kernel
	Log     io.Writer     // the driver's and the kernel's stderr
}

// The failures after which the executed copy is written and records them.
var (
	ErrCellFailed = errors.New("a cell raised an error")
	ErrTimeout    = errors.New("the notebook ran out of time")
)

// Execute runs a notebook on the project's kernel, stopping at the first
// cell that raises. It returns nil when every cell ran, ErrCellFailed or
// ErrTimeout when the executed copy was written with the failure in it, and
// another error when there is no executed copy.
func (e *Env) Execute(ctx context.Context, x Execution) error {
	secs := strconv.FormatFloat(x.Timeout.Seconds(), 'f', 0, 64)
	cmd := e.command(ctx, x.Env, "execute", x.In, x.Out, "--kernel", KernelName, "--cwd", x.Dir, "--timeout", secs)
	cmd.Stdout = x.Log
	cmd.Stderr = x.Log
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return fmt.Errorf("stopped: %w", context.Cause(ctx))
	case errors.As(err, &exit) && exit.ExitCode() == 3:
		return ErrCellFailed
	case errors.As(err, &exit) && exit.ExitCode() == 4:
		return ErrTimeout
	}
	return fmt.Errorf("the Jupyter driver failed (%v)", err)
}

// Page is one notebook to export to HTML.
type Page struct {
	In    string `json:"in"`    // the notebook
	Out   string `json:"out"`   // the HTML file to write
	Title string `json:"title"` // the page's <title>
	// MathJaxURL and IndexURL are relative to the page: the site's MathJax
	// (MathJax.js with its configuration query) and its index page.
	MathJaxURL string `json:"mathjax_url"`
	IndexURL   string `json:"index_url"`
}

// ExportHTML exports notebooks with nbconvert's lab template, changed by
// papernb.html.j2 to load nothing from the network.
func (e *Env) ExportHTML(ctx context.Context, pages []Page, log io.Writer) error {
	jobs, err := json.Marshal(map[string]any{"template_dir": e.dir, "pages": pages})
	if err != nil {
		return err
	}
	jobsPath := filepath.Join(e.dir, "html-jobs.json")
	if err := os.WriteFile(jobsPath, jobs, 0o644); err != nil {
		return err
	}
	cmd := e.command(ctx, nil, "html", jobsPath)
	cmd.Stdout = log
	cmd.Stderr = log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("nbconvert's HTML export failed (%v)", err)
	}
	return nil
}

// MathJaxDir returns the MathJax 2.7 files of the venv's
// jupyter-server-mathjax package, which the HTML site ships.
func (e *Env) MathJaxDir() (string, error) {
	dirs, _ := filepath.Glob(filepath.Join(e.Root, ".venv", "lib", "python3*", "site-packages", "jupyter_server_mathjax", "static"))
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "MathJax.js")); err == nil {
			return d, nil
		}
	}
	return "", fmt.Errorf("MathJax not found in %s (package jupyter-server-mathjax, pinned in requirements.txt): run `make setup` first",
		strings.TrimPrefix(filepath.Join(e.Root, ".venv"), e.Root+"/"))
}
