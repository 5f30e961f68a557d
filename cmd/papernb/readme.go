package main

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"

	"github.com/papernb/papernb/cmd/papernb/internal/readme"
	"github.com/papernb/papernb/internal/atomicfile"
)

func cmdReadme(_ context.Context, a *app, args []string) error {
	fs := a.newFlags("readme")
	check := fs.Bool("check", false, "change nothing; fail with the differences if the table is out of date")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("readme takes no arguments, got %q", fs.Args())
	}
	r, err := a.repo()
	if err != nil {
		return err
	}
	file := filepath.Join(r.root, "README.md")
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	table, written, err := r.readmeTable()
	if err != nil {
		return err
	}
	have, err := readme.Current(string(data))
	if err != nil {
		return err
	}
	if have == table {
		fmt.Fprintf(a.stdout, "README.md: the paper table is up to date (%s, %s)\n", count(len(r.papers), "paper"), count(written, "notebook"))
		return nil
	}
	if *check {
		return fmt.Errorf("README.md's paper table is out of date; regenerate it with `go run ./cmd/papernb readme`:\n%s", readme.Diff(have, table))
	}
	updated, err := readme.Splice(string(data), table)
	if err != nil {
		return err
	}
	if err := atomicfile.Write(file, []byte(updated)); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "README.md: paper table updated (%s, %s)\n", count(len(r.papers), "paper"), count(written, "notebook"))
	return nil
}

// readmeTable renders the paper table from papers.tsv and the committed
// notebooks, and counts the notebooks that exist.
func (r *repo) readmeTable() (table string, written int, err error) {
	rows := make([]readme.Row, len(r.papers))
	for i, p := range r.papers {
		rows[i].Paper = p
		nbPath := r.notebookPath(p)
		if _, err := os.Stat(nbPath); err != nil {
			continue
		}
		written++
		rows[i].Notebook = path.Join("notebooks", p.Slug, p.Slug+".ipynb")
		if rows[i].Verdict, err = committedVerdict(nbPath); err != nil {
			return "", 0, err
		}
	}
	return readme.Table(rows), written, nil
}
