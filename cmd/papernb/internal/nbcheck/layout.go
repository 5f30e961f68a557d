package nbcheck

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/papernb/papernb/cmd/papernb/internal/papers"
)

// Layout checks the notebooks directory: every subdirectory is a paper of
// papers.tsv named by its slug and holds exactly one notebook, named like
// the directory. Empty directories are left alone: git cannot hold them, so
// they are someone's work in progress. Problems name the path they are
// about, relative to dir's parent.
func Layout(dir string, ps []papers.Paper) ([]Problem, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, p := range ps {
		known[p.Slug] = true
	}
	base := filepath.Base(dir)
	var probs []Problem
	for _, e := range entries {
		name := e.Name()
		rel := filepath.Join(base, name)
		switch {
		case !e.IsDir():
			if strings.HasSuffix(name, ".ipynb") {
				probs = append(probs, problemf(-1, "%s: a notebook belongs in its own directory, %s", rel, filepath.Join(base, strings.TrimSuffix(name, ".ipynb"), name)))
			}
			continue
		case strings.HasPrefix(name, ".") || isEmptyDir(filepath.Join(dir, name)):
			continue
		case !known[name]:
			probs = append(probs, problemf(-1, "%s: directory is not a slug of papers.tsv", rel))
		}
		files, err := filepath.Glob(filepath.Join(dir, name, "*.ipynb"))
		if err != nil {
			return nil, err
		}
		want := name + ".ipynb"
		found := false
		for _, f := range files {
			if filepath.Base(f) == want {
				found = true
			} else {
				probs = append(probs, problemf(-1, "%s: the directory's notebook must be named %s", filepath.Join(rel, filepath.Base(f)), want))
			}
		}
		if !found {
			probs = append(probs, problemf(-1, "%s: no %s", rel, want))
		}
	}
	return probs, nil
}

func isEmptyDir(dir string) bool {
	entries, err := os.ReadDir(dir)
	return err == nil && len(entries) == 0
}
