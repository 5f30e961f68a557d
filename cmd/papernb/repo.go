package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/papernb/papernb/cmd/papernb/internal/ipynb"
	"github.com/papernb/papernb/cmd/papernb/internal/papers"
	"github.com/papernb/papernb/cmd/papernb/internal/verdict"
)

// repo is the checkout papernb works on.
type repo struct {
	root   string
	papers []papers.Paper
}

// findRepo finds the repository at or above dir and reads its papers.tsv.
func findRepo(dir string) (*repo, error) {
	for d := dir; ; d = filepath.Dir(d) {
		mod, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil && bytes.HasPrefix(bytes.TrimSpace(mod), []byte("module github.com/papernb/papernb\n")) {
			return openRepo(d)
		}
		if filepath.Dir(d) == d {
			return nil, fmt.Errorf("not inside the papernb repository: no go.mod of module github.com/papernb/papernb at or above %s", dir)
		}
	}
}

// openRepo reads the papers of the repository at root.
func openRepo(root string) (*repo, error) {
	ps, err := papers.Read(filepath.Join(root, "notebooks", "papers.tsv"))
	if err != nil {
		return nil, err
	}
	return &repo{root: root, papers: ps}, nil
}

// notebookPath is where paper p's notebook lives.
func (r *repo) notebookPath(p papers.Paper) string {
	return filepath.Join(r.root, "notebooks", p.Slug, p.Slug+".ipynb")
}

// rel returns path relative to the repository root when it is inside it.
func (r *repo) rel(path string) string {
	if rel, err := filepath.Rel(r.root, path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}

// target is a notebook named on the command line.
type target struct {
	name  string // "09-deeponet", or the file name without .ipynb
	path  string // absolute
	paper *papers.Paper
}

// targets resolves command-line names to notebooks; no names means every
// notebook of papers.tsv that exists. A name ending in .ipynb is a path.
func (r *repo) targets(names []string) ([]target, error) {
	if len(names) == 0 {
		var ts []target
		for _, p := range r.papers {
			path := r.notebookPath(p)
			if _, err := os.Stat(path); err == nil {
				ts = append(ts, target{name: p.Slug, path: path, paper: &p})
			}
		}
		return ts, nil
	}
	var ts []target
	seen := map[string]bool{}
	for _, name := range names {
		t, err := r.target(name)
		if err != nil {
			return nil, err
		}
		if seen[t.path] {
			continue
		}
		seen[t.path] = true
		ts = append(ts, t)
	}
	return ts, nil
}

// someTargets is targets for a command that needs at least one notebook to
// act on (what it does to them: "run", "export").
func (r *repo) someTargets(names []string, verb string) ([]target, error) {
	ts, err := r.targets(names)
	if err == nil && len(ts) == 0 {
		err = fmt.Errorf("no notebooks to %s: none of the notebooks of notebooks/papers.tsv exists yet", verb)
	}
	return ts, err
}

func (r *repo) target(name string) (target, error) {
	if strings.HasSuffix(name, ".ipynb") {
		path, err := filepath.Abs(name)
		if err != nil {
			return target{}, err
		}
		if _, err := os.Stat(path); err != nil {
			return target{}, usagef("notebook file %s: %v", name, errors.Unwrap(err))
		}
		t := target{name: strings.TrimSuffix(filepath.Base(path), ".ipynb"), path: path}
		for _, p := range r.papers {
			if p.Slug == t.name && r.notebookPath(p) == path {
				t.paper = &p
			}
		}
		return t, nil
	}
	p, err := papers.Resolve(r.papers, name)
	if err != nil {
		return target{}, usageError{err}
	}
	path := r.notebookPath(p)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return target{}, usagef("notebook %s is planned but not written: %s does not exist (start it with `papernb new %s`)", p.Slug, r.rel(path), p.Slug)
	}
	return target{name: p.Slug, path: path, paper: &p}, nil
}

// committedVerdict reads the full-mode verdict saved in a notebook; nil
// when the notebook has none.
func committedVerdict(path string) (*verdict.Result, error) {
	nb, err := ipynb.Read(path)
	if err != nil {
		return nil, err
	}
	return nb.FullVerdict(), nil
}
