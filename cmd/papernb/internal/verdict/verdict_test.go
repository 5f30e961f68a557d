package verdict

import (
	"strings"
	"testing"

	"github.com/papernb/papernb/pkg/nb"
)

// The parser must read what pkg/nb prints: this test breaks when either
// side changes the format.
func TestParseWhatPkgNbPrints(t *testing.T) {
	t.Setenv("PAPERNB_CACHE_DIR", t.TempDir()) // Provenance reads the compute ledger
	for _, mode := range []string{"full", "quick"} {
		t.Run(mode, func(t *testing.T) {
			t.Setenv("PAPERNB_MODE", mode)
			t.Setenv("PAPERNB_SEED", "42")
			v := nb.NewVerdict()
			v.Check("ratio ≤ 0.3", true, "ratio = %.3f", 0.12)
			v.Check("error falls with width", false, "slope = %.2f", 0.4)
			r, ok := Parse("some output\n" + v.Text() + "more output\n")
			if !ok {
				t.Fatalf("no verdict found in:\n%s", v.Text())
			}
			if r.Outcome != NotReproduced || r.Quick != (mode == "quick") {
				t.Errorf("outcome %q quick %v, want %q quick %v", r.Outcome, r.Quick, NotReproduced, mode == "quick")
			}
			if len(r.Checks) != 2 || !r.Checks[0].Pass || r.Checks[1].Pass || r.Checks[0].Text != "ratio ≤ 0.3: ratio = 0.120" {
				t.Errorf("checks = %+v", r.Checks)
			}
			p := r.Provenance
			if p == nil {
				t.Fatalf("no provenance parsed from:\n%s", v.Text())
			}
			if p.Mode != mode || p.Seed != 42 || p.ComputeSeconds != 0 {
				t.Errorf("provenance = %+v, want mode %s seed 42 compute 0", *p, mode)
			}
			if r.Full() != (mode == "full") {
				t.Errorf("Full() = %v in %s mode", r.Full(), mode)
			}
		})
	}
}

func TestParse(t *testing.T) {
	const prov = "provenance: go1.27.3, GoMLX v0.28.16, backend go, SIMD on (AVX2), mode full, seed 1, compute 143 s"
	tests := []struct {
		name, text string
		ok         bool
		outcome    string
		compute    string
		full       bool
		checks     int
		provenance bool
	}{
		{"reproduced", "check 1 [pass] a: 1\nVERDICT: REPRODUCED\n" + prov + "\n", true, Reproduced, "143 s", true, 1, true},
		{"last verdict wins", "VERDICT: NOT REPRODUCED\n" + prov + "\ncheck 1 [pass] a\ncheck 2 [pass] b\nVERDICT: REPRODUCED\n" + strings.Replace(prov, "143", "12.5", 1), true, Reproduced, "12 s", true, 2, true},
		{"quick", "VERDICT: REPRODUCED (quick mode: toy sizes, this verdict does not count)\n" + strings.Replace(prov, "mode full", "mode quick", 1), true, Reproduced, "143 s", false, 0, true},
		{"no provenance", "VERDICT: NOT REPRODUCED\nbye\n", true, NotReproduced, "—", false, 0, false},
		{"no verdict", "check 1 [pass] a\nverdict: reproduced\n", false, "", "", false, 0, false},
		{"verdict inside a line", "the VERDICT: REPRODUCED line\n", false, "", "", false, 0, false},
		{"trailing words", "VERDICT: REPRODUCED, mostly\n", false, "", "", false, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, ok := Parse(tc.text)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if !ok {
				return
			}
			if r.Outcome != tc.outcome || r.ComputeTime() != tc.compute || r.Full() != tc.full || len(r.Checks) != tc.checks || (r.Provenance != nil) != tc.provenance {
				t.Errorf("got outcome %q compute %q full %v checks %d provenance %v; want %q %q %v %d %v",
					r.Outcome, r.ComputeTime(), r.Full(), len(r.Checks), r.Provenance != nil, tc.outcome, tc.compute, tc.full, tc.checks, tc.provenance)
			}
		})
	}
}
