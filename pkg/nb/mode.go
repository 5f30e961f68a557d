package nb

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Mode selects the sizes a notebook runs at.
type Mode string

const (
	// Full is the default: the sizes behind the committed outputs and the
	// verdict (at most about 4 minutes of compute on 2 cores).
	Full Mode = "full"
	// Quick runs every code path at toy sizes (at most about 20 s); CI uses it.
	// Its verdict is printed but does not count.
	Quick Mode = "quick"
)

// DefaultSeed is the seed used when PAPERNB_SEED is not set.
const DefaultSeed int64 = 1

// ParseMode parses a PAPERNB_MODE value; the empty string means Full.
func ParseMode(s string) (Mode, error) {
	switch strings.TrimSpace(s) {
	case "", string(Full):
		return Full, nil
	case string(Quick):
		return Quick, nil
	}
	return "", fmt.Errorf("PAPERNB_MODE=%q is not a mode: use %q (the default) or %q", s, Full, Quick)
}

// ParseSeed parses a PAPERNB_SEED value; the empty string means DefaultSeed.
func ParseSeed(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return DefaultSeed, nil
	}
	seed, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("PAPERNB_SEED=%q is not a seed: use a decimal integer such as 1 or 42", s)
	}
	return seed, nil
}

// CurrentMode returns the mode set by PAPERNB_MODE. It panics with a message
// naming the bad value when the variable holds anything but full or quick:
// a typo must not silently run the wrong sizes.
func CurrentMode() Mode {
	m, err := ParseMode(os.Getenv("PAPERNB_MODE"))
	if err != nil {
		panic(err)
	}
	return m
}

// IsQuick reports whether the notebook runs in quick mode.
func IsQuick() bool { return CurrentMode() == Quick }

// Pick returns full in full mode and quick in quick mode. Notebooks keep all
// their sizes in one config value built with Pick.
func Pick[T any](full, quick T) T {
	if IsQuick() {
		return quick
	}
	return full
}

// Seed returns the seed set by PAPERNB_SEED (DefaultSeed when unset). It
// panics with a message naming the bad value when it is not an integer.
func Seed() int64 {
	s, err := ParseSeed(os.Getenv("PAPERNB_SEED"))
	if err != nil {
		panic(err)
	}
	return s
}
