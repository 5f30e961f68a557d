package nb

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseMode(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Mode
	}{{"", Full}, {"full", Full}, {"quick", Quick}, {" quick ", Quick}} {
		got, err := ParseMode(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseMode(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	_, err := ParseMode("fast")
	if err == nil || !strings.Contains(err.Error(), `"fast"`) || !strings.Contains(err.Error(), "quick") {
		t.Errorf("ParseMode(fast) error = %v; want one naming the value and the allowed modes", err)
	}
}

func TestCurrentModePanicsOnBadValue(t *testing.T) {
	t.Setenv("PAPERNB_MODE", "Full!")
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(r.(error).Error(), "Full!") {
			t.Errorf("CurrentMode with PAPERNB_MODE=Full! recovered %v; want a panic naming the value", r)
		}
	}()
	CurrentMode()
}

func TestParseSeed(t *testing.T) {
	if s, err := ParseSeed(""); err != nil || s != DefaultSeed {
		t.Errorf("ParseSeed(\"\") = %d, %v; want %d", s, err, DefaultSeed)
	}
	if s, err := ParseSeed("42"); err != nil || s != 42 {
		t.Errorf("ParseSeed(42) = %d, %v", s, err)
	}
	if _, err := ParseSeed("1.5"); err == nil || !strings.Contains(err.Error(), `"1.5"`) {
		t.Errorf("ParseSeed(1.5) error = %v; want one naming the value", err)
	}
}

func TestPick(t *testing.T) {
	t.Setenv("PAPERNB_MODE", "quick")
	if got := Pick(1000, 10); got != 10 {
		t.Errorf("quick: Pick(1000, 10) = %d", got)
	}
	t.Setenv("PAPERNB_MODE", "")
	if got := Pick(1000, 10); got != 1000 {
		t.Errorf("full: Pick(1000, 10) = %d", got)
	}
}

func TestStreamsDifferAndRepeat(t *testing.T) {
	t.Setenv("PAPERNB_SEED", "7")
	a1, a2, b := RNG("a").Int63(), RNG("a").Int63(), RNG("b").Int63()
	if a1 != a2 {
		t.Errorf("stream a gave %d then %d; want repeatable", a1, a2)
	}
	if a1 == b {
		t.Errorf("streams a and b both gave %d; want independent streams", a1)
	}
	t.Setenv("PAPERNB_SEED", "8")
	if RNG("a").Int63() == a1 {
		t.Error("seed 8 gave the same stream as seed 7")
	}
}

func isolateCache(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("PAPERNB_CACHE_DIR", dir)
	t.Setenv("PAPERNB_CACHE", "")
	t.Setenv("PAPERNB_MODE", "")
	t.Setenv("PAPERNB_SEED", "")
	t.Setenv("GONB_DIR", "/x/09-example")
	return dir
}

type cfg struct{ N, Steps int }
type result struct{ Losses []float64 }

func TestCachedComputesOnceAndKeysOnConfig(t *testing.T) {
	dir := isolateCache(t)
	calls := 0
	fn := func() result { calls++; return result{Losses: []float64{float64(calls)}} }
	r1 := Cached("train", cfg{10, 5}, fn)
	r2 := Cached("train", cfg{10, 5}, fn)
	if calls != 1 || r2.Losses[0] != r1.Losses[0] {
		t.Fatalf("same config: %d calls, results %v %v; want 1 call and equal results", calls, r1, r2)
	}
	Cached("train", cfg{10, 6}, fn)
	if calls != 2 {
		t.Errorf("changed config: %d calls; want a recompute", calls)
	}
	t.Setenv("PAPERNB_SEED", "2")
	Cached("train", cfg{10, 5}, fn)
	if calls != 3 {
		t.Errorf("changed seed: %d calls; want a recompute", calls)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "09-example", "*.bin"))
	if len(files) != 3 {
		t.Errorf("cache holds %d entries (%v); want 3", len(files), files)
	}
	tmps, _ := filepath.Glob(filepath.Join(dir, "09-example", ".tmp-*"))
	if len(tmps) != 0 {
		t.Errorf("temporary files left behind: %v", tmps)
	}
}

func TestCachedRecordsComputeTime(t *testing.T) {
	isolateCache(t)
	Cached("a", 1, func() int { return 1 })
	Cached("b", 1, func() int { return 2 })
	_, names := ComputeSeconds()
	if strings.Join(names, ",") != "a,b" {
		t.Errorf("ledger names = %v; want [a b]", names)
	}
	if err := ResetCache(); err != nil {
		t.Fatal(err)
	}
	if _, names := ComputeSeconds(); len(names) != 0 {
		t.Errorf("after ResetCache the ledger still names %v", names)
	}
}

