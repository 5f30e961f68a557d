package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/papernb/papernb/cmd/papernb/internal/ipynb"
	"github.com/papernb/papernb/cmd/papernb/internal/papers"
	"github.com/papernb/papernb/cmd/papernb/internal/scaffold"
	"github.com/papernb/papernb/internal/atomicfile"
)

func cmdNew(_ context.Context, a *app, args []string) error {
	fs := a.newFlags("new")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("new takes one paper of notebooks/papers.tsv, such as 09-deeponet, got %d arguments", fs.NArg())
	}
	r, err := a.repo()
	if err != nil {
		return err
	}
	p, err := papers.Resolve(r.papers, fs.Arg(0))
	if err != nil {
		return usageError{err}
	}
	file := r.notebookPath(p)
	if _, err := os.Stat(file); err == nil {
		return fmt.Errorf("%s already exists; remove it first to start over", r.rel(file))
	}
	data, err := ipynb.Marshal(scaffold.Notebook(p))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	if err := atomicfile.Write(file, data); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "created %s: replace its TODOs, then `papernb run --mode quick %s`, and commit it after `papernb run --inplace %s`\n",
		r.rel(file), p.Slug, p.Slug)
	return nil
}
