package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/papernb/papernb/cmd/papernb/internal/ipynb"
	"github.com/papernb/papernb/cmd/papernb/internal/nbcheck"
	"github.com/papernb/papernb/cmd/papernb/internal/readme"
)

// fixturePath is the executed fixture notebook: a full-mode run of a tiny
// notebook with the anatomy of a real one. Regenerate it with
//
//	go run ./cmd/papernb run --inplace cmd/papernb/testdata/fixture/00-fixture/00-fixture.ipynb
const fixturePath = "testdata/fixture/00-fixture/00-fixture.ipynb"

// papernb runs the command line args on the repository at or above dir and
// returns its stdout and error.
func papernb(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	ctx := t.Context()
	if deadline, ok := t.Deadline(); ok {
		// Stop running notebooks cleanly, kernels shut down, a minute before
		// `go test -timeout` would kill the test and orphan them.
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline.Add(-time.Minute))
		defer cancel()
	}
	var stdout, stderr bytes.Buffer
	err := runMain(ctx, dir, args, &stdout, &stderr)
	if stderr.Len() > 0 {
		t.Logf("papernb %s stderr:\n%s", strings.Join(args, " "), stderr.String())
	}
	return stdout.String(), err
}

// tempRepo makes a repository with three papers: 00-fixture (the executed
// fixture), 09-deeponet (planned) and 10-width (planned), and a README
// whose paper table is empty.
func tempRepo(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	fixture, err := os.ReadFile(fixturePath)
	if err != nil {
		t.Fatal(err)
	}
	for path, content := range map[string]string{
		"go.mod": "module github.com/papernb/papernb\n\ngo 1.27.0\n",
		"notebooks/papers.tsv": "num\tslug\ttitle\tdate\tlink\n" +
			"00\t00-fixture\tThe Fixture\t2026\thttps://arxiv.org/abs/0000.00000\n" +
			"09\t09-deeponet\tDeepONet\tOct 7, 2019\thttps://arxiv.org/abs/1910.03193\n" +
			"10\t10-width\tFeature Learning in Infinite-Width Neural Networks\tNov 29, 2020\thttps://arxiv.org/abs/2011.14522\n",
		"notebooks/00-fixture/00-fixture.ipynb": string(fixture),
		"README.md":                             "# papernb\n\n" + readme.Begin + "\n" + readme.End + "\n",
	} {
		writeTestFile(t, filepath.Join(root, path), content)
	}
	return root
}

func writeTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestUsageErrors(t *testing.T) {
	root := tempRepo(t)
	tests := []struct {
		args []string
		want string
	}{
		{nil, "no command given"},
		{[]string{"rnu"}, `unknown command "rnu" (did you mean run?)`},
		{[]string{"run", "--mode", "fast"}, `--mode "fast": use full or quick`},
		{[]string{"run", "--jobs", "0"}, "--jobs 0"},
		{[]string{"run", "--jobs", "two"}, `invalid value "two" for flag -jobs`},
		{[]string{"run", "--timeout", "-1s"}, "--timeout -1s: must be positive"},
		{[]string{"run", "--seed", "x"}, `--seed "x": use a decimal integer`},
		{[]string{"run", "--inplace", "--mode", "quick"}, "--inplace with --mode quick"},
		{[]string{"run", "--inplace", "--cache-dir", "c"}, "--inplace with --cache-dir"},
		{[]string{"run", "deponet"}, `unknown notebook "deponet"`},
		{[]string{"run", "9"}, "notebook 09-deeponet is planned but not written"},
		{[]string{"run", "missing.ipynb"}, "notebook file missing.ipynb"},
		{[]string{"check", "--strict"}, "flag provided but not defined: -strict"},
		{[]string{"list", "extra"}, `list takes no arguments, got ["extra"]`},
		{[]string{"new"}, "new takes one paper"},
		{[]string{"new", "11-nothing"}, `unknown notebook "11-nothing"`},
	}
	for _, tc := range tests {
		_, err := papernb(t, root, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("papernb %q: error %v, want one containing %q", tc.args, err, tc.want)
			continue
		}
		if !errors.As(err, new(usageError)) {
			t.Errorf("papernb %q: %v is not a usage error (exit status 2)", tc.args, err)
		}
	}
	// Two files with one name, checked before Jupyter is needed.
	other := filepath.Join(t.TempDir(), "00-fixture", "00-fixture.ipynb")
	writeTestFile(t, other, "{}")
	if _, err := papernb(t, root, "run", "0", other); err == nil || !strings.Contains(err.Error(), "two notebooks named 00-fixture") {
		t.Errorf("run of two notebooks with one name: error %v", err)
	}
	if _, err := papernb(t, t.TempDir(), "list"); err == nil || !strings.Contains(err.Error(), "not inside the papernb repository") {
		t.Errorf("list outside a repository: error %v", err)
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"help", "run"}, {"run", "-h"}} {
		out, err := papernb(t, t.TempDir(), args...)
		if err != nil || !strings.Contains(out, "usage: papernb run") || !strings.Contains(out, "-inplace") {
			t.Errorf("papernb %q = %v, output:\n%s", args, err, out)
		}
	}
	out, err := papernb(t, t.TempDir(), "help")
	if err != nil || !strings.Contains(out, "papernb readme [--check]") {
		t.Errorf("papernb help = %v, output:\n%s", err, out)
	}
}

