package data

import (
	"fmt"
	"math"
	"math/rand"
)

// RatingsConfig describes a synthetic explicit-feedback data set in the
// manner of MovieLens: users and items with Zipf popularity, and ratings
// from a known low-rank model with biases,
//
//	r = Mean + b_u + b_i + ⟨p_u, q_i⟩ + ε,
//
// with b_u ~ N(0, UserBiasStd²), b_i ~ N(0, ItemBiasStd²), p_u, q_i ~
// N(0, FactorVar·I_Rank) and ε ~ N(0, NoiseStd²). Popular users and items
// get many ratings and most get a handful, the regime where large
// embeddings overfit.
type RatingsConfig struct {
	Users, Items               int
	UserExponent, ItemExponent float64 // Zipf exponents of popularity
	Rank                       int
	FactorVar                  float64
	Mean                       float64
	UserBiasStd, ItemBiasStd   float64
	NoiseStd                   float64
}

// Ratings holds the ground truth drawn for a RatingsConfig and a set of
// rated pairs: rating k is Values[k] by user UserIDs[k] of item
// ItemIDs[k]. User and item ids are popularity ranks (0 the most popular).
type Ratings struct {
	Config           RatingsConfig
	UserBias         []float64
	ItemBias         []float64
	UserFactors      [][]float64
	ItemFactors      [][]float64
	UserIDs, ItemIDs []int
	Values           []float64
}

// NewRatings draws the model of cfg and n distinct (user, item) pairs,
// each drawn with probability ∝ popularity(user)·popularity(item) (a pair
// drawn again is redrawn), with their noisy ratings. n may be at most half
// of Users·Items, so that drawing distinct pairs stays quick.
func NewRatings(rng *rand.Rand, cfg RatingsConfig, n int) (*Ratings, error) {
	if cfg.Users < 1 || cfg.Items < 1 || cfg.Rank < 0 {
		return nil, fmt.Errorf("data.NewRatings: %d users, %d items, rank %d: need ≥ 1 users and items and rank ≥ 0", cfg.Users, cfg.Items, cfg.Rank)
	}
	for _, v := range []struct {
		name string
		x    float64
	}{{"FactorVar", cfg.FactorVar}, {"UserBiasStd", cfg.UserBiasStd}, {"ItemBiasStd", cfg.ItemBiasStd}, {"NoiseStd", cfg.NoiseStd}} {
		if !(v.x >= 0) || math.IsInf(v.x, 0) {
			return nil, fmt.Errorf("data.NewRatings: %s = %g: need a finite value ≥ 0", v.name, v.x)
		}
	}
	if n < 0 || n > cfg.Users*cfg.Items/2 {
		return nil, fmt.Errorf("data.NewRatings: %d ratings: need 0 ≤ n ≤ %d (half of users × items)", n, cfg.Users*cfg.Items/2)
	}
	users, err := NewZipf(cfg.Users, cfg.UserExponent)
	if err != nil {
		return nil, fmt.Errorf("data.NewRatings: users: %w", err)
	}
	items, err := NewZipf(cfg.Items, cfg.ItemExponent)
	if err != nil {
		return nil, fmt.Errorf("data.NewRatings: items: %w", err)
	}
	r := &Ratings{Config: cfg}
	sd := math.Sqrt(cfg.FactorVar)
	factors := func(m int) [][]float64 {
		f := make([][]float64, m)
		for i := range f {
			f[i] = make([]float64, cfg.Rank)
			for k := range f[i] {
				f[i][k] = sd * rng.NormFloat64()
			}
		}
		return f
	}
	biases := func(m int, std float64) []float64 {
		b := make([]float64, m)
		for i := range b {
			b[i] = std * rng.NormFloat64()
		}
		return b
	}
	r.UserBias = biases(cfg.Users, cfg.UserBiasStd)
	r.ItemBias = biases(cfg.Items, cfg.ItemBiasStd)
	r.UserFactors = factors(cfg.Users)
	r.ItemFactors = factors(cfg.Items)
	seen := make(map[int]bool, n)
	for len(r.Values) < n {
		u, i := users.Draw(rng), items.Draw(rng)
		if seen[u*cfg.Items+i] {
			continue
		}
		seen[u*cfg.Items+i] = true
		r.UserIDs = append(r.UserIDs, u)
		r.ItemIDs = append(r.ItemIDs, i)
		r.Values = append(r.Values, r.Expected(u, i)+cfg.NoiseStd*rng.NormFloat64())
	}
	return r, nil
}

// Expected returns the noiseless rating of item i by user u, the best any
// model can predict.
func (r *Ratings) Expected(u, i int) float64 {
	v := r.Config.Mean + r.UserBias[u] + r.ItemBias[i]
	for k, p := range r.UserFactors[u] {
		v += p * r.ItemFactors[i][k]
	}
	return v
}

// Len returns the number of ratings.
func (r *Ratings) Len() int { return len(r.Values) }

// Select returns the ratings at the given indices, in that order, sharing
// the ground truth.
func (r *Ratings) Select(indices []int) *Ratings {
	out := *r
	out.UserIDs, out.ItemIDs, out.Values = make([]int, len(indices)), make([]int, len(indices)), make([]float64, len(indices))
	for j, k := range indices {
		out.UserIDs[j], out.ItemIDs[j], out.Values[j] = r.UserIDs[k], r.ItemIDs[k], r.Values[k]
	}
	return &out
}

// SplitIndices shuffles 0…n−1 with rng and cuts the permutation into parts
// of round(fractions[i]·n) indices and a last part with the rest: the
// random train/validation/test split of any data set held as rows
// (Ratings.Select, ModularSet.Select, MNIST.Select take the parts). The
// fractions must be ≥ 0 with a sum ≤ 1.
func SplitIndices(rng *rand.Rand, n int, fractions ...float64) ([][]int, error) {
	if n < 0 {
		return nil, fmt.Errorf("data.SplitIndices: n = %d, need ≥ 0", n)
	}
	if err := checkFractions("data.SplitIndices", fractions); err != nil {
		return nil, err
	}
	perm := rng.Perm(n)
	parts := make([][]int, 0, len(fractions)+1)
	start, acc := 0, 0.0
	for _, f := range fractions {
		acc += f
		end := min(n, max(start, int(math.Round(acc*float64(n)))))
		parts = append(parts, perm[start:end:end])
		start = end
	}
	return append(parts, perm[start:]), nil
}
