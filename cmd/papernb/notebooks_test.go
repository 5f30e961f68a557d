package main

// The project's main test: every committed notebook runs headless in quick
// mode on the real GoNB kernel, through the same code as
// `papernb run --mode quick`. The other tests here run the harness itself
// on small notebooks made for it, so that it is known to work (and to
// fail) before it is trusted with the real ones.

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/papernb/papernb/cmd/papernb/internal/ipynb"
	"github.com/papernb/papernb/cmd/papernb/internal/jupyter"
	"github.com/papernb/papernb/cmd/papernb/internal/papers"
	"github.com/papernb/papernb/cmd/papernb/internal/runner"
	"github.com/papernb/papernb/cmd/papernb/internal/scaffold"
)

// requireJupyter skips the test in -short mode and fails it when the
// project's Jupyter is missing: CI runs `make setup` first, so a missing
// venv there is a broken setup, not a reason to pass.
func requireJupyter(t *testing.T) *repo {
	t.Helper()
	if testing.Short() {
		t.Skip("runs notebooks on the GoNB kernel (seconds to minutes); skipped with -short")
	}
	wd, _ := os.Getwd()
	r, err := findRepo(wd)
	if err != nil {
		t.Fatal(err)
	}
	env, err := jupyter.Open(r.root)
	if err != nil {
		t.Fatalf("%v (the notebook tests need the project's Jupyter and GoNB kernel)", err)
	}
	env.Close()
	return r
}

// runQuick runs `papernb run --mode quick --jobs 2 --out <temp> args...`
// and returns its error and the results it wrote.
func runQuick(t *testing.T, r *repo, args ...string) (*runner.Report, error) {
	t.Helper()
	out := t.TempDir()
	stdout, err := papernb(t, r.root, append([]string{"run", "--mode", "quick", "--jobs", "2", "--out", out}, args...)...)
	t.Logf("papernb run output:\n%s", stdout)
	data, readErr := os.ReadFile(filepath.Join(out, runner.ResultsFile))
	if readErr != nil {
		t.Fatalf("papernb run wrote no %s: %v (run error: %v)", runner.ResultsFile, readErr, err)
	}
	var report runner.Report
	if err := json.Unmarshal(data, &report); err != nil {
		t.Fatalf("%s: %v", runner.ResultsFile, err)
	}
	return &report, err
}

// TestNotebooksQuick runs every committed notebook in quick mode, two at a
// time, and fails on any error output, panic, missing VERDICT line or
// missing figure. Committed notebooks are never touched: executed copies
// and the cache live in temporary directories.
func TestNotebooksQuick(t *testing.T) {
	r := requireJupyter(t)
	targets, err := r.targets(nil)
	if err != nil {
		t.Fatal(err)
	}
	watchSources(t, r.root) // for this package's other kernel tests too
	if len(targets) == 0 {
		t.Skip("no notebook is committed yet (TestFixtureQuick covers the harness)")
	}
	report, err := runQuick(t, r)
	for _, res := range report.Notebooks {
		if !res.OK {
			t.Errorf("%s failed in quick mode:\n  - %s\n  kernel log: %s\n  executed copy: %s",
				res.Notebook, strings.Join(res.Problems, "\n  - "), res.Log, res.Output)
		}
	}
	if err != nil && len(report.Failed()) == 0 {
		t.Errorf("papernb run failed with no failed notebook: %v", err)
	}
	if len(report.Notebooks) != len(targets) {
		t.Errorf("ran %d notebooks, want %d", len(report.Notebooks), len(targets))
	}
}

