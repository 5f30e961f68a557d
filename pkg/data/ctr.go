package data

import (
	"fmt"
	"math"
	"math/rand"
)

// CTRConfig describes a synthetic click-through-rate data set: rows of
// categorical fields whose values are Zipf-distributed, and a click drawn
// from a known logistic model, so that a learned model can be judged
// against the truth (which fields matter, which values carry signal, the
// Bayes-optimal log-loss).
type CTRConfig struct {
	// Vocabs holds each field's number of values.
	Vocabs []int
	// Dims holds each field's true embedding dimension. A field of
	// dimension 0 is pure noise: it changes neither the first-order term
	// nor any interaction.
	Dims []int
	// Exponent is the Zipf exponent of every field's value frequencies
	// (value 0 the most frequent).
	Exponent float64
	// ActiveFraction is the fraction of each field's values, the most
	// frequent ones, that carry signal; the others have a zero embedding
	// and first-order weight. 0 means 1 (all values active).
	ActiveFraction float64
	// SharedDim is the dimension of the space where fields interact
	// (0 means the largest of Dims).
	SharedDim int
	// Scale multiplies the signal part of the logit; each of its two terms
	// (first order and pairwise) has variance about 1 before scaling when
	// every value is active, less when only the top values are. Tune it
	// for a target Bayes AUC with metrics.AUC on Sample's probabilities.
	Scale float64
	// BaseRate is the mean click probability; the bias is solved for it.
	BaseRate float64
}

// CTR is a drawn ground truth: for a row v (one value per field) the click
// logit is
//
//	Bias + Scale·( Σ_f w_f[v_f] / √F' + Σ_{f<g} ⟨P_f e_f[v_f], P_g e_g[v_g]⟩ / √(SharedDim·pairs) ),
//
// an FM-style teacher where e_f[v] ∈ R^{Dims[f]} are true embeddings
// (N(0, I)), P_f are SharedDim×Dims[f] projections (N(0, 1/Dims[f])
// entries), w_f[v] ~ N(0, 1) first-order weights, F' the number of signal
// fields and pairs = F'(F'−1)/2.
type CTR struct {
	Config CTRConfig
	Bias   float64
	zipfs  []*Zipf
	first  [][]float64   // [field][value]
	proj   [][][]float64 // [field][value] → P_f e_f[v] in R^SharedDim (nil when inactive)
	norm1  float64
	norm2  float64
}

// NewCTR draws the ground truth of cfg. The bias is found by bisection so
// that the mean click probability over 20000 rows drawn from rng is
// cfg.BaseRate.
func NewCTR(rng *rand.Rand, cfg CTRConfig) (*CTR, error) {
	if len(cfg.Vocabs) == 0 {
		return nil, fmt.Errorf("data.NewCTR: no fields: need at least one vocabulary size")
	}
	if len(cfg.Dims) != len(cfg.Vocabs) {
		return nil, fmt.Errorf("data.NewCTR: %d dims for %d fields: need one per field", len(cfg.Dims), len(cfg.Vocabs))
	}
	if cfg.ActiveFraction == 0 {
		cfg.ActiveFraction = 1
	}
	if !(cfg.ActiveFraction > 0 && cfg.ActiveFraction <= 1) {
		return nil, fmt.Errorf("data.NewCTR: active fraction %g: need 0 < f ≤ 1 (or 0 for 1)", cfg.ActiveFraction)
	}
	if !(cfg.BaseRate > 0 && cfg.BaseRate < 1) {
		return nil, fmt.Errorf("data.NewCTR: base rate %g: need 0 < rate < 1", cfg.BaseRate)
	}
	if !(cfg.Scale >= 0) || math.IsInf(cfg.Scale, 0) {
		return nil, fmt.Errorf("data.NewCTR: scale %g: need a finite value ≥ 0", cfg.Scale)
	}
	maxDim, signal := 0, 0
	for f, d := range cfg.Dims {
		if d < 0 {
			return nil, fmt.Errorf("data.NewCTR: field %d has dimension %d: need ≥ 0", f, d)
		}
		maxDim = max(maxDim, d)
		if d > 0 {
			signal++
		}
	}
	if cfg.SharedDim == 0 {
		cfg.SharedDim = max(maxDim, 1)
	}
	if cfg.SharedDim < 1 {
		return nil, fmt.Errorf("data.NewCTR: shared dimension %d: need ≥ 1 (or 0 for the largest field dimension)", cfg.SharedDim)
	}
	c := &CTR{Config: cfg}
	c.Config.Vocabs = append([]int(nil), cfg.Vocabs...)
	c.Config.Dims = append([]int(nil), cfg.Dims...)
	for f, v := range cfg.Vocabs {
		z, err := NewZipf(v, cfg.Exponent)
		if err != nil {
			return nil, fmt.Errorf("data.NewCTR: field %d: %w", f, err)
		}
		c.zipfs = append(c.zipfs, z)
	}
	if signal > 0 {
		c.norm1 = 1 / math.Sqrt(float64(signal))
	}
	if pairs := signal * (signal - 1) / 2; pairs > 0 {
		c.norm2 = 1 / math.Sqrt(float64(cfg.SharedDim*pairs))
	}
	for f, vocab := range cfg.Vocabs {
		d := cfg.Dims[f]
		active := 0
		if d > 0 {
			active = max(1, int(cfg.ActiveFraction*float64(vocab)+0.5))
		}
		p := make([][]float64, cfg.SharedDim)
		for i := range p {
			p[i] = make([]float64, d)
			for j := range p[i] {
				p[i][j] = rng.NormFloat64() / math.Sqrt(float64(d))
			}
		}
		w := make([]float64, vocab)
		z := make([][]float64, vocab)
		e := make([]float64, d)
		for v := 0; v < active; v++ {
			w[v] = rng.NormFloat64()
			for j := range e {
				e[j] = rng.NormFloat64()
			}
			z[v] = make([]float64, cfg.SharedDim)
			for i := range z[v] {
				for j, ej := range e {
					z[v][i] += p[i][j] * ej
				}
			}
		}
		c.first = append(c.first, w)
		c.proj = append(c.proj, z)
	}
	rows := c.Rows(rng, 20000)
	signals := make([]float64, len(rows))
	for i, r := range rows {
		signals[i] = c.signal(r)
	}
	meanProb := func(bias float64) float64 {
		var s float64
		for _, x := range signals {
			s += sigmoid(bias + x)
		}
		return s / float64(len(signals))
	}
	lo, hi := -50.0, 50.0
	for range 100 {
		mid := (lo + hi) / 2
		if meanProb(mid) < cfg.BaseRate {
			lo = mid
		} else {
			hi = mid
		}
	}
	c.Bias = (lo + hi) / 2
	return c, nil
}

