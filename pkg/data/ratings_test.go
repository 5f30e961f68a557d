package data

import (
	"math"
	"math/rand"
	"testing"

	"gonum.org/v1/gonum/stat"
)

// The spec of the neural-input-search notebook: pairs are distinct,
// popularity follows the Zipf laws (user 0 rates far more than user 100),
// residuals from the true model have the noise variance, and the ratings'
// variance is the sum of the parts' variances.
func TestRatingsGroundTruth(t *testing.T) {
	cfg := RatingsConfig{
		Users: 500, Items: 3000, UserExponent: 1.1, ItemExponent: 1.2,
		Rank: 16, FactorVar: 0.18, Mean: 3.5, UserBiasStd: 0.2, ItemBiasStd: 0.3, NoiseStd: 0.5,
	}
	r, err := NewRatings(rand.New(rand.NewSource(1)), cfg, 20000)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[[2]int]bool{}
	var perUser []int
	var res2 float64
	for k := range r.Values {
		p := [2]int{r.UserIDs[k], r.ItemIDs[k]}
		if seen[p] {
			t.Fatalf("pair %v rated twice", p)
		}
		seen[p] = true
		d := r.Values[k] - r.Expected(p[0], p[1])
		res2 += d * d
	}
	n := float64(r.Len())
	if se := 0.25 * math.Sqrt(2/n); math.Abs(res2/n-0.25) > 5*se {
		t.Errorf("residual variance %.4f, want 0.25 within %.4f", res2/n, 5*se)
	}
	// While few pairs are rejected as repeats (uniform items, few ratings
	// per user), a user's number of ratings falls like rank^−1.1.
	sparse, err := NewRatings(rand.New(rand.NewSource(2)), RatingsConfig{Users: 500, Items: 3000, UserExponent: 1.1, Rank: 1}, 8000)
	if err != nil {
		t.Fatal(err)
	}
	perUser = make([]int, 500)
	for _, u := range sparse.UserIDs {
		perUser[u]++
	}
	var xs, ys []float64
	for u := 3; u < 60; u++ {
		xs = append(xs, math.Log(float64(u+1)))
		ys = append(ys, math.Log(float64(max(perUser[u], 1))))
	}
	if _, slope := stat.LinearRegression(xs, ys, nil, false); math.Abs(slope+1.1) > 0.2 {
		t.Errorf("ratings per user fall like rank^%.2f, want rank^−1.1", slope)
	}
	var m, v float64
	for _, x := range r.Values {
		m += x / n
	}
	for _, x := range r.Values {
		v += (x - m) * (x - m) / n
	}
	// 0.2² + 0.3² + 16·0.18² + 0.5² = 0.9084, up to the sampling of a
	// finite population of users and items (loose bound).
	if math.Abs(m-3.5) > 0.15 || math.Abs(v-0.9084) > 0.25 {
		t.Errorf("ratings mean %.3f, variance %.3f; want about 3.5 and 0.91", m, v)
	}
}

// SplitIndices gives disjoint parts that cover 0…n−1 with the asked sizes.
func TestSplitIndices(t *testing.T) {
	parts, err := SplitIndices(rand.New(rand.NewSource(1)), 1001, 0.8, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != 3 || len(parts[0]) != 801 || len(parts[1]) != 100 || len(parts[2]) != 100 {
		t.Fatalf("parts of sizes %d, %d, %d; want 801, 100, 100", len(parts[0]), len(parts[1]), len(parts[2]))
	}
	seen := make([]bool, 1001)
	for _, p := range parts {
		for _, i := range p {
			if seen[i] {
				t.Fatalf("index %d in two parts", i)
			}
			seen[i] = true
		}
	}
	if _, err := SplitIndices(rand.New(rand.NewSource(1)), 10, 0.7, 0.5); err == nil {
		t.Error("fractions summing to 1.2: no error")
	}
	if _, err := NewRatings(rand.New(rand.NewSource(1)), RatingsConfig{Users: 10, Items: 10}, 60); err == nil {
		t.Error("60 ratings of 100 pairs: no error")
	}
}
