package data

import (
	"math/rand"
	"testing"
)

// The neural-operator notebook's data: one function, solved and sampled at
// 32, 64, 128 and 256 points (1200 of these make its data set).
func BenchmarkBurgersFunction(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	grids := [][]float64{PeriodicGrid(32), PeriodicGrid(64), PeriodicGrid(128), PeriodicGrid(256)}
	for b.Loop() {
		u0 := RandomFourierSeries(rng, 6, 0.5)
		s, err := NewBurgers(u0, 0.05)
		if err != nil {
			b.Fatal(err)
		}
		for _, xs := range grids {
			u0.Sample(xs)
			s.Sample(xs, 0.3)
		}
	}
}
