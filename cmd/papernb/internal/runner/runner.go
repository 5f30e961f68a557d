// Package runner executes notebooks headless, a few at a time, and judges
// each run by the rules of nbcheck.Outputs: every cell ran without error or
// panic, a VERDICT line was printed with the provenance of the run's mode,
// and at least one figure was shown.
//
// Each run gets its own cache directory unless told otherwise, so its
// outputs come from the code as it is and never from results cached by an
// older version of a notebook.
package runner

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/papernb/papernb/cmd/papernb/internal/ipynb"
	"github.com/papernb/papernb/cmd/papernb/internal/jupyter"
	"github.com/papernb/papernb/cmd/papernb/internal/nbcheck"
	"github.com/papernb/papernb/internal/atomicfile"
)

// Options control a batch of runs.
type Options struct {
	Mode    string        // "full" or "quick", passed as PAPERNB_MODE
	Jobs    int           // notebooks run at once
	Timeout time.Duration // for each notebook
	Seed    string        // PAPERNB_SEED; "" leaves the notebooks' default
	// CacheDir is the cache root (PAPERNB_CACHE_DIR); "" means a fresh
	// temporary directory, removed afterwards.
	CacheDir string
	OutDir   string // executed copies, logs/ and results.json go here
	// Inplace replaces each source notebook by its executed copy when the
	// run passed. A failed run never replaces it.
	Inplace bool
	// Progress receives a line as each notebook finishes; nil for none.
	Progress io.Writer
}

// Target is a notebook to run.
type Target struct {
	Name string // "09-deeponet"
	Path string // the notebook file
}

// Result is what one run produced.
type Result struct {
	Notebook    string  `json:"notebook"`
	Source      string  `json:"source"` // the notebook that was run
	Output      string  `json:"output"` // its executed copy; "" when none was written
	Log         string  `json:"log"`    // the kernel's stderr
	WallSeconds float64 `json:"wall_seconds"`
	// Verdict is REPRODUCED or NOT REPRODUCED; "" when none was printed.
	Verdict string `json:"verdict"`
	// ComputeSeconds is the compute time of the provenance line; nil when
	// there is none.
	ComputeSeconds *float64 `json:"compute_seconds"`
	Figures        int      `json:"figures"`
	// Error is the first error output (the cell that raised); nil when none.
	Error *ipynb.CellError `json:"error,omitempty"`
	// Problems lists why the run failed; empty when it passed.
	Problems []string `json:"problems,omitempty"`
	OK       bool     `json:"ok"`
	Replaced bool     `json:"replaced,omitempty"` // --inplace wrote the source notebook
}

// Report is the outcome of a batch, as written to results.json.
type Report struct {
	Mode        string    `json:"mode"`
	Seed        string    `json:"seed,omitempty"`
	CacheDir    string    `json:"cache_dir"` // "(fresh)" when a temporary one was used
	Started     time.Time `json:"started"`
	WallSeconds float64   `json:"wall_seconds"`
	Notebooks   []Result  `json:"notebooks"`
}

// Failed returns the results of the runs that failed.
func (r *Report) Failed() []Result {
	var failed []Result
	for _, res := range r.Notebooks {
		if !res.OK {
			failed = append(failed, res)
		}
	}
	return failed
}

// CheckTargets fails when two targets share a name: their executed copies
// and logs would overwrite each other.
func CheckTargets(targets []Target) error {
	seen := map[string]string{}
	for _, t := range targets {
		if other, dup := seen[t.Name]; dup {
			return fmt.Errorf("two notebooks named %s (%s and %s) would write the same executed copy: run them separately", t.Name, other, t.Path)
		}
		seen[t.Name] = t.Path
	}
	return nil
}

// ResultsFile is the name of the report in the output directory.
const ResultsFile = "results.json"

