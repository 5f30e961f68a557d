package nbcheck

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/papernb/papernb/cmd/papernb/internal/ipynb"
	"github.com/papernb/papernb/cmd/papernb/internal/papers"
)

// fixture is an executed notebook that follows every rule.
func fixture(t *testing.T) *ipynb.Notebook {
	t.Helper()
	nb, err := ipynb.Read("../../testdata/fixture/00-fixture/00-fixture.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

func TestGoodNotebook(t *testing.T) {
	if ps := Committed(fixture(t)); len(ps) != 0 {
		t.Errorf("the fixture breaks rules: %q", ps)
	}
}

// Each broken rule is reported, and only that one.
func TestBrokenRules(t *testing.T) {
	const verdictCell, figureCell = 7, 5
	stdoutOf := func(nb *ipynb.Notebook) *ipynb.Output {
		for i := range nb.Cells[verdictCell].Outputs {
			if o := &nb.Cells[verdictCell].Outputs[i]; o.OutputType == ipynb.Stream && o.Name == "stdout" {
				return o
			}
		}
		t.Fatal("the fixture's verdict cell has no stdout")
		return nil
	}
	tests := []struct {
		name   string
		break_ func(nb *ipynb.Notebook)
		want   string
	}{
		{"nbformat 3", func(nb *ipynb.Notebook) { nb.NBFormat = 3 }, "nbformat is 3, want 4"},
		{"cell type", func(nb *ipynb.Notebook) { nb.Cells[4].CellType = "heading" }, `cell 4: cell_type "heading"`},
		{"duplicate id", func(nb *ipynb.Notebook) { nb.Cells[4].ID = nb.Cells[2].ID }, "also the id of cell 2"},
		{"missing id", func(nb *ipynb.Notebook) { nb.Cells[4].ID = "" }, `cell 4: cell id ""`},
		{"stream name", func(nb *ipynb.Notebook) { nb.Cells[3].Outputs[0].Name = "stdlog" }, `cell 3: stream output named "stdlog"`},
		{"kernelspec", func(nb *ipynb.Notebook) { nb.Metadata.Kernelspec.Name = "python3" }, `kernelspec metadata is {name "python3"`},
		{"no kernelspec", func(nb *ipynb.Notebook) { nb.Metadata.Kernelspec = nil }, "kernelspec metadata is missing"},
		{"no title", func(nb *ipynb.Notebook) { nb.Cells[0].Source = "Fixture\n" }, `cell 0: the first cell must be markdown starting with a "# " title`},
		{"setup cell changed", func(nb *ipynb.Notebook) {
			nb.Cells[1].Source = ipynb.Text(strings.Replace(SetupCell, "%noautoget\n", "", 1))
		}, "cell 1: the first code cell must be exactly the setup cell"},
		{"no verdict cell", func(nb *ipynb.Notebook) {
			nb.Cells[verdictCell].Source = ipynb.Text(strings.ReplaceAll(string(nb.Cells[verdictCell].Source), "v.Print()", "_ = v"))
		}, "no cell prints a verdict"},
		{"error output", func(nb *ipynb.Notebook) {
			nb.Cells[3].Outputs = append(nb.Cells[3].Outputs, ipynb.Output{OutputType: ipynb.Error, EName: "ERROR", EValue: "exit status 2\nmore"})
		}, "cell 3: error output ERROR: exit status 2"},
		{"panic split across outputs", func(nb *ipynb.Notebook) {
			nb.Cells[3].Outputs = append(nb.Cells[3].Outputs,
				ipynb.Output{OutputType: ipynb.Stream, Name: "stderr", Text: "warning: x\npa"},
				ipynb.Output{OutputType: ipynb.Stream, Name: "stdout", Text: "hello\n"},
				ipynb.Output{OutputType: ipynb.Stream, Name: "stderr", Text: "nic: boom\n\ngoroutine 1\n"})
		}, "cell 3: stderr shows a panic: panic: boom"},
		{"quick outputs", func(nb *ipynb.Notebook) {
			o := stdoutOf(nb)
			o.Text = ipynb.Text(strings.NewReplacer("VERDICT: REPRODUCED", "VERDICT: REPRODUCED (quick mode: toy sizes, this verdict does not count)", "mode full", "mode quick").Replace(string(o.Text)))
		}, "the verdict comes from a quick-mode run, want full mode"},
		{"no verdict line", func(nb *ipynb.Notebook) { stdoutOf(nb).Text = "check 1 [pass] x\n" }, "no VERDICT line on stdout"},
		{"no provenance", func(nb *ipynb.Notebook) {
			o := stdoutOf(nb)
			o.Text = ipynb.Text(strings.Replace(string(o.Text), "provenance:", "origin:", 1))
		}, "not followed by a provenance line"},
		{"no figure", func(nb *ipynb.Notebook) { nb.Cells[figureCell].Outputs = nil }, "no figure"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			nb := fixture(t)
			tc.break_(nb)
			ps := Committed(nb)
			if len(ps) != 1 || !strings.Contains(string(ps[0]), tc.want) {
				t.Errorf("problems = %q, want exactly one containing %q", ps, tc.want)
			}
		})
	}
}

func TestNeverRun(t *testing.T) {
	nb := fixture(t)
	for i := range nb.Cells {
		nb.Cells[i].Outputs, nb.Cells[i].ExecutionCount = nil, nil
	}
	ps := Outputs(nb, "full")
	if len(ps) != 1 || !strings.Contains(string(ps[0]), "no saved outputs") {
		t.Errorf("problems = %q, want only that it has no saved outputs", ps)
	}
}

// A quick-mode run is judged against quick mode: the runner's case.
func TestQuickOutputs(t *testing.T) {
	nb := fixture(t)
	if ps := Outputs(nb, "quick"); len(ps) != 1 || !strings.Contains(string(ps[0]), "full-mode run, want quick mode") {
		t.Errorf("full outputs judged as quick: %q", ps)
	}
}

func TestLayout(t *testing.T) {
	ps := []papers.Paper{{Num: "09", Slug: "09-deeponet"}, {Num: "10", Slug: "10-infinite-width"}, {Num: "11", Slug: "11-efficientvim"}}
	dir := filepath.Join(t.TempDir(), "notebooks")
	write := func(path string) {
		t.Helper()
		full := filepath.Join(dir, path)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("papers.tsv")
	write("09-deeponet/09-deeponet.ipynb")                    // right
	write("10-infinite-width/10-infinite.ipynb")              // misnamed
	write("12-unknown/12-unknown.ipynb")                      // not a paper
	write("stray.ipynb")                                      // outside a directory
	write(".ipynb_checkpoints/x.ipynb")                       // Jupyter's, ignored
	os.MkdirAll(filepath.Join(dir, "11-efficientvim"), 0o755) // empty: work in progress
	got, err := Layout(dir, ps)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"notebooks/10-infinite-width/10-infinite.ipynb: the directory's notebook must be named 10-infinite-width.ipynb",
		"notebooks/10-infinite-width: no 10-infinite-width.ipynb",
		"notebooks/12-unknown: directory is not a slug of papers.tsv",
		"notebooks/stray.ipynb: a notebook belongs in its own directory, notebooks/stray/stray.ipynb",
	}
	gotJSON, _ := json.MarshalIndent(got, "", " ")
	wantJSON, _ := json.MarshalIndent(want, "", " ")
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("Layout problems:\n%s\nwant:\n%s", gotJSON, wantJSON)
	}
}
