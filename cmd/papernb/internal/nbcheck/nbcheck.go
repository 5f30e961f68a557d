// Package nbcheck holds the rules every papernb notebook follows (see
// ARCHITECTURE.md, "A notebook") and checks a notebook against them without
// running it: nbformat's structure, the kernelspec, the title and setup
// cells, a verdict cell, and saved outputs of a full-mode run that carry a
// verdict and a figure and no error.
//
// The runner applies the output rules to every notebook it executes, so a
// notebook that passes `papernb run` and is committed also passes `papernb
// check`.
package nbcheck

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/papernb/papernb/cmd/papernb/internal/ipynb"
)

// SetupCell is the first code cell of every notebook: it points GoNB's
// go.work at the repository (PAPERNB_ROOT, set by the project's kernelspec,
// or two levels above the notebook), keeps versions from go.mod, and links
// cells without DWARF, which makes each cell start about 2 s sooner.
const SetupCell = `!*rm -f go.work && go work init && go work use . "${PAPERNB_ROOT:-${GONB_DIR}/../..}"
%goworkfix
%noautoget
%goflags -ldflags=-w`

// Kernelspec is the kernelspec metadata of every notebook: the kernel that
// scripts/setup.sh installs into the project's venv.
var Kernelspec = ipynb.Kernelspec{Name: "gonb", DisplayName: "Go (papernb)", Language: "go"}

// Problem is one broken rule, in words that say where and what.
type Problem string

func problemf(cell int, format string, args ...any) Problem {
	msg := fmt.Sprintf(format, args...)
	if cell >= 0 {
		msg = fmt.Sprintf("cell %d: %s", cell, msg)
	}
	return Problem(msg)
}

// Committed checks a committed notebook: its format, its source and the
// saved outputs of a full-mode run.
func Committed(nb *ipynb.Notebook) []Problem {
	ps := Format(nb)
	ps = append(ps, Source(nb)...)
	return append(ps, Outputs(nb, "full")...)
}

var cellID = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)

// Format checks the parts of nbformat 4 that the notebook's JSON decoding
// does not: version, cell and output types, stream names, cell ids.
func Format(nb *ipynb.Notebook) []Problem {
	var ps []Problem
	if nb.NBFormat != 4 {
		ps = append(ps, problemf(-1, "nbformat is %d, want 4", nb.NBFormat))
	}
	ids := map[string]int{}
	for i, c := range nb.Cells {
		switch c.CellType {
		case ipynb.Markdown, ipynb.Raw:
			if len(c.Outputs) > 0 {
				ps = append(ps, problemf(i, "a %s cell has outputs", c.CellType))
			}
		case ipynb.Code:
		default:
			ps = append(ps, problemf(i, "cell_type %q is not markdown, code or raw", c.CellType))
		}
		if nb.NBFormatMinor >= 5 {
			switch prev, dup := ids[c.ID]; {
			case !cellID.MatchString(c.ID):
				ps = append(ps, problemf(i, "cell id %q is not 1-64 letters, digits, '-' or '_' (nbformat 4.5)", c.ID))
			case dup:
				ps = append(ps, problemf(i, "cell id %q is also the id of cell %d", c.ID, prev))
			}
			ids[c.ID] = i
		}
		for _, o := range c.Outputs {
			switch o.OutputType {
			case ipynb.Stream:
				if o.Name != "stdout" && o.Name != "stderr" {
					ps = append(ps, problemf(i, "stream output named %q, want stdout or stderr", o.Name))
				}
			case ipynb.DisplayData, ipynb.ExecuteResult:
				if o.Data == nil {
					ps = append(ps, problemf(i, "%s output without data", o.OutputType))
				}
			case ipynb.Error:
			default:
				ps = append(ps, problemf(i, "output_type %q is not stream, display_data, execute_result or error", o.OutputType))
			}
		}
	}
	return ps
}

// Source checks what the author writes: the kernelspec, a markdown title
// first, the setup cell as the first code cell, and a cell that prints the
// verdict.
func Source(nb *ipynb.Notebook) []Problem {
	var ps []Problem
	if ks := nb.Metadata.Kernelspec; ks == nil || *ks != Kernelspec {
		ps = append(ps, problemf(-1, "kernelspec metadata is %s, want %s", kernelspecString(ks), kernelspecString(&Kernelspec)))
	}
	if len(nb.Cells) == 0 || nb.Cells[0].CellType != ipynb.Markdown || !strings.HasPrefix(string(nb.Cells[0].Source), "# ") {
		ps = append(ps, problemf(0, "the first cell must be markdown starting with a \"# \" title"))
	}
	code := nb.CodeCells()
	if len(code) == 0 {
		return append(ps, problemf(-1, "no code cells"))
	}
	if first := code[0]; strings.TrimRight(string(nb.Cells[first].Source), "\n") != SetupCell {
		ps = append(ps, problemf(first, "the first code cell must be exactly the setup cell:\n%s", SetupCell))
	}
	hasVerdict := false
	for _, i := range code {
		src := string(nb.Cells[i].Source)
		if strings.Contains(src, "nb.NewVerdict(") && strings.Contains(src, ".Print()") {
			hasVerdict = true
		}
	}
	if !hasVerdict {
		ps = append(ps, problemf(-1, "no cell prints a verdict (nb.NewVerdict(...) ... .Print())"))
	}
	return ps
}

func kernelspecString(ks *ipynb.Kernelspec) string {
	if ks == nil {
		return "missing"
	}
	return fmt.Sprintf("{name %q, display_name %q, language %q}", ks.Name, ks.DisplayName, ks.Language)
}

// Outputs checks the saved outputs of a run in mode ("full" or "quick"): no
// cell raised or panicked, a VERDICT line with the provenance of a run in
// that mode, and at least one figure.
func Outputs(nb *ipynb.Notebook, mode string) []Problem {
	var ps []Problem
	ran := false
	for i, c := range nb.Cells {
		if c.ExecutionCount != nil || len(c.Outputs) > 0 {
			ran = true
		}
		if stderr := c.Stream("stderr"); strings.Contains(stderr, "panic") {
			ps = append(ps, problemf(i, "stderr shows a panic: %s", firstLineWith(stderr, "panic")))
		}
	}
	if !ran {
		return append(ps, problemf(-1, "no saved outputs: run it with `papernb run --inplace` and commit the executed notebook"))
	}
	for _, e := range nb.Errors() {
		ps = append(ps, problemf(e.Cell, "error output %s: %s", e.Name, firstLine(e.Value)))
	}
	v, ok := nb.Verdict()
	switch {
	case !ok:
		ps = append(ps, problemf(-1, "no VERDICT line on stdout"))
	case v.Provenance == nil:
		ps = append(ps, problemf(-1, "the VERDICT line is not followed by a provenance line"))
	case v.Provenance.Mode != mode || v.Quick != (mode == "quick"):
		ps = append(ps, problemf(-1, "the verdict comes from a %s-mode run, want %s mode", v.Provenance.Mode, mode))
	}
	if len(nb.Figures()) == 0 {
		ps = append(ps, problemf(-1, "no figure (an image/png or image/svg+xml output, or HTML holding an <svg>)"))
	}
	return ps
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

func firstLineWith(s, word string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, word) {
			return strings.TrimSpace(l)
		}
	}
	return ""
}