func TestTargets(t *testing.T) {
	r, err := openRepo(tempRepo(t))
	if err != nil {
		t.Fatal(err)
	}
	all, err := r.targets(nil)
	if err != nil || len(all) != 1 || all[0].name != "00-fixture" || all[0].paper == nil {
		t.Fatalf("targets() = %+v, %v; want the one notebook that exists", all, err)
	}
	for _, name := range []string{"0", "00", "fixture", "00-fixture", all[0].path} {
		ts, err := r.targets([]string{name, "00-fixture"})
		if err != nil || len(ts) != 1 || ts[0].path != all[0].path {
			t.Errorf("targets(%q, 00-fixture) = %+v, %v; want the fixture once", name, ts, err)
		}
	}
}

func TestList(t *testing.T) {
	root := tempRepo(t)
	out, err := papernb(t, root, "list", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var entries []listEntry
	if err := json.Unmarshal([]byte(out), &entries); err != nil {
		t.Fatalf("list --json printed invalid JSON: %v\n%s", err, out)
	}
	if len(entries) != 3 {
		t.Fatalf("%d entries, want 3", len(entries))
	}
	fx, planned := entries[0], entries[1]
	if fx.Notebook == nil || *fx.Notebook != "notebooks/00-fixture/00-fixture.ipynb" || fx.Verdict == nil || *fx.Verdict != "REPRODUCED" || fx.ComputeSeconds == nil {
		t.Errorf("fixture entry = %+v", fx)
	}
	if planned.Slug != "09-deeponet" || planned.Notebook != nil || planned.Verdict != nil || planned.ComputeSeconds != nil {
		t.Errorf("planned entry = %+v", planned)
	}
	out, err = papernb(t, root, "list")
	if err != nil || !strings.Contains(out, "00  00-fixture  REPRODUCED  0 s      The Fixture\n") || !strings.Contains(out, "09  —           —           —        DeepONet\n") ||
		!strings.Contains(out, "3 papers, 1 notebook written") {
		t.Errorf("list = %v, table:\n%s", err, out)
	}
}

func TestCheck(t *testing.T) {
	root := tempRepo(t)
	out, err := papernb(t, root, "check")
	if err != nil || !strings.Contains(out, "ok    00-fixture") || !strings.Contains(out, "ok    notebooks/ layout") {
		t.Fatalf("check of a good repository = %v, output:\n%s", err, out)
	}
	// A notebook committed with the outputs of a quick run, and one in the
	// wrong place.
	fixture, _ := os.ReadFile(fixturePath)
	quick := strings.NewReplacer("VERDICT: REPRODUCED", "VERDICT: REPRODUCED (quick mode: toy sizes, this verdict does not count)", "mode full", "mode quick").Replace(string(fixture))
	writeTestFile(t, filepath.Join(root, "notebooks/10-width/10-width.ipynb"), quick)
	writeTestFile(t, filepath.Join(root, "notebooks/11-extra/11-extra.ipynb"), string(fixture))
	out, err = papernb(t, root, "check")
	if err == nil || !strings.Contains(err.Error(), "problems in 2 of the 3") {
		t.Errorf("check error = %v, want problems in 2 of 3 items", err)
	}
	for _, want := range []string{
		"FAIL  notebooks/ layout\n  - notebooks/11-extra: directory is not a slug of papers.tsv\n",
		"ok    00-fixture\n",
		"FAIL  10-width\n  - the verdict comes from a quick-mode run, want full mode\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	// Named notebooks skip the layout.
	if out, err := papernb(t, root, "check", "0"); err != nil || strings.Contains(out, "layout") {
		t.Errorf("check 0 = %v, output:\n%s", err, out)
	}
}

func TestReadme(t *testing.T) {
	root := tempRepo(t)
	_, err := papernb(t, root, "readme", "--check")
	if err == nil || !strings.Contains(err.Error(), "out of date") ||
		!strings.Contains(err.Error(), "+ | 00 | [The Fixture](https://arxiv.org/abs/0000.00000) | [00-fixture.ipynb](notebooks/00-fixture/00-fixture.ipynb) | ✅ reproduced | 0 s |") {
		t.Fatalf("readme --check on an empty table: %v", err)
	}
	out, err := papernb(t, root, "readme")
	if err != nil || !strings.Contains(out, "paper table updated (3 papers, 1 notebook)") {
		t.Fatalf("readme = %v, %q", err, out)
	}
	data, _ := os.ReadFile(filepath.Join(root, "README.md"))
	if !strings.Contains(string(data), "| 09 | [DeepONet](https://arxiv.org/abs/1910.03193) | planned | — | — |\n") {
		t.Errorf("README after readme:\n%s", data)
	}
	if out, err := papernb(t, root, "readme", "--check"); err != nil || !strings.Contains(out, "up to date") {
		t.Errorf("readme --check after readme = %v, %q", err, out)
	}
	// A new notebook makes the table stale again.
	fixture, _ := os.ReadFile(fixturePath)
	writeTestFile(t, filepath.Join(root, "notebooks/10-width/10-width.ipynb"), string(fixture))
	if _, err := papernb(t, root, "readme", "--check"); err == nil || !strings.Contains(err.Error(), "- | 10 |") {
		t.Errorf("readme --check after adding a notebook: %v", err)
	}

	writeTestFile(t, filepath.Join(root, "README.md"), "# papernb\n")
	if _, err := papernb(t, root, "readme"); err == nil || !strings.Contains(err.Error(), "README.md has no "+readme.Begin+" marker") {
		t.Errorf("readme without markers: %v", err)
	}
}

func TestNew(t *testing.T) {
	root := tempRepo(t)
	out, err := papernb(t, root, "new", "deeponet")
	if err != nil || !strings.Contains(out, "created notebooks/09-deeponet/09-deeponet.ipynb") {
		t.Fatalf("new = %v, %q", err, out)
	}
	nb, err := ipynb.Read(filepath.Join(root, "notebooks/09-deeponet/09-deeponet.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if ps := append(nbcheck.Format(nb), nbcheck.Source(nb)...); len(ps) != 0 {
		t.Errorf("the new notebook breaks rules: %q", ps)
	}
	if !strings.HasPrefix(string(nb.Cells[0].Source), "# 09 — DeepONet (2019)") {
		t.Errorf("title cell: %q", nb.Cells[0].Source)
	}
	if _, err := papernb(t, root, "new", "09-deeponet"); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("new over an existing notebook: %v", err)
	}
}
