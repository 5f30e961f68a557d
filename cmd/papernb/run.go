package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"strconv"
	"time"

	"github.com/papernb/papernb/cmd/papernb/internal/jupyter"
	"github.com/papernb/papernb/cmd/papernb/internal/runner"
)

func cmdRun(ctx context.Context, a *app, args []string) error {
	fs := a.newFlags("run")
	mode := fs.String("mode", "full", "`MODE`: full (the sizes of the committed outputs) or quick (toy sizes, for CI)")
	jobs := fs.Int("jobs", 0, "notebooks run at once (default 2 in quick mode; 1 in full mode, whose compute times are recorded)")
	timeout := fs.Duration("timeout", 10*time.Minute, "time limit for each notebook")
	inplace := fs.Bool("inplace", false, "replace each committed notebook by its executed copy when its run passes (full mode, fresh cache)")
	seed := fs.String("seed", "", "PAPERNB_SEED for every notebook (default: the notebooks' own, 1)")
	cacheDir := fs.String("cache-dir", "", "reuse this cache root (default: a fresh temporary one per run)")
	out := fs.String("out", "", "directory for executed copies, logs/ and results.json (default .cache/runs/MODE)")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	opts := runner.Options{Mode: *mode, Jobs: *jobs, Timeout: *timeout, Seed: *seed, CacheDir: *cacheDir, OutDir: *out, Inplace: *inplace}
	if !flagSet(fs, "jobs") {
		// A full-mode run records its compute time in the notebook (and
		// the README): notebooks sharing the 2 cores would inflate it.
		opts.Jobs = 2
		if opts.Mode == "full" {
			opts.Jobs = 1
		}
	}
	if err := checkRunOptions(opts); err != nil {
		return err
	}
	r, err := a.repo()
	if err != nil {
		return err
	}
	if opts.OutDir == "" {
		opts.OutDir = filepath.Join(r.root, ".cache", "runs", opts.Mode)
	}
	if opts.OutDir, err = filepath.Abs(opts.OutDir); err != nil {
		return err
	}
	if opts.CacheDir != "" {
		if opts.CacheDir, err = filepath.Abs(opts.CacheDir); err != nil {
			return err
		}
	}
	targets, err := r.someTargets(fs.Args(), "run")
	if err != nil {
		return err
	}
	rts := make([]runner.Target, len(targets))
	for i, t := range targets {
		rts[i] = runner.Target{Name: t.name, Path: t.path}
	}
	if err := runner.CheckTargets(rts); err != nil {
		return usageError{err}
	}
	env, err := jupyter.Open(r.root)
	if err != nil {
		return err
	}
	defer env.Close()

	fmt.Fprintf(a.stdout, "running %s in %s mode, %d at a time, %v each at most; executed copies in %s\n",
		count(len(targets), "notebook"), opts.Mode, opts.Jobs, opts.Timeout, opts.OutDir)
	opts.Progress = a.stdout
	report, err := runner.Run(ctx, env, rts, opts)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.stdout)
	report.Summary(a.stdout)
	fmt.Fprintf(a.stdout, "results: %s\n", filepath.Join(opts.OutDir, runner.ResultsFile))
	if failed := report.Failed(); len(failed) > 0 {
		return fmt.Errorf("%d of %d notebooks failed", len(failed), len(report.Notebooks))
	}
	return nil
}

// checkRunOptions rejects flag values that are wrong or that would let
// committed outputs come from anything but a fresh full-mode run.
func checkRunOptions(o runner.Options) error {
	switch {
	case o.Mode != "full" && o.Mode != "quick":
		return usagef("--mode %q: use full or quick", o.Mode)
	case o.Jobs < 1:
		return usagef("--jobs %d: run at least 1 notebook at a time", o.Jobs)
	case o.Timeout <= 0:
		return usagef("--timeout %v: must be positive, such as 10m", o.Timeout)
	case o.Inplace && o.Mode != "full":
		return usagef("--inplace with --mode %s: committed notebooks carry the outputs of a full-mode run", o.Mode)
	case o.Inplace && o.CacheDir != "":
		return usagef("--inplace with --cache-dir: committed outputs must come from a fresh cache, never from results cached by older code")
	}
	if o.Seed != "" {
		if _, err := strconv.ParseInt(o.Seed, 10, 64); err != nil {
			return usagef("--seed %q: use a decimal integer such as 1 or 42", o.Seed)
		}
	}
	return nil
}

// flagSet reports whether the flag was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