func TestCachedOffWritesNothing(t *testing.T) {
	dir := isolateCache(t)
	t.Setenv("PAPERNB_CACHE", "off")
	calls := 0
	for range 2 {
		Cached("x", 1, func() int { calls++; return calls })
	}
	if calls != 2 {
		t.Errorf("PAPERNB_CACHE=off: %d calls; want 2", calls)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("PAPERNB_CACHE=off wrote %d entries", len(entries))
	}
}

func TestCachedRejectsBadName(t *testing.T) {
	isolateCache(t)
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(error).Error(), `"a/b"`) {
			t.Errorf("recovered %v; want an error naming \"a/b\"", r)
		}
	}()
	Cached("a/b", 1, func() int { return 1 })
}

func TestCorruptEntryIsRecomputed(t *testing.T) {
	dir := isolateCache(t)
	key, err := CacheKey("x", 1)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "09-example"), 0o755)
	os.WriteFile(filepath.Join(dir, "09-example", key+".bin"), []byte("half-writ"), 0o644)
	if got := Cached("x", 1, func() int { return 5 }); got != 5 {
		t.Errorf("corrupt entry: got %d; want the recomputed 5", got)
	}
	if got := Cached("x", 1, func() int { return 6 }); got != 5 {
		t.Errorf("after rewrite: got %d; want the stored 5", got)
	}
}

func TestVerdict(t *testing.T) {
	isolateCache(t)
	v := NewVerdict()
	if v.Reproduced() {
		t.Error("an empty verdict reproduced")
	}
	v.Check("ratio ≤ 0.3", true, "ratio = %.2f", 0.12)
	if !v.Reproduced() || !strings.HasPrefix(v.Line(), "VERDICT: REPRODUCED") {
		t.Errorf("one passing check: %q", v.Line())
	}
	v.Check("slope ≤ -0.5", false, "slope = %.2f", -0.3)
	text := v.Text()
	for _, want := range []string{"VERDICT: NOT REPRODUCED", "[FAIL] slope ≤ -0.5: slope = -0.30", "[pass] ratio ≤ 0.3", "provenance: go", "mode full, seed 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("verdict text lacks %q:\n%s", want, text)
		}
	}
	t.Setenv("PAPERNB_MODE", "quick")
	if !strings.Contains(v.Line(), "quick mode") {
		t.Errorf("quick-mode line %q does not say so", v.Line())
	}
}

func TestChooseBackendConfig(t *testing.T) {
	t.Setenv("GOMLX_BACKEND", "")
	os.Unsetenv("GOMLX_BACKEND")
	if cfg, err := ChooseBackendConfig(); err != nil || cfg != "go" {
		t.Errorf("default backend = %q, %v; want go", cfg, err)
	}
	t.Setenv("GOMLX_BACKEND", "tpu9000")
	_, err := ChooseBackendConfig()
	if err == nil || !strings.Contains(err.Error(), "tpu9000") || !strings.Contains(err.Error(), `"go"`) {
		t.Errorf("unknown backend error = %v; want one naming it and the built-in backends", err)
	}
}

func TestBackendRuns(t *testing.T) {
	t.Setenv("GOMLX_BACKEND", "go")
	if name := Backend().Name(); name == "" {
		t.Error("backend has no name")
	}
	if !SIMD() {
		t.Error("tests were built without GOEXPERIMENT=simd; every build must set it (scripts/env.sh)")
	}
}

func TestTableText(t *testing.T) {
	got := TableText("T", []string{"n", "loss"}, [][]string{{"10", "0.5"}, {"1000", "0.25"}})
	want := "T\n     n  loss\n    10   0.5\n  1000  0.25\n"
	if got != want {
		t.Errorf("TableText =\n%q\nwant\n%q", got, want)
	}
}

func TestInterruptedWriteIsInvisibleAndReclaimed(t *testing.T) {
	dir := isolateCache(t)
	nbDir := filepath.Join(dir, "09-example")
	os.MkdirAll(nbDir, 0o755)
	key, _ := CacheKey("x", 1)
	// What a write killed before its rename leaves: a temp file, no entry.
	stale := filepath.Join(nbDir, ".tmp-"+key+".bin-123")
	os.WriteFile(stale, []byte("partial"), 0o644)
	old := time.Now().Add(-2 * time.Hour)
	os.Chtimes(stale, old, old)
	if got := Cached("x", 1, func() int { return 9 }); got != 9 {
		t.Errorf("Cached after an interrupted write = %d; want a fresh 9", got)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale temp file %s was not removed", stale)
	}
}