// watchSources stats every Go source, go.mod, go.sum and notebook of the
// repository. The notebooks run in other processes, which go test's result
// cache does not see; the files a test stats are part of its cache key, so
// a change to pkg/ or a notebook reruns the notebooks instead of replaying
// an old pass.
func watchSources(t *testing.T, root string) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		switch {
		case d.IsDir() && path != root && (strings.HasPrefix(name, ".") || name == "site" || name == "testdata"):
			return filepath.SkipDir
		case d.IsDir():
			return nil
		case strings.HasSuffix(name, ".go") || strings.HasSuffix(name, ".ipynb") || name == "go.mod" || name == "go.sum":
			_, err := os.Stat(path)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestFixtureQuick runs the fixture notebook through the harness: the real
// kernel, pkg/nb, GoMLX, the cache, a figure and a verdict.
func TestFixtureQuick(t *testing.T) {
	r := requireJupyter(t)
	before, err := os.ReadFile(fixturePath)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	report, err := runQuick(t, r, fixturePath)
	t.Logf("quick run of the fixture: %.1f s", time.Since(start).Seconds())
	if err != nil {
		t.Fatalf("papernb run: %v", err)
	}
	res := report.Notebooks[0]
	if !res.OK || res.Verdict != "REPRODUCED" || res.Figures != 1 || res.ComputeSeconds == nil || res.Error != nil || res.Replaced {
		t.Errorf("result = %+v", res)
	}
	if report.Mode != "quick" || report.CacheDir != "(fresh)" {
		t.Errorf("report mode %q cache %q, want quick and a fresh cache", report.Mode, report.CacheDir)
	}
	nb, err := ipynb.Read(res.Output)
	if err != nil {
		t.Fatal(err)
	}
	stdout := nb.Stream("stdout")
	for _, want := range []string{"sum of squares 1..10 = 385\n", "VERDICT: REPRODUCED (quick mode", "mode quick, seed 1,"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("executed copy's stdout lacks %q:\n%s", want, stdout)
		}
	}
	if after, _ := os.ReadFile(fixturePath); !bytes.Equal(before, after) {
		t.Error("a run without --inplace changed the source notebook")
	}
	if log, err := os.ReadFile(res.Log); err != nil || !bytes.Contains(log, []byte("gonb")) {
		t.Errorf("kernel log %s: %v, %d bytes", res.Log, err, len(log))
	}
}

// copyFixture writes the fixture with the cell at index replaced by source
// as dir/name/name.ipynb. It keeps the fixture's saved outputs, which a run
// must not carry over into its executed copy.
func copyFixture(t *testing.T, dir, name string, index int, source string) string {
	t.Helper()
	nb, err := ipynb.Read(fixturePath)
	if err != nil {
		t.Fatal(err)
	}
	nb.Cells[index].Source = ipynb.Text(source)
	data, err := ipynb.Marshal(nb)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name, name+".ipynb")
	writeTestFile(t, path, string(data))
	return path
}

// A cell that panics fails the run, names the cell and its error, and
// never replaces the source notebook, even with --inplace. The cells after
// it keep no output of the run that saved the source (its verdict and
// figure).
func TestRunReportsCellError(t *testing.T) {
	r := requireJupyter(t)
	path := copyFixture(t, t.TempDir(), "00-broken", 5, "%%\nvar m map[string]int\nm[\"x\"] = 1")
	before, _ := os.ReadFile(path)
	out := t.TempDir()
	stdout, err := papernb(t, r.root, "run", "--inplace", "--out", out, path)
	if err == nil || !strings.Contains(err.Error(), "1 of 1 notebooks failed") {
		t.Fatalf("run of a broken notebook: error %v, output:\n%s", err, stdout)
	}
	logPath := filepath.Join(out, "logs", "00-broken.log")
	for _, want := range []string{"FAIL  00-broken", "cell 5: stderr shows a panic: panic: assignment to entry in nil map", "cell 5: error output ERROR", "no VERDICT line", "no figure", "kernel log: " + logPath} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	var report runner.Report
	data, _ := os.ReadFile(filepath.Join(out, runner.ResultsFile))
	if err := json.Unmarshal(data, &report); err != nil {
		t.Fatal(err)
	}
	res := report.Notebooks[0]
	if res.OK || res.Error == nil || res.Error.Cell != 5 || res.Error.Name != "ERROR" || res.Replaced || res.Verdict != "" {
		t.Errorf("result = %+v (error %+v)", res, res.Error)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("--inplace replaced a notebook whose run failed")
	}
}

