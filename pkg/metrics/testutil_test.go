package metrics

import (
	"math"
	"strings"
	"testing"
)

// near reports whether got is within tol of want.
func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// mustPanic fails the test unless call panics with a message containing want.
func mustPanic(t *testing.T, name, want string, call func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Errorf("%s: no panic", name)
			return
		}
		if err, ok := r.(error); !ok || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: panic %v, want a message containing %q", name, r, want)
		}
	}()
	call()
}
