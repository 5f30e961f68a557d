package readme

import (
	"strings"
	"testing"

	"github.com/papernb/papernb/cmd/papernb/internal/papers"
	"github.com/papernb/papernb/cmd/papernb/internal/verdict"
)

func rows() []Row {
	reproduced, _ := verdict.Parse("VERDICT: REPRODUCED\nprovenance: go1.27.3, GoMLX v0.28.16, backend go, SIMD on (AVX2), mode full, seed 1, compute 143.4 s\n")
	failed, _ := verdict.Parse("VERDICT: NOT REPRODUCED\nprovenance: go1.27.3, GoMLX v0.28.16, backend go, SIMD on (AVX2), mode full, seed 1, compute 61 s\n")
	p := func(num, slug, title string) papers.Paper {
		return papers.Paper{Num: num, Slug: slug, Title: title, Link: "https://arxiv.org/abs/" + num}
	}
	return []Row{
		{Paper: p("01", "01-a", "Planned | paper")},
		{Paper: p("02", "02-b", "Written [not run]"), Notebook: "notebooks/02-b/02-b.ipynb"},
		{Paper: p("03", "03-c", "Works"), Notebook: "notebooks/03-c/03-c.ipynb", Verdict: &reproduced},
		{Paper: p("04", "04-d", "Fails"), Notebook: "notebooks/04-d/04-d.ipynb", Verdict: &failed},
	}
}

func TestTable(t *testing.T) {
	want := `| # | paper | notebook | verdict | full-mode compute |
|---|---|---|---|---|
| 01 | [Planned \| paper](https://arxiv.org/abs/01) | planned | — | — |
| 02 | [Written \[not run\]](https://arxiv.org/abs/02) | [02-b.ipynb](notebooks/02-b/02-b.ipynb) | not run | — |
| 03 | [Works](https://arxiv.org/abs/03) | [03-c.ipynb](notebooks/03-c/03-c.ipynb) | ✅ reproduced | 143 s |
| 04 | [Fails](https://arxiv.org/abs/04) | [04-d.ipynb](notebooks/04-d/04-d.ipynb) | ❌ not reproduced | 61 s |
`
	if got := Table(rows()); got != want {
		t.Errorf("Table:\n%s\nwant:\n%s", got, want)
	}
}

func TestSpliceAndCheck(t *testing.T) {
	readme := "# papernb\n\nintro\n\n" + Begin + "\n" + End + "\n\nmore\n"
	table := Table(rows())
	have, err := Current(readme)
	if err != nil {
		t.Fatal(err)
	}
	if have == table {
		t.Fatal("an empty table counts as up to date")
	}
	diff := Diff(have, table)
	if !strings.HasPrefix(diff, "+ | # | paper |") || strings.Contains(diff, "\n- ") {
		t.Errorf("diff of an empty table:\n%s", diff)
	}
	updated, err := Splice(readme, table)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(updated, "# papernb\n\nintro\n\n"+Begin+"\n| # |") || !strings.HasSuffix(updated, "|\n"+End+"\n\nmore\n") {
		t.Errorf("spliced README:\n%s", updated)
	}
	if got, _ := Current(updated); got != table {
		t.Errorf("Current after Splice = %q, want the table", got)
	}
	// Splicing again changes nothing.
	if again, _ := Splice(updated, table); again != updated {
		t.Error("splicing the same table twice changed the README")
	}

	// A verdict that changed shows as one line removed and one added.
	rs := rows()
	rs[3].Verdict = rs[2].Verdict
	diff = Diff(table, Table(rs))
	if want := "- | 04 | [Fails](https://arxiv.org/abs/04) | [04-d.ipynb](notebooks/04-d/04-d.ipynb) | ❌ not reproduced | 61 s |\n" +
		"+ | 04 | [Fails](https://arxiv.org/abs/04) | [04-d.ipynb](notebooks/04-d/04-d.ipynb) | ✅ reproduced | 143 s |\n"; diff != want {
		t.Errorf("diff:\n%s\nwant:\n%s", diff, want)
	}
	if d := Diff(table, table); d != "" {
		t.Errorf("diff of equal tables = %q", d)
	}
}

func TestMarkerErrors(t *testing.T) {
	tests := []struct{ readme, want string }{
		{"# no markers\n", "no " + Begin + " marker"},
		{Begin + "\n" + End + "\n" + End + "\n", "2 " + End + " markers"},
		{End + "\n" + Begin + "\n", "before"},
		{Begin + " " + End + "\n", "its own line"},
	}
	for _, tc := range tests {
		if _, err := Splice(tc.readme, "x\n"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Splice(%q) error = %v, want one mentioning %q", tc.readme, err, tc.want)
		}
	}
}
