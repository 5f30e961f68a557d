package data

import (
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The corpus of the running toolchain is deterministic, starts the fmt
// package with its well-known first sentence, is covered by its package
// spans without gaps, and is normalised (no tabs, no double spaces, no
// leading or trailing spaces on a line).
func TestGoDocCorpus(t *testing.T) {
	c, err := GoDocCorpus(GoDocOptions{})
	if err != nil {
		t.Fatal(err)
	}
	root, err := goRoot()
	if err != nil {
		t.Fatal(err)
	}
	again, err := ExtractGoDoc(filepath.Join(root, "src"), GoDocOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if again.Text != c.Text || len(again.Packages) != len(c.Packages) {
		t.Fatalf("two extractions differ: %d and %d bytes, %d and %d packages", len(c.Text), len(again.Text), len(c.Packages), len(again.Packages))
	}
	if len(c.Text) < 1<<20 {
		t.Errorf("corpus of %d bytes, want over 1 MB", len(c.Text))
	}
	fmtSpan, ok := c.Package("fmt")
	if !ok {
		t.Fatal("no package fmt in the corpus")
	}
	if got := c.Text[fmtSpan.Start:]; !strings.HasPrefix(got, "Package fmt implements formatted I/O") {
		t.Errorf("package fmt starts %q", got[:60])
	}
	if _, ok := c.Package("internal/abi"); ok {
		t.Error("internal package internal/abi is in the default corpus")
	}
	end := 0
	for i, p := range c.Packages {
		if p.Start != end || p.End <= p.Start {
			t.Fatalf("package %d (%s) spans [%d, %d), previous ended at %d", i, p.Name, p.Start, p.End, end)
		}
		if i > 0 && c.Packages[i-1].Name >= p.Name {
			t.Fatalf("packages out of order: %s before %s", c.Packages[i-1].Name, p.Name)
		}
		if strings.HasPrefix(p.Name, "cmd/") || strings.Contains(p.Name, "vendor") || strings.Contains(p.Name, "testdata") {
			t.Errorf("package %s should have been skipped", p.Name)
		}
		end = p.End
	}
	if end != len(c.Text) {
		t.Fatalf("spans end at %d, text at %d", end, len(c.Text))
	}
	for _, bad := range []string{"\t", "  ", " \n", "\n "} {
		if i := strings.Index(c.Text, bad); i >= 0 {
			t.Errorf("text holds %q at %d: %q", bad, i, c.Text[max(0, i-30):i+30])
		}
	}
}

// On a small source tree written here, exactly the documented comments are
// extracted, in the documented order, and the options widen it as stated.
func TestExtractGoDocSelection(t *testing.T) {
	src := t.TempDir()
	write := func(path, text string) {
		full := filepath.Join(src, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("b/b.go", `// Package b is second.
package b

// Exported does
// things.
//
//	code   block
func Exported() {}

// unexported is private.
func unexported() {}

// T is a type.
type T struct {
	// F is a field.
	F int
}

// M is a method.
func (T) M() {}

// m is private.
func (*T) m() {}

type u int

// N is a method of an unexported type.
func (u) N() {}

// Consts.
const (
	// A is exported.
	A = 1
	// b is not.
	b = 2
)
`)
	write("b/b_other.go", "package b\n\n// Exported does\n// things.\n//\n//\tcode   block\nfunc Exported() {}\n")
	write("b/b_test.go", "package b\n\n// TestX is a test.\nfunc TestX() {}\n")
	write("a/a.go", "// Package a is first.\npackage a\n")
	write("a/gen.go", "//go:build ignore\n\n// The generator.\npackage main\n")
	write("a/internal/x/x.go", "// Package x is internal.\npackage x\n")
	write("a/testdata/t.go", "// Package t is test data.\npackage t\n")
	write("cmd/c/c.go", "// Package c is a command library.\npackage c\n")

	c, err := ExtractGoDoc(src, GoDocOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := "Package a is first.\n\n" +
		"Package b is second.\n\n" +
		"Exported does things.\ncode block\n\n" +
		"T is a type.\n\n" +
		"M is a method.\n\n" +
		"Consts.\n\n" +
		"A is exported.\n\n"
	if c.Text != want {
		t.Errorf("extracted\n%q\nwant\n%q", c.Text, want)
	}
	if len(c.Packages) != 2 || c.Packages[0].Name != "a" || c.Packages[1].Name != "b" || c.Packages[1].Start != len("Package a is first.\n\n") {
		t.Errorf("packages %+v, want a then b", c.Packages)
	}
	wide, err := ExtractGoDoc(src, GoDocOptions{Unexported: true, Internal: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"unexported is private.", "F is a field.", "m is private.", "b is not.", "Package x is internal.", "Package c is a command library.", "The generator."} {
		if !strings.Contains(wide.Text, s) {
			t.Errorf("wide corpus lacks %q", s)
		}
	}
	for _, s := range []string{"test data", "TestX"} {
		if strings.Contains(wide.Text, s) {
			t.Errorf("wide corpus holds %q", s)
		}
	}
}

// Encode then Decode gives the text back when every character is known,
// and unknown characters come back as UnknownRune; the top-k vocabulary
// keeps the most frequent characters.
func TestCharVocabRoundTrip(t *testing.T) {
	v := ASCIIVocab()
	if v.Size() != 97 || v.Unknown() != 96 {
		t.Fatalf("ASCII vocabulary of %d ids, unknown %d; want 97 and 96", v.Size(), v.Unknown())
	}
	s := "Package fmt implements formatted I/O.\n{[(~)]}"
	if got := v.Decode(v.Encode(s)); got != s {
		t.Errorf("round trip gave %q, want %q", got, s)
	}
	if got := v.Decode(v.Encode("naïve → ok")); got != "na\uFFFDve \uFFFD ok" {
		t.Errorf("unknown characters decoded to %q", got)
	}
	top, err := NewCharVocab("aaaabbbccd\n", 4)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(top.Chars()); got != "abc" || top.ID('d') != top.Unknown() || top.ID('a') != 0 {
		t.Errorf("top-3 characters %q (d → %d), want \"abc\" with d unknown", got, top.ID('d'))
	}
	if cov := top.Coverage("abcd"); cov != 0.75 {
		t.Errorf("coverage %g, want 0.75", cov)
	}
	if _, err := NewCharVocab("abc", 1); err == nil {
		t.Error("size 1: no error")
	}
	if _, err := NewCharVocabOf([]rune{'a', 'a'}); err == nil {
		t.Error("repeated character: no error")
	}
}

// On the real corpus, 96 ids (95 characters and the unknown id) cover
// nearly all text and the round trip is exact outside unknown characters.
func TestCharVocabOnGoDoc(t *testing.T) {
	c, err := GoDocCorpus(GoDocOptions{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := NewCharVocab(c.Text, 96)
	if err != nil {
		t.Fatal(err)
	}
	if cov := v.Coverage(c.Text); cov < 0.999 {
		t.Errorf("96-id vocabulary covers %.5f of the characters, want ≥ 0.999", cov)
	}
	span, _ := c.Package("fmt")
	text := c.Text[span.Start:span.End]
	if v.Coverage(text) == 1 && v.Decode(v.Encode(text)) != text {
		t.Error("round trip of package fmt's docs changed the text")
	}
}

// Byte splits are consecutive, cover the text, cut after newlines and have
// about the asked sizes; package splits are disjoint, complete and about
// the asked sizes.
func TestCorpusSplits(t *testing.T) {
	c, err := GoDocCorpus(GoDocOptions{})
	if err != nil {
		t.Fatal(err)
	}
	parts, err := c.SplitBytes(0.9, 0.05)
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != 3 || parts[0]+parts[1]+parts[2] != c.Text {
		t.Fatalf("%d parts that do not rebuild the text", len(parts))
	}
	for i, want := range []float64{0.9, 0.05, 0.05} {
		if f := float64(len(parts[i])) / float64(len(c.Text)); math.Abs(f-want) > 0.002 {
			t.Errorf("part %d holds %.4f of the bytes, want %.2f", i, f, want)
		}
		if i < 2 && !strings.HasSuffix(parts[i], "\n") {
			t.Errorf("part %d does not end with a newline", i)
		}
	}
	pk, err := c.SplitPackages(rand.New(rand.NewSource(1)), 0.6, 0.3)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for j, p := range pk {
		if f, want := float64(len(p.Text))/float64(len(c.Text)), []float64{0.6, 0.3, 0.1}[j]; math.Abs(f-want) > 0.05 {
			t.Errorf("package part %d holds %.3f of the bytes, want about %.1f", j, f, want)
		}
		for _, s := range p.Packages {
			if prev, dup := seen[s.Name]; dup {
				t.Fatalf("package %s in parts %d and %d", s.Name, prev, j)
			}
			seen[s.Name] = j
			orig, _ := c.Package(s.Name)
			if p.Text[s.Start:s.End] != c.Text[orig.Start:orig.End] {
				t.Fatalf("package %s's text changed in part %d", s.Name, j)
			}
		}
	}
	if len(seen) != len(c.Packages) {
		t.Errorf("package split holds %d packages, corpus %d", len(seen), len(c.Packages))
	}
	if _, err := c.SplitBytes(0.8, 0.3); err == nil {
		t.Error("fractions summing to 1.1: no error")
	}
}
