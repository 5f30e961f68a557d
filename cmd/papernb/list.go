package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"text/tabwriter"
)

// listEntry is one paper as `papernb list --json` reports it.
type listEntry struct {
	Num   string `json:"num"`
	Slug  string `json:"slug"`
	Title string `json:"title"`
	Date  string `json:"date"`
	Link  string `json:"link"`
	// Notebook is the notebook's path relative to the repository; null
	// while it is planned.
	Notebook *string `json:"notebook"`
	// Verdict and ComputeSeconds come from the full-mode run saved in the
	// notebook; null when there is none.
	Verdict        *string  `json:"verdict"`
	ComputeSeconds *float64 `json:"compute_seconds"`
}

func cmdList(_ context.Context, a *app, args []string) error {
	fs := a.newFlags("list")
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("list takes no arguments, got %q", fs.Args())
	}
	r, err := a.repo()
	if err != nil {
		return err
	}
	var entries []listEntry
	unreadable := 0
	for _, p := range r.papers {
		e := listEntry{Num: p.Num, Slug: p.Slug, Title: p.Title, Date: p.Date, Link: p.Link}
		path := r.notebookPath(p)
		if _, err := os.Stat(path); err == nil {
			rel := r.rel(path)
			e.Notebook = &rel
			v, err := committedVerdict(path)
			if err != nil {
				fmt.Fprintf(a.stderr, "papernb: %v\n", err)
				unreadable++
			}
			if v != nil {
				e.Verdict = &v.Outcome
				if v.Provenance != nil {
					e.ComputeSeconds = &v.Provenance.ComputeSeconds
				}
			}
		}
		entries = append(entries, e)
	}
	if *asJSON {
		data, err := json.MarshalIndent(entries, "", "  ")
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "%s\n", data)
	} else {
		printList(a, entries)
	}
	if unreadable > 0 {
		return fmt.Errorf("%d notebooks could not be read", unreadable)
	}
	return nil
}

func printList(a *app, entries []listEntry) {
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tnotebook\tverdict\tcompute\ttitle")
	written := 0
	for _, e := range entries {
		nb, v, c := "—", "—", "—"
		if e.Notebook != nil {
			nb = e.Slug
			written++
		}
		if e.Verdict != nil {
			v = *e.Verdict
		}
		if e.ComputeSeconds != nil {
			c = fmt.Sprintf("%.0f s", *e.ComputeSeconds)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.Num, nb, v, c, e.Title)
	}
	tw.Flush()
	fmt.Fprintf(a.stdout, "\n%s, %s written; verdict and compute time come from each notebook's saved full-mode run\n", count(len(entries), "paper"), count(written, "notebook"))
}
