package scaffold

import (
	"strings"
	"testing"

	"github.com/papernb/papernb/cmd/papernb/internal/ipynb"
	"github.com/papernb/papernb/cmd/papernb/internal/nbcheck"
	"github.com/papernb/papernb/cmd/papernb/internal/papers"
)

func TestNotebookFollowsTheRules(t *testing.T) {
	p := papers.Paper{Num: "09", Slug: "09-deeponet", Title: "DeepONet", Date: "Oct 7, 2019", Link: "https://arxiv.org/abs/1910.03193"}
	data, err := ipynb.Marshal(Notebook(p))
	if err != nil {
		t.Fatal(err)
	}
	nb, err := ipynb.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	probs := append(nbcheck.Format(nb), nbcheck.Source(nb)...)
	if len(probs) != 0 {
		t.Errorf("the scaffold breaks rules: %q", probs)
	}
	if !strings.HasPrefix(string(nb.Cells[0].Source), "# 09 — DeepONet (2019)\n\nTODO: the authors — [arXiv:1910.03193](https://arxiv.org/abs/1910.03193) (Oct 7, 2019).") {
		t.Errorf("title cell:\n%s", nb.Cells[0].Source)
	}
	var sections []string
	for _, c := range nb.Cells {
		if c.CellType == ipynb.Markdown && strings.HasPrefix(string(c.Source), "## ") {
			line, _, _ := strings.Cut(string(c.Source), "\n")
			sections = append(sections, line)
		}
	}
	want := "## The claim|## Data, model and method|## The experiment|## Figures|## Verdict|## How this differs from the paper"
	if got := strings.Join(sections, "|"); got != want {
		t.Errorf("sections %q, want %q", got, want)
	}
	// Until its TODOs are replaced, a scaffold must not claim a result.
	if !strings.Contains(string(data), `v.Check(\"TODO: the claim and its threshold\", false,`) {
		t.Error("the scaffold's verdict check does not fail by default")
	}
}
