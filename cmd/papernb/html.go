package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/papernb/papernb/cmd/papernb/internal/ipynb"
	"github.com/papernb/papernb/cmd/papernb/internal/jupyter"
	"github.com/papernb/papernb/cmd/papernb/internal/site"
)

// siteMarker marks a directory as one `papernb html` made, and so one it
// may empty before writing the site again.
const siteMarker = ".papernb-site"

func cmdHTML(ctx context.Context, a *app, args []string) error {
	flags := a.newFlags("html")
	out := flags.String("out", "", "the site's directory, emptied first (default: site/ in the repository)")
	if err := a.parse(flags, args); err != nil {
		return err
	}
	r, err := a.repo()
	if err != nil {
		return err
	}
	outDir := *out
	if outDir == "" {
		outDir = filepath.Join(r.root, "site")
	}
	if outDir, err = filepath.Abs(outDir); err != nil {
		return err
	}
	targets, err := r.someTargets(flags.Args(), "export")
	if err != nil {
		return err
	}
	env, err := jupyter.Open(r.root)
	if err != nil {
		return err
	}
	defer env.Close()
	mathjax, err := env.MathJaxDir()
	if err != nil {
		return err
	}
	if err := resetSiteDir(outDir); err != nil {
		return err
	}

	var pages []jupyter.Page
	var entries []site.Entry
	for _, t := range targets {
		nb, err := ipynb.Read(t.path)
		if err != nil {
			return err
		}
		e := site.Entry{Title: heading(nb, t.name), Page: t.name + ".html", Verdict: nb.FullVerdict()}
		if p := t.paper; p != nil {
			e.Num, e.Title, e.Link = p.Num, p.Title, p.Link
		}
		if figs := nb.Figures(); len(figs) > 0 {
			ext, data, err := site.Thumbnail(figs[0])
			if err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
			e.Thumbnail = "thumbs/" + t.name + ext
			if err := writeFile(filepath.Join(outDir, e.Thumbnail), data); err != nil {
				return err
			}
		}
		entries = append(entries, e)
		pages = append(pages, jupyter.Page{
			In:         t.path,
			Out:        filepath.Join(outDir, e.Page),
			Title:      strings.TrimPrefix(e.Num+" · ", " · ") + e.Title,
			MathJaxURL: "mathjax/MathJax.js" + site.MathJaxConfig,
			IndexURL:   "index.html",
		})
	}
	var log bytes.Buffer
	if err := env.ExportHTML(ctx, pages, &log); err != nil {
		return fmt.Errorf("%w:\n%s", err, log.String())
	}
	if err := site.CopyMathJax(mathjax, filepath.Join(outDir, "mathjax")); err != nil {
		return err
	}
	index, err := site.Index(entries)
	if err != nil {
		return err
	}
	if err := writeFile(filepath.Join(outDir, "index.html"), index); err != nil {
		return err
	}
	if err := checkOffline(outDir); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "site: %s and its index, %s\n", count(len(pages), "notebook page"), filepath.Join(outDir, "index.html"))
	return nil
}

// heading returns the notebook's title: its first markdown line without the
// leading "#", or fallback.
func heading(nb *ipynb.Notebook, fallback string) string {
	if len(nb.Cells) > 0 && nb.Cells[0].CellType == ipynb.Markdown {
		line, _, _ := strings.Cut(string(nb.Cells[0].Source), "\n")
		if t := strings.TrimSpace(strings.TrimLeft(line, "#")); t != "" {
			return t
		}
	}
	return fallback
}

// resetSiteDir empties dir for a new site, refusing when dir holds files
// that papernb did not write.
func resetSiteDir(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	case len(entries) > 0:
		if _, err := os.Stat(filepath.Join(dir, siteMarker)); err != nil {
			return fmt.Errorf("%s is not empty and not a site papernb made (no %s file): choose another --out", dir, siteMarker)
		}
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, siteMarker), []byte("made by `papernb html`; emptied by its next run\n"), 0o644)
}

func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// checkOffline fails when a page of the site would load anything from the
// network, so a change of nbconvert's templates cannot silently make the
// site depend on a CDN again.
func checkOffline(dir string) error {
	pages, err := filepath.Glob(filepath.Join(dir, "*.html"))
	if err != nil {
		return err
	}
	var found []string
	for _, p := range pages {
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, u := range site.ExternalResources(data) {
			found = append(found, filepath.Base(p)+": "+u)
		}
	}
	if len(found) > 0 {
		return fmt.Errorf("the site would load resources from the network:\n  %s", strings.Join(found, "\n  "))
	}
	return nil
}
