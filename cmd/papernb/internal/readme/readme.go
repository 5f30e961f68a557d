// Package readme keeps the paper table in README.md in step with the
// notebooks: the table between the markers is generated from papers.tsv and
// the verdicts saved in the committed notebooks, never edited by hand.
package readme

import (
	"fmt"
	"strings"

	"github.com/papernb/papernb/cmd/papernb/internal/papers"
	"github.com/papernb/papernb/cmd/papernb/internal/verdict"
)

// The markers that enclose the generated table in README.md.
const (
	Begin = "<!-- papers:begin -->"
	End   = "<!-- papers:end -->"
)

// Row is one paper of the table.
type Row struct {
	Paper papers.Paper
	// Notebook is the notebook's path relative to README.md; empty while
	// the notebook is planned.
	Notebook string
	// Verdict is the one saved in the committed notebook by a full-mode
	// run; nil when there is none.
	Verdict *verdict.Result
}

// Table renders the rows as a Markdown table, one line per paper.
func Table(rows []Row) string {
	var b strings.Builder
	b.WriteString("| # | paper | notebook | verdict | full-mode compute |\n")
	b.WriteString("|---|---|---|---|---|\n")
	for _, r := range rows {
		notebook, outcome, compute := "planned", "—", "—"
		if r.Notebook != "" {
			notebook = fmt.Sprintf("[%s](%s)", lastElem(r.Notebook), r.Notebook)
			outcome = "not run"
		}
		if v := r.Verdict; v != nil {
			outcome = "❌ not reproduced"
			if v.Outcome == verdict.Reproduced {
				outcome = "✅ reproduced"
			}
			compute = v.ComputeTime()
		}
		p := r.Paper
		fmt.Fprintf(&b, "| %s | [%s](%s) | %s | %s | %s |\n", p.Num, escapeCell(p.Title), p.Link, notebook, outcome, compute)
	}
	return b.String()
}

func lastElem(path string) string { return path[strings.LastIndex(path, "/")+1:] }

// escapeCell keeps a title from breaking the table or its link.
func escapeCell(s string) string {
	return strings.NewReplacer("|", `\|`, "[", `\[`, "]", `\]`).Replace(s)
}

// Splice returns readme with the text between the markers replaced by
// table. The markers must each appear once, Begin before End, on lines of
// their own.
func Splice(readme, table string) (string, error) {
	start, end, err := markers(readme)
	if err != nil {
		return "", err
	}
	return readme[:start] + "\n" + table + readme[end:], nil
}

// Current returns the table now between the markers.
func Current(readme string) (string, error) {
	start, end, err := markers(readme)
	if err != nil {
		return "", err
	}
	return strings.TrimPrefix(readme[start:end], "\n"), nil
}

// markers returns the offsets just after the Begin marker and of the End
// marker's line.
func markers(readme string) (start, end int, err error) {
	for _, m := range []string{Begin, End} {
		switch n := strings.Count(readme, m); {
		case n == 0:
			return 0, 0, fmt.Errorf("README.md has no %s marker: put the lines %s and %s where the paper table belongs", m, Begin, End)
		case n > 1:
			return 0, 0, fmt.Errorf("README.md has %d %s markers, want one", n, m)
		}
	}
	start = strings.Index(readme, Begin) + len(Begin)
	end = strings.Index(readme, End)
	if end < start {
		return 0, 0, fmt.Errorf("README.md has %s before %s", End, Begin)
	}
	if readme[end-1] != '\n' {
		return 0, 0, fmt.Errorf("README.md: %s must start its own line", End)
	}
	return start, end, nil
}

// Diff describes how the table in a README differs from the wanted one:
// the lines to remove ("-") and to add ("+"), in table order, or "" when
// they are equal.
func Diff(have, want string) string {
	a, b := lines(have), lines(want)
	// Longest common subsequence of lines, then walk it.
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out strings.Builder
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			out.WriteString("- " + a[i] + "\n")
			i++
		default:
			out.WriteString("+ " + b[j] + "\n")
			j++
		}
	}
	return out.String()
}

func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}
