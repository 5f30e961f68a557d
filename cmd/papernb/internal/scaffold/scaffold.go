// Package scaffold writes the skeleton of a new notebook: the anatomy of
// ARCHITECTURE.md ("A notebook") as cells to fill in, which already runs
// end to end and prints a NOT REPRODUCED verdict until the author replaces
// the TODOs.
package scaffold

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/papernb/papernb/cmd/papernb/internal/ipynb"
	"github.com/papernb/papernb/cmd/papernb/internal/nbcheck"
	"github.com/papernb/papernb/cmd/papernb/internal/papers"
)

// Notebook returns the skeleton notebook of paper p.
func Notebook(p papers.Paper) *ipynb.Notebook {
	ks := nbcheck.Kernelspec
	nb := &ipynb.Notebook{
		Metadata: ipynb.Metadata{
			Kernelspec:   &ks,
			LanguageInfo: map[string]any{"name": "go"},
		},
		NBFormat:      4,
		NBFormatMinor: 5,
	}
	add := func(kind, source string) {
		nb.Cells = append(nb.Cells, ipynb.Cell{ID: newID(), CellType: kind, Source: ipynb.Text(strings.TrimSpace(source))})
	}
	add(ipynb.Markdown, fmt.Sprintf(`
# %s — %s (%s)

TODO: the authors — [%s](%s) (%s).

TODO: the paper in three sentences of our own: what it claims, how it shows it, why it matters.`,
		p.Num, p.Title, year(p.Date), linkText(p.Link), p.Link, p.Date))
	add(ipynb.Code, nbcheck.SetupCell)
	add(ipynb.Markdown, `
## The claim

TODO: the claim as a testable sentence with a direction (e.g. "the test error of X falls below that of Y at every width ≥ 64").

**Threshold.** The verdict passes when TODO. (Written before any result is shown, never tuned after.)`)
	add(ipynb.Code, `
import (
	"fmt"

	"github.com/papernb/papernb/pkg/nb"
)

// Config holds every size of the run. nb.Pick chooses the full-mode value
// (at most 4 minutes of compute on 2 cores) or the quick one (at most 20 s,
// for CI; every code path still runs).
type Config struct {
	Steps int
}

func config() Config {
	return Config{
		Steps: nb.Pick(1000, 20),
	}
}

%%
nb.Start()
fmt.Printf("config: %+v\n", config())`)
	add(ipynb.Markdown, `
## Data, model and method

TODO: the data, the model and what makes the paper the paper (kept visible here; generic helpers come from pkg/).`)
	add(ipynb.Code, `
// Result is what the experiment produces. nb.Cached stores it with
// encoding/gob, so its fields are exported.
type Result struct {
	Loss []float64
}

// experiment runs the paper's experiment at the sizes of cfg.
func experiment(cfg Config) Result {
	p := nb.NewProgress("experiment", cfg.Steps)
	var r Result
	for step := 1; step <= cfg.Steps; step++ {
		// TODO: one step of the experiment.
		p.Update(step, "")
	}
	p.Done("")
	return r
}`)
	add(ipynb.Markdown, `
## The experiment

TODO: what runs, and how long it takes in full mode. Its results are cached on disk keyed by the config, so re-running a later cell does not recompute them.`)
	const cached = `cfg := config()
r := nb.Cached("experiment", cfg, func() Result { return experiment(cfg) })`
	add(ipynb.Code, "%%\n"+cached+"\nfmt.Printf(\"%d losses\\n\", len(r.Loss))")
	add(ipynb.Markdown, `
## Figures

TODO: what each figure shows and what to look for.`)
	add(ipynb.Code, "%%\n"+cached+`
// TODO: figures (labelled axes with units, legend, title) and a table of numbers (nb.Table).
_ = r`)
	add(ipynb.Markdown, `
## Verdict

Computed from the numbers above against the threshold stated in the claim.`)
	add(ipynb.Code, "%%\n"+cached+`
v := nb.NewVerdict()
// TODO: one Check per part of the claim, each with its threshold.
v.Check("TODO: the claim and its threshold", false, "TODO: the measured numbers (%d losses)", len(r.Loss))
v.Print()`)
	add(ipynb.Markdown, `
## How this differs from the paper

TODO: scale, data, model, anything substituted, and why.`)
	return nb
}

// year returns the year of a papers.tsv date ("Oct 7, 2019" or "2025"):
// the title line of every notebook ends with it, as in "# 09 — DeepONet (2019)".
func year(date string) string {
	if len(date) < 4 {
		return date
	}
	return date[len(date)-4:]
}

// linkText names an arXiv link the way the notebooks cite it ("arXiv:1910.03193")
// and leaves any other link as it is.
func linkText(link string) string {
	if id, ok := strings.CutPrefix(link, "https://arxiv.org/abs/"); ok {
		return "arXiv:" + id
	}
	return link
}

// newID returns a random cell id, as Jupyter makes them.
func newID() string {
	b := make([]byte, 4)
	rand.Read(b)
	return hex.EncodeToString(b)
}