// A notebook that runs past its timeout is stopped, reported, and leaves
// no kernel or cell process behind.
func TestRunTimeout(t *testing.T) {
	r := requireJupyter(t)
	dir := t.TempDir()
	path := copyFixture(t, dir, "00-slow", 5, "import \"time\"\n\n%%\ntime.Sleep(10 * time.Minute)")
	out := t.TempDir()
	start := time.Now()
	_, err := papernb(t, r.root, "run", "--mode", "quick", "--timeout", "8s", "--out", out, path)
	if took := time.Since(start); took > 2*time.Minute {
		t.Errorf("a run with an 8 s timeout took %v", took)
	}
	if err == nil {
		t.Fatal("a notebook past its timeout passed")
	}
	var report runner.Report
	data, _ := os.ReadFile(filepath.Join(out, runner.ResultsFile))
	if err := json.Unmarshal(data, &report); err != nil {
		t.Fatal(err)
	}
	if e := report.Notebooks[0].Error; e == nil || e.Name != "NotebookTimeout" || !strings.Contains(e.Value, "timeout of 8 s") {
		t.Errorf("error = %+v, want NotebookTimeout", e)
	}
	// The kernel and its cell programs run in the notebook's directory.
	time.Sleep(time.Second)
	procs, _ := filepath.Glob("/proc/[0-9]*")
	for _, p := range procs {
		if cwd, err := os.Readlink(filepath.Join(p, "cwd")); err == nil && strings.HasPrefix(cwd, dir) {
			cmdline, _ := os.ReadFile(filepath.Join(p, "cmdline"))
			t.Errorf("process %s still runs in the notebook's directory: %s", filepath.Base(p), bytes.ReplaceAll(cmdline, []byte{0}, []byte{' '}))
		}
	}
}

// The scaffold of `papernb new` runs as it is; it fails the harness only
// for its missing figure, and its verdict says NOT REPRODUCED.
func TestScaffoldRuns(t *testing.T) {
	r := requireJupyter(t)
	p, err := papers.Resolve(r.papers, "09")
	if err != nil {
		t.Fatal(err)
	}
	data, err := ipynb.Marshal(scaffold.Notebook(p))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), p.Slug, p.Slug+".ipynb")
	writeTestFile(t, path, string(data))
	report, _ := runQuick(t, r, path)
	res := report.Notebooks[0]
	if len(res.Problems) != 1 || !strings.HasPrefix(res.Problems[0], "no figure") || res.Verdict != "NOT REPRODUCED" {
		t.Errorf("scaffold run: verdict %q, problems %q; want NOT REPRODUCED and only a missing figure (log %s)", res.Verdict, res.Problems, res.Log)
	}
}

// The HTML export of the fixture: a page per notebook and an index, with
// MathJax shipped in the site and nothing loaded from the network (the
// command itself fails on any external resource).
func TestHTML(t *testing.T) {
	r := requireJupyter(t)
	out := filepath.Join(t.TempDir(), "site")
	stdout, err := papernb(t, r.root, "html", "--out", out, fixturePath)
	if err != nil {
		t.Fatalf("html: %v\n%s", err, stdout)
	}
	page, err := os.ReadFile(filepath.Join(out, "00-fixture.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<script src="mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"></script>`,
		`<a href="index.html">← papernb: all notebooks</a>`,
		`$\kappa = 3[(1+5/n)^H-1]$`,
		`width="240pt" xmlns="http://www.w3.org/2000/svg">`, // the figure, its attributes sorted by nbconvert
		"VERDICT: REPRODUCED",
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if bytes.Contains(page, []byte("require.min.js")) || bytes.Contains(page, []byte("cdnjs")) {
		t.Error("the page still refers to a CDN")
	}
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	for _, want := range []string{`<img src="thumbs/00-fixture.svg"`, `href="00-fixture.html"`, "Fixture: the papernb harness at work", `<span class="badge reproduced">`} {
		if !bytes.Contains(index, []byte(want)) {
			t.Errorf("the index lacks %q", want)
		}
	}
	for _, f := range []string{"thumbs/00-fixture.svg", "mathjax/MathJax.js", "mathjax/config/TeX-AMS-MML_HTMLorMML-full.js", "mathjax/fonts/HTML-CSS/STIX-Web/woff/STIXMathJax_Main-Regular.woff"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("the site lacks %s", f)
		}
	}
	// The site directory is emptied only when papernb made it.
	foreign := t.TempDir()
	writeTestFile(t, filepath.Join(foreign, "notes.txt"), "mine")
	if _, err := papernb(t, r.root, "html", "--out", foreign, fixturePath); err == nil || !strings.Contains(err.Error(), "not a site papernb made") {
		t.Errorf("html into a foreign directory: %v", err)
	}
}

// TestCommittedNotebooksCheck runs `papernb check` on the repository.
func TestCommittedNotebooksCheck(t *testing.T) {
	wd, _ := os.Getwd()
	out, err := papernb(t, wd, "check")
	if err != nil {
		t.Errorf("papernb check: %v\n%s", err, out)
	}
}

// TestReadmeUpToDate runs `papernb readme --check` on the repository.
func TestReadmeUpToDate(t *testing.T) {
	wd, _ := os.Getwd()
	if _, err := papernb(t, wd, "readme", "--check"); err != nil {
		t.Error(err)
	}
}
