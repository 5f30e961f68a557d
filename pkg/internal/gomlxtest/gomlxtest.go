// Package gomlxtest gives papernb's package tests the GoMLX objects they all
// need: the Go backend (never GoMLX's default, which tries to download XLA)
// and model stores with a seeded RNG.
package gomlxtest

import (
	"testing"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend" // the Go backend
	"github.com/gomlx/gomlx/ml/model"
)

// Backend returns a Go backend, failing the test if it cannot be made.
func Backend(t testing.TB) compute.Backend {
	t.Helper()
	b, err := compute.NewWithConfig("go")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Store returns an empty model store whose RNG is seeded with seed, so that
// variable initialisation is repeatable.
func Store(t testing.TB, seed int64) *model.Store {
	t.Helper()
	s := model.NewStore()
	if err := s.SetRNGStateFromSeed(seed); err != nil {
		t.Fatal(err)
	}
	return s
}
