// Package verdict reads the verdict a papernb notebook printed: the lines
// written by pkg/nb's Verdict.Print,
//
//	check 1 [pass] DeepONet MSE ≤ 0.3 × FNN MSE: ratio = 0.120
//	VERDICT: REPRODUCED
//	provenance: go1.27.3, GoMLX v0.28.16, backend go, SIMD on (AVX2), mode full, seed 1, compute 143 s
//
// from a notebook's saved stdout, so that the command can list verdicts and
// compute times without running anything.
package verdict

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// The outcomes of a verdict.
const (
	Reproduced    = "REPRODUCED"
	NotReproduced = "NOT REPRODUCED"
)

// Result is one printed verdict.
type Result struct {
	Outcome string  // Reproduced or NotReproduced
	Quick   bool    // the verdict line said it came from a quick-mode run
	Checks  []Check // the check lines printed before it
	// Provenance is the line that follows the verdict; nil when absent.
	Provenance *Provenance
}

// Check is one "check N [pass|FAIL] ..." line.
type Check struct {
	Pass bool
	Text string // what follows the mark
}

// Provenance is the parsed provenance line.
type Provenance struct {
	Line           string // the whole line
	Mode           string // "full" or "quick"
	Seed           int64
	ComputeSeconds float64
}

var (
	verdictLine    = regexp.MustCompile(`^VERDICT: (REPRODUCED|NOT REPRODUCED)( \(quick mode[^)]*\))?\s*$`)
	checkLine      = regexp.MustCompile(`^check \d+ \[(pass|FAIL)\] (.*)$`)
	provenanceLine = regexp.MustCompile(`^provenance: .*\bmode (\w+), seed (-?\d+), compute (\d+(?:\.\d+)?) s\s*$`)
)

// Parse finds the last verdict in text (a notebook's stdout) and returns it,
// with the check lines directly above it and the provenance line directly
// below. ok is false when text holds no VERDICT line.
func Parse(text string) (r Result, ok bool) {
	lines := strings.Split(text, "\n")
	at := -1
	for i := len(lines) - 1; i >= 0; i-- {
		if m := verdictLine.FindStringSubmatch(lines[i]); m != nil {
			at = i
			r.Outcome = m[1]
			r.Quick = m[2] != ""
			break
		}
	}
	if at < 0 {
		return Result{}, false
	}
	first := at
	for first > 0 && checkLine.MatchString(lines[first-1]) {
		first--
	}
	for _, l := range lines[first:at] {
		m := checkLine.FindStringSubmatch(l)
		r.Checks = append(r.Checks, Check{Pass: m[1] == "pass", Text: m[2]})
	}
	if at+1 < len(lines) {
		r.Provenance = parseProvenance(lines[at+1])
	}
	return r, true
}

func parseProvenance(line string) *Provenance {
	m := provenanceLine.FindStringSubmatch(line)
	if m == nil {
		return nil
	}
	seed, err1 := strconv.ParseInt(m[2], 10, 64)
	secs, err2 := strconv.ParseFloat(m[3], 64)
	if err1 != nil || err2 != nil {
		return nil
	}
	return &Provenance{Line: strings.TrimSpace(line), Mode: m[1], Seed: seed, ComputeSeconds: secs}
}

// Full reports whether the verdict comes from a full-mode run: the only kind
// that counts.
func (r Result) Full() bool {
	return !r.Quick && r.Provenance != nil && r.Provenance.Mode == "full"
}

// ComputeTime is the compute time of the provenance line as "143 s", or
// "—" without one.
func (r Result) ComputeTime() string {
	if r.Provenance == nil {
		return "—"
	}
	return fmt.Sprintf("%.0f s", r.Provenance.ComputeSeconds)
}
