package papers

import (
	"fmt"
	"strings"
	"testing"
)

func TestReadRepositoryList(t *testing.T) {
	ps, err := Read("../../../../notebooks/papers.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 65 {
		t.Errorf("%d papers, want 65", len(ps))
	}
	for i, p := range ps {
		if want := i + 1; p.Num != twoDigits(want) {
			t.Errorf("paper %d has number %s", want, p.Num)
		}
	}
}

func twoDigits(n int) string { return fmt.Sprintf("%02d", n) }

const tsvHeader = "num\tslug\ttitle\tdate\tlink\n"

var sample = tsvHeader +
	"09\t09-deeponet\tDeepONet\tOct 7, 2019\thttps://arxiv.org/abs/1910.03193\n" +
	"55\t55-neural-operators\tPrincipled Approaches\tJun 12, 2025\thttps://arxiv.org/abs/2506.10973\n"

func TestResolve(t *testing.T) {
	ps, err := Parse(sample)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"09-deeponet", "09", "9", "deeponet", "09-deeponet/", " 09 "} {
		p, err := Resolve(ps, name)
		if err != nil || p.Slug != "09-deeponet" {
			t.Errorf("Resolve(%q) = %q, %v; want 09-deeponet", name, p.Slug, err)
		}
	}
	_, err = Resolve(ps, "deponet")
	if err == nil || !strings.Contains(err.Error(), `"deponet"`) || !strings.Contains(err.Error(), "did you mean 09-deeponet?") {
		t.Errorf("Resolve(deponet) error = %v, want it to name the value and suggest 09-deeponet", err)
	}
	if _, err := Resolve(ps, "10"); err == nil {
		t.Error("Resolve(10) found a paper that is not in the list")
	}
}

func TestParseErrors(t *testing.T) {
	row := "09\t09-deeponet\tDeepONet\t2019\thttps://arxiv.org/abs/1910.03193\n"
	tests := []struct{ text, want string }{
		{"number\tslug\n" + row, "header"},
		{tsvHeader + "09\t09-deeponet\tDeepONet\n", "3 tab-separated fields"},
		{tsvHeader + strings.Replace(row, "09\t", "9\t", 1), `number "9"`},
		{tsvHeader + strings.Replace(row, "09-deeponet", "10-deeponet", 1), `slug "10-deeponet"`},
		{tsvHeader + strings.Replace(row, "09-deeponet", "09-DeepONet", 1), `slug "09-DeepONet"`},
		{tsvHeader + row + row, "already used on line 2"},
		{tsvHeader + strings.Replace(row, "https://", "http://", 1), "https:// link"},
	}
	for _, tc := range tests {
		if _, err := Parse(tc.text); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) error = %v, want one mentioning %q", tc.text, err, tc.want)
		}
	}
}
