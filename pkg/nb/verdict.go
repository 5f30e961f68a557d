package nb

import (
	"fmt"
	"strings"
)

// Verdict collects the checks a notebook's claim is judged by and prints the
// outcome. Each check carries the measured numbers and the threshold, both
// shown, so the reader sees what the verdict rests on. The thresholds are
// written in the notebook's claim section before any result is shown.
//
//	v := nb.NewVerdict()
//	v.Check("DeepONet MSE ≤ 0.3 × FNN MSE (antiderivative)", ratio <= 0.3, "ratio = %.3f", ratio)
//	v.Print()
type Verdict struct {
	checks []check
}

type check struct {
	claim    string
	pass     bool
	measured string
}

// NewVerdict returns an empty verdict.
func NewVerdict() *Verdict { return &Verdict{} }

// Check records one test of the claim: what is required (with its
// threshold), whether the measurement passes it, and the measured numbers.
func (v *Verdict) Check(claim string, pass bool, measuredFormat string, args ...any) {
	v.checks = append(v.checks, check{claim: claim, pass: pass, measured: fmt.Sprintf(measuredFormat, args...)})
}

// Reproduced reports whether every check passed (false with no checks).
func (v *Verdict) Reproduced() bool {
	if len(v.checks) == 0 {
		return false
	}
	for _, c := range v.checks {
		if !c.pass {
			return false
		}
	}
	return true
}

// Line returns the verdict line: "VERDICT: REPRODUCED" or
// "VERDICT: NOT REPRODUCED", marked as not counting in quick mode.
func (v *Verdict) Line() string {
	s := "VERDICT: NOT REPRODUCED"
	if v.Reproduced() {
		s = "VERDICT: REPRODUCED"
	}
	if IsQuick() {
		s += " (quick mode: toy sizes, this verdict does not count)"
	}
	return s
}

// Text renders the checks, the verdict line and the provenance line.
func (v *Verdict) Text() string {
	var b strings.Builder
	for i, c := range v.checks {
		mark := "FAIL"
		if c.pass {
			mark = "pass"
		}
		fmt.Fprintf(&b, "check %d [%s] %s: %s\n", i+1, mark, c.claim, c.measured)
	}
	b.WriteString(v.Line() + "\n")
	b.WriteString(Provenance() + "\n")
	return b.String()
}

// Print prints the verdict as plain text (the runner and the README table
// read the VERDICT line from it) and, in a notebook, a coloured summary.
func (v *Verdict) Print() {
	if len(v.checks) == 0 {
		panic("nb.Verdict.Print: no checks recorded; a verdict needs at least one")
	}
	if IsNotebook() {
		colour := "#b00020"
		if v.Reproduced() {
			colour = "#1b7f3b"
		}
		var rows [][]string
		for i, c := range v.checks {
			mark := "✗ fail"
			if c.pass {
				mark = "✓ pass"
			}
			rows = append(rows, []string{fmt.Sprint(i + 1), c.claim, c.measured, mark})
		}
		displayHTML(TableHTML("Checks", []string{"#", "required", "measured", "result"}, rows) +
			fmt.Sprintf(`<div style="font-size:18px;font-weight:bold;color:%s;margin:8px 0">%s</div>`, colour, htmlEscape(v.Line())))
	}
	fmt.Print(v.Text())
}

// Provenance returns the line that says where the numbers come from: Go and
// GoMLX versions, backend and SIMD, mode, seed and the compute time of the
// notebook's cached computations.
func Provenance() string {
	goV, gomlxV := Versions()
	secs, _ := ComputeSeconds()
	return fmt.Sprintf("provenance: %s, GoMLX %s, backend %s, %s, mode %s, seed %d, compute %.0f s",
		goV, gomlxV, backendShortConfig(), simdLabel(), CurrentMode(), Seed(), secs)
}
