package suggest

import (
	"slices"
	"testing"
)

func TestNearest(t *testing.T) {
	choices := []string{"09-deeponet", "55-neural-operators", "10-infinite-width-feature-learning", "list", "run", "readme"}
	tests := []struct {
		name string
		want []string
	}{
		{"deponet", []string{"09-deeponet"}},          // a typo of the words
		{"09-deeponnet", []string{"09-deeponet"}},     // a typo of the slug
		{"operator", []string{"55-neural-operators"}}, // a part
		{"rnu", []string{"run"}},                      // a typo of a command
		{"completely-different", nil},
	}
	for _, tc := range tests {
		if got := Nearest(tc.name, choices, 3); !slices.Equal(got, tc.want) {
			t.Errorf("Nearest(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := Nearest("e", choices, 2); len(got) != 2 {
		t.Errorf("Nearest with n = 2 returned %d choices: %q", len(got), got)
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"deeponet", "deponet", 1}} {
		if d := editDistance(tc.a, tc.b); d != tc.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, d, tc.d)
		}
	}
}
