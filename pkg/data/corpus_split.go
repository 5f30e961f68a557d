package data

import (
	"fmt"
	"math"
	"math/rand"
	"strings"
)

// SplitBytes cuts the text into consecutive parts, part i holding about
// fractions[i] of the bytes and a last part holding the rest (so 0.9,
// 0.05 gives a 90/5/5 train/validation/test split). Each cut is moved
// forward to just after the next newline, so no part starts mid-line or
// mid-character. The fractions must be ≥ 0 with a sum ≤ 1.
func (c *TextCorpus) SplitBytes(fractions ...float64) ([]string, error) {
	if err := checkFractions("data.TextCorpus.SplitBytes", fractions); err != nil {
		return nil, err
	}
	parts := make([]string, 0, len(fractions)+1)
	start, acc := 0, 0.0
	for _, f := range fractions {
		acc += f
		cut := max(start, int(acc*float64(len(c.Text))))
		if cut < len(c.Text) && cut > 0 && c.Text[cut-1] != '\n' {
			if nl := strings.IndexByte(c.Text[cut:], '\n'); nl >= 0 {
				cut += nl + 1
			} else {
				cut = len(c.Text)
			}
		}
		parts = append(parts, c.Text[start:cut])
		start = cut
	}
	return append(parts, c.Text[start:]), nil
}

// SplitPackages divides the packages at random into parts holding about
// fractions[i] of the text each, and a last part with the rest: a split
// where no package's text is seen in two parts (held-out text from
// held-out packages). Packages are shuffled with rng and each goes to the
// part furthest below its share of the bytes. Every part keeps the
// corpus's package order.
func (c *TextCorpus) SplitPackages(rng *rand.Rand, fractions ...float64) ([]*TextCorpus, error) {
	if err := checkFractions("data.TextCorpus.SplitPackages", fractions); err != nil {
		return nil, err
	}
	rest := 1.0
	for _, f := range fractions {
		rest -= f
	}
	shares := append(append([]float64(nil), fractions...), math.Max(rest, 0))
	filled := make([]float64, len(shares))
	part := make([]int, len(c.Packages))
	total := float64(len(c.Text))
	for _, i := range rng.Perm(len(c.Packages)) {
		p := 0
		for j, s := range shares {
			if s*total-filled[j] > shares[p]*total-filled[p] {
				p = j
			}
		}
		part[i] = p
		filled[p] += float64(c.Packages[i].End - c.Packages[i].Start)
	}
	out := make([]*TextCorpus, len(shares))
	builders := make([]strings.Builder, len(shares))
	for j := range out {
		out[j] = &TextCorpus{}
	}
	for i, span := range c.Packages {
		b := &builders[part[i]]
		start := b.Len()
		b.WriteString(c.Text[span.Start:span.End])
		out[part[i]].Packages = append(out[part[i]].Packages, TextSpan{Name: span.Name, Start: start, End: b.Len()})
	}
	for j := range out {
		out[j].Text = builders[j].String()
	}
	return out, nil
}

func checkFractions(who string, fractions []float64) error {
	var sum float64
	for i, f := range fractions {
		if !(f >= 0) || math.IsInf(f, 0) {
			return fmt.Errorf("%s: fraction %d is %g: need finite values ≥ 0", who, i, f)
		}
		sum += f
	}
	if sum > 1+1e-12 {
		return fmt.Errorf("%s: fractions %v sum to %g: need a sum ≤ 1 (the last part takes the rest)", who, fractions, sum)
	}
	return nil
}
