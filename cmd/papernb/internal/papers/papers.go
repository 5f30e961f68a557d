// Package papers reads notebooks/papers.tsv, the list of papers the project
// reproduces, and resolves the names people type ("09", "deeponet",
// "09-deeponet") to a paper.
package papers

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/papernb/papernb/cmd/papernb/internal/suggest"
)

// Paper is one row of papers.tsv.
type Paper struct {
	Num   string // two digits, "09"
	Slug  string // "09-deeponet": the notebook's directory and file name
	Title string
	Date  string // as the listing gave it: "Oct 7, 2019" or "2025"
	Link  string // the arXiv abstract page
}

var header = []string{"num", "slug", "title", "date", "link"}

var (
	numPattern  = regexp.MustCompile(`^\d{2}$`)
	slugPattern = regexp.MustCompile(`^\d{2}-[a-z0-9]+(-[a-z0-9]+)*$`)
)

// Read reads a papers.tsv file.
func Read(path string) ([]Paper, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	ps, err := Parse(string(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ps, nil
}

// Parse parses the text of papers.tsv: a header line "num slug title date
// link" and one tab-separated row per paper, slugs unique and starting with
// their number.
func Parse(text string) ([]Paper, error) {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if got := strings.Split(lines[0], "\t"); !slices.Equal(got, header) {
		return nil, fmt.Errorf("line 1: header is %q, want %q", got, header)
	}
	var ps []Paper
	seen := map[string]int{}
	for i, line := range lines[1:] {
		n := i + 2
		f := strings.Split(line, "\t")
		if len(f) != len(header) {
			return nil, fmt.Errorf("line %d: %d tab-separated fields, want %d (%s)", n, len(f), len(header), strings.Join(header, ", "))
		}
		p := Paper{Num: f[0], Slug: f[1], Title: f[2], Date: f[3], Link: f[4]}
		switch {
		case !numPattern.MatchString(p.Num):
			return nil, fmt.Errorf("line %d: number %q is not two digits", n, p.Num)
		case !slugPattern.MatchString(p.Slug) || !strings.HasPrefix(p.Slug, p.Num+"-"):
			return nil, fmt.Errorf("line %d: slug %q must be %q followed by lower-case words joined by '-'", n, p.Slug, p.Num+"-")
		case seen[p.Num] != 0:
			return nil, fmt.Errorf("line %d: number %s already used on line %d", n, p.Num, seen[p.Num])
		case p.Title == "" || !strings.HasPrefix(p.Link, "https://"):
			return nil, fmt.Errorf("line %d: %s needs a title and an https:// link", n, p.Slug)
		}
		seen[p.Num] = n
		ps = append(ps, p)
	}
	return ps, nil
}

// Resolve finds the paper a name means: its slug ("09-deeponet"), its
// number ("09" or "9") or its slug without the number ("deeponet"). The
// error for an unknown name lists the closest slugs.
func Resolve(ps []Paper, name string) (Paper, error) {
	name = strings.TrimSpace(strings.TrimSuffix(name, "/"))
	if n, err := strconv.Atoi(name); err == nil {
		name = fmt.Sprintf("%02d", n)
	}
	for _, p := range ps {
		if name == p.Slug || name == p.Num || name == p.Slug[len(p.Num)+1:] {
			return p, nil
		}
	}
	msg := fmt.Sprintf("unknown notebook %q: use a name from notebooks/papers.tsv, such as 09-deeponet, 09 or deeponet", name)
	slugs := make([]string, len(ps))
	for i, p := range ps {
		slugs[i] = p.Slug
	}
	if close := suggest.Nearest(name, slugs, 5); len(close) > 0 {
		msg += "; did you mean " + strings.Join(close, ", ") + "?"
	}
	return Paper{}, fmt.Errorf("%s", msg)
}
