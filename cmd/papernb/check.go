package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/papernb/papernb/cmd/papernb/internal/ipynb"
	"github.com/papernb/papernb/cmd/papernb/internal/nbcheck"
)

func cmdCheck(_ context.Context, a *app, args []string) error {
	fs := a.newFlags("check")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	r, err := a.repo()
	if err != nil {
		return err
	}
	targets, err := r.targets(fs.Args())
	if err != nil {
		return err
	}
	checked, failed := 0, 0
	report := func(name string, probs []nbcheck.Problem) {
		checked++
		if len(probs) == 0 {
			fmt.Fprintf(a.stdout, "ok    %s\n", name)
			return
		}
		failed++
		fmt.Fprintf(a.stdout, "FAIL  %s\n", name)
		for _, p := range probs {
			fmt.Fprintf(a.stdout, "  - %s\n", strings.ReplaceAll(string(p), "\n", "\n    "))
		}
	}
	if fs.NArg() == 0 {
		probs, err := nbcheck.Layout(filepath.Join(r.root, "notebooks"), r.papers)
		if err != nil {
			return err
		}
		report("notebooks/ layout", probs)
	}
	for _, t := range targets {
		nb, err := ipynb.Read(t.path)
		if err != nil {
			report(t.name, []nbcheck.Problem{nbcheck.Problem(err.Error())})
			continue
		}
		report(t.name, nbcheck.Committed(nb))
	}
	fmt.Fprintf(a.stdout, "checked %s\n", count(len(targets), "notebook"))
	if failed > 0 {
		return fmt.Errorf("check found problems in %d of the %d items above", failed, checked)
	}
	return nil
}