// Run executes the targets with env, opts.Jobs at a time, writes the
// executed copies, logs and results.json into opts.OutDir, and returns the
// report. Its error is for a batch that could not run at all; failed
// notebooks are in the report. When ctx is cancelled, running notebooks are
// stopped and those not started are reported as not run.
func Run(ctx context.Context, env *jupyter.Env, targets []Target, opts Options) (*Report, error) {
	if opts.Jobs < 1 {
		return nil, fmt.Errorf("runner: %d jobs: need at least 1", opts.Jobs)
	}
	if err := CheckTargets(targets); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(opts.OutDir, "logs"), 0o755); err != nil {
		return nil, err
	}
	report := &Report{Mode: opts.Mode, Seed: opts.Seed, CacheDir: opts.CacheDir, Started: time.Now()}
	if opts.CacheDir == "" {
		dir, err := os.MkdirTemp("", "papernb-cache-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		opts.CacheDir = dir
		report.CacheDir = "(fresh)"
	}

	report.Notebooks = make([]Result, len(targets))
	var (
		wg   sync.WaitGroup
		next atomic.Int64 // index of the next target to start, in order
		mu   sync.Mutex   // guards done and Progress
		done int
	)
	for range min(opts.Jobs, len(targets)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(targets) {
					return
				}
				t := targets[i]
				if ctx.Err() != nil {
					report.Notebooks[i] = Result{Notebook: t.Name, Source: t.Path, Problems: []string{"not run: " + context.Cause(ctx).Error()}}
				} else {
					report.Notebooks[i] = runOne(ctx, env, t, opts)
				}
				mu.Lock()
				done++
				if opts.Progress != nil {
					fmt.Fprintf(opts.Progress, "[%d/%d] %s\n", done, len(targets), report.Notebooks[i].line())
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	report.WallSeconds = time.Since(report.Started).Seconds()
	data, err := json.MarshalIndent(report, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := atomicfile.Write(filepath.Join(opts.OutDir, ResultsFile), append(data, '\n')); err != nil {
		return nil, err
	}
	return report, nil
}

// runOne executes one notebook and judges the executed copy.
func runOne(ctx context.Context, env *jupyter.Env, t Target, opts Options) Result {
	res := Result{
		Notebook: t.Name,
		Source:   t.Path,
		Log:      filepath.Join(opts.OutDir, "logs", t.Name+".log"),
	}
	fail := func(format string, args ...any) Result {
		res.Problems = append(res.Problems, fmt.Sprintf(format, args...))
		return res
	}
	log, err := os.Create(res.Log)
	if err != nil {
		return fail("%v", err)
	}
	defer log.Close()

	out := filepath.Join(opts.OutDir, t.Name+".ipynb")
	os.Remove(out) // a copy left by an earlier run must not be judged
	kernelEnv := []string{"PAPERNB_MODE=" + opts.Mode, "PAPERNB_CACHE_DIR=" + opts.CacheDir}
	if opts.Seed != "" {
		kernelEnv = append(kernelEnv, "PAPERNB_SEED="+opts.Seed)
	}
	// The driver enforces the timeout itself and records it in the executed
	// copy; the deadline here only stops a driver that hangs.
	runCtx, cancel := context.WithTimeoutCause(ctx, opts.Timeout+2*time.Minute,
		fmt.Errorf("the Jupyter driver did not stop at the notebook's timeout of %v", opts.Timeout))
	defer cancel()
	start := time.Now()
	err = env.Execute(runCtx, jupyter.Execution{
		In:      t.Path,
		Out:     out,
		Dir:     filepath.Dir(t.Path),
		Timeout: opts.Timeout,
		Env:     kernelEnv,
		Log:     log,
	})
	res.WallSeconds = time.Since(start).Seconds()
	if err != nil && !errors.Is(err, jupyter.ErrCellFailed) && !errors.Is(err, jupyter.ErrTimeout) {
		return fail("%v", err)
	}
	res.Output = out
	nb, readErr := ipynb.Read(out)
	if readErr != nil {
		return fail("reading the executed copy: %v", readErr)
	}
	if errs := nb.Errors(); len(errs) > 0 {
		res.Error = &errs[0]
	}
	if v, ok := nb.Verdict(); ok {
		res.Verdict = v.Outcome
		if v.Provenance != nil {
			res.ComputeSeconds = &v.Provenance.ComputeSeconds
		}
	}
	res.Figures = len(nb.Figures())
	for _, p := range nbcheck.Outputs(nb, opts.Mode) {
		res.Problems = append(res.Problems, string(p))
	}
	if err != nil && len(res.Problems) == 0 {
		// The driver saw a failure that left no trace in the outputs.
		res.Problems = append(res.Problems, err.Error())
	}
	res.OK = len(res.Problems) == 0
	if res.OK && opts.Inplace {
		if err := atomicfile.Copy(out, t.Path); err != nil {
			return fail("replacing %s: %v", t.Path, err)
		}
		res.Replaced = true
	}
	return res
}

// line is the one-line account of a result printed as it finishes.
func (r Result) line() string {
	if r.OK {
		return fmt.Sprintf("ok    %s  %.1f s  %s  %d figures", r.Notebook, r.WallSeconds, r.Verdict, r.Figures)
	}
	line := fmt.Sprintf("FAIL  %s  %.1f s  %s", r.Notebook, r.WallSeconds, strings.Join(r.Problems, "; "))
	if r.Log != "" {
		line += " (log: " + r.Log + ")"
	}
	return line
}

// Summary writes the report as a table, then the failures with their logs.
func (r *Report) Summary(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "notebook\tstatus\twall\tcompute\tverdict\tfigures\t")
	for _, res := range r.Notebooks {
		status := "ok"
		if !res.OK {
			status = "FAIL"
		}
		compute := "—"
		if res.ComputeSeconds != nil {
			compute = fmt.Sprintf("%.0f s", *res.ComputeSeconds)
		}
		fmt.Fprintf(tw, "%s\t%s\t%.1f s\t%s\t%s\t%d\t\n", res.Notebook, status, res.WallSeconds, compute, cmp.Or(res.Verdict, "—"), res.Figures)
	}
	tw.Flush()
	failed := r.Failed()
	for _, res := range failed {
		fmt.Fprintf(w, "\n%s failed:\n", res.Notebook)
		for _, p := range res.Problems {
			fmt.Fprintf(w, "  - %s\n", strings.ReplaceAll(p, "\n", "\n    "))
		}
		if res.Output != "" {
			fmt.Fprintf(w, "  executed copy: %s\n", res.Output)
		}
		if res.Log != "" {
			fmt.Fprintf(w, "  kernel log: %s\n", res.Log)
		}
	}
	fmt.Fprintf(w, "\n%s mode: %d failed of %d, %.0f s\n", r.Mode, len(failed), len(r.Notebooks), r.WallSeconds)
}
