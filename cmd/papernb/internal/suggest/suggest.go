// Package suggest finds the names someone probably meant when they typed
// one that does not exist, for error messages such as
// `unknown notebook "deponet"; did you mean 09-deeponet?`.
package suggest

import (
	"regexp"
	"slices"
	"strings"
)

// numberPrefix is the "NN-" that starts a notebook's name; a typed name is
// also compared with the rest of the name.
var numberPrefix = regexp.MustCompile(`^\d+-`)

// Nearest returns up to n of choices that contain name or are a small
// edit away from it (ignoring case and a leading "NN-"), closest first.
func Nearest(name string, choices []string, n int) []string {
	type scored struct {
		choice string
		score  int
	}
	var cands []scored
	name = strings.ToLower(name)
	for _, c := range choices {
		lc := strings.ToLower(c)
		d := min(editDistance(name, lc), editDistance(name, numberPrefix.ReplaceAllString(lc, "")))
		switch {
		case name != "" && strings.Contains(lc, name):
			cands = append(cands, scored{c, 0})
		case d <= max(2, len(name)/3):
			cands = append(cands, scored{c, d})
		}
	}
	slices.SortStableFunc(cands, func(a, b scored) int { return a.score - b.score })
	var out []string
	for _, c := range cands[:min(n, len(cands))] {
		out = append(out, c.choice)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