// NumFields returns the number of fields.
func (c *CTR) NumFields() int { return len(c.Config.Vocabs) }

// Rows draws n rows of field values, each field independently from its
// Zipf distribution.
func (c *CTR) Rows(rng *rand.Rand, n int) [][]int {
	if n < 0 {
		panic(fmt.Errorf("data.CTR.Rows: n = %d, must be ≥ 0", n))
	}
	rows := make([][]int, n)
	for i := range rows {
		rows[i] = make([]int, len(c.zipfs))
		for f, z := range c.zipfs {
			rows[i][f] = z.Draw(rng)
		}
	}
	return rows
}

// Logit returns the true click logit of a row.
func (c *CTR) Logit(row []int) float64 {
	if len(row) != c.NumFields() {
		panic(fmt.Errorf("data.CTR.Logit: row of %d values, the data has %d fields", len(row), c.NumFields()))
	}
	for f, v := range row {
		if v < 0 || v >= c.Config.Vocabs[f] {
			panic(fmt.Errorf("data.CTR.Logit: field %d has value %d, allowed [0, %d)", f, v, c.Config.Vocabs[f]))
		}
	}
	return c.Bias + c.signal(row)
}

func (c *CTR) signal(row []int) float64 {
	var s1, s2 float64
	for f, v := range row {
		s1 += c.first[f][v]
		zf := c.proj[f][v]
		if zf == nil {
			continue
		}
		for g := f + 1; g < len(row); g++ {
			zg := c.proj[g][row[g]]
			if zg == nil {
				continue
			}
			for i := range zf {
				s2 += zf[i] * zg[i]
			}
		}
	}
	return c.Config.Scale * (c.norm1*s1 + c.norm2*s2)
}

// Sample draws n rows, their true click probabilities and clicks drawn
// from them (1 = click).
func (c *CTR) Sample(rng *rand.Rand, n int) (rows [][]int, clicks []int, probs []float64) {
	rows = c.Rows(rng, n)
	clicks = make([]int, n)
	probs = make([]float64, n)
	for i, r := range rows {
		probs[i] = sigmoid(c.Logit(r))
		if rng.Float64() < probs[i] {
			clicks[i] = 1
		}
	}
	return rows, clicks, probs
}

// Offsets returns, per field, where its values start in one embedding
// table holding every field's values one after another (the last entry is
// the table's size): a model then gathers row Offsets[f]+v for value v of
// field f.
func (c *CTR) Offsets() []int {
	off := make([]int, len(c.Config.Vocabs)+1)
	for f, v := range c.Config.Vocabs {
		off[f+1] = off[f] + v
	}
	return off
}

// FlatIndices returns rows as one [len(rows)·NumFields] int32 array of
// indices into the shared table of Offsets.
func (c *CTR) FlatIndices(rows [][]int) []int32 {
	off := c.Offsets()
	out := make([]int32, 0, len(rows)*c.NumFields())
	for _, r := range rows {
		for f, v := range r {
			out = append(out, int32(off[f]+v))
		}
	}
	return out
}

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}
