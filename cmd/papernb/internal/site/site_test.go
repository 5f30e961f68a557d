package site

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/papernb/papernb/cmd/papernb/internal/ipynb"
	"github.com/papernb/papernb/cmd/papernb/internal/verdict"
)

func TestThumbnail(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\nrest")
	tests := []struct {
		name     string
		fig      ipynb.Figure
		ext, out string
	}{
		{"html svg without namespace",
			ipynb.Figure{Mime: "text/html", Data: `<div><p>caption</p><svg width="10" height="5"><rect/></svg></div>`},
			".svg", `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5"><rect/></svg>`},
		{"gonum svg with nested svg",
			ipynb.Figure{Mime: "text/html", Data: "<div><?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><svg x=\"1\"></svg><g/></svg>\n</div><svg>second</svg>"},
			".svg", `<svg xmlns="http://www.w3.org/2000/svg"><svg x="1"></svg><g/></svg>`},
		{"svg mime", ipynb.Figure{Mime: "image/svg+xml", Data: `<svg xmlns="http://www.w3.org/2000/svg"/>` + `<svg></svg >`},
			".svg", `<svg xmlns="http://www.w3.org/2000/svg"/>`},
		{"closing tag with a space", ipynb.Figure{Mime: "text/html", Data: `</svg><svg><svg/></svg >`}, ".svg", `<svg xmlns="http://www.w3.org/2000/svg"><svg/></svg >`},
		{"png", ipynb.Figure{Mime: "image/png", Data: base64.StdEncoding.EncodeToString(png) + "\n"}, ".png", string(png)},
		{"pkg/plot image grid", ipynb.Figure{Mime: "text/html", Data: `<div class="papernb-figure"><img src="data:image/png;base64,` + base64.StdEncoding.EncodeToString(png) + `" alt="digits" width="300"></div><svg></svg>`},
			".png", string(png)},
		{"svg before an image", ipynb.Figure{Mime: "text/html", Data: `<div><svg></svg><img src="data:image/png;base64,AAAA"></div>`}, ".svg", `<svg xmlns="http://www.w3.org/2000/svg"></svg>`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ext, data, err := Thumbnail(tc.fig)
			if err != nil || ext != tc.ext || string(data) != tc.out {
				t.Errorf("Thumbnail = %q, %q, %v; want %q, %q", ext, data, err, tc.ext, tc.out)
			}
		})
	}
	for _, bad := range []ipynb.Figure{
		{Mime: "text/html", Cell: 4, Data: `<div><svg><rect/></div>`},
		{Mime: "image/png", Cell: 4, Data: "not base64!"},
		{Mime: "text/plain", Cell: 4, Data: "x"},
	} {
		if _, _, err := Thumbnail(bad); err == nil || !strings.Contains(err.Error(), "cell 4") {
			t.Errorf("Thumbnail(%q, %q): error %v, want one naming cell 4", bad.Mime, bad.Data, err)
		}
	}
}

func TestIndex(t *testing.T) {
	good, _ := verdict.Parse("VERDICT: REPRODUCED\nprovenance: go1.27.3, GoMLX v0.28.16, backend go, SIMD on (AVX2), mode full, seed 1, compute 143 s\n")
	page, err := Index([]Entry{
		{Num: "09", Title: "DeepONet <operators>", Link: "https://arxiv.org/abs/1910.03193", Page: "09-deeponet.html", Thumbnail: "thumbs/09-deeponet.svg", Verdict: &good},
		{Num: "10", Title: "Feature Learning", Page: "10-x.html"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Notebooks: 2; 1 reproduced, 0 not reproduced, 1 without a full-mode verdict.",
		`<a href="https://arxiv.org/abs/1910.03193">DeepONet &lt;operators&gt;</a>`,
		`<img src="thumbs/09-deeponet.svg"`,
		`<span class="badge reproduced">reproduced</span><span title="compute time of the full-mode run">143 s</span><a class="open" href="09-deeponet.html">`,
		`<span class="badge no-full-mode-verdict">no full-mode verdict</span><span title="compute time of the full-mode run">—</span>`,
		"<span>no figure</span>",
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("index lacks %q", want)
		}
	}
	if urls := ExternalResources(page); len(urls) != 0 {
		t.Errorf("the index loads %q from the network", urls)
	}
}

func TestExternalResources(t *testing.T) {
	page := []byte(`<head>
<script src="https://cdnjs.cloudflare.com/require.min.js"></script>
<script src="mathjax/MathJax.js?config=x"></script>
<link rel="stylesheet" href="//fonts.example.com/a.css">
<LINK href='http://x.org/b.css' rel=stylesheet>
<img alt="x" src=https://x.org/i.png>
</head><body><a href="https://arxiv.org/abs/1">the paper</a> /* https://github.com/comment */</body>`)
	want := []string{"https://cdnjs.cloudflare.com/require.min.js", "//fonts.example.com/a.css", "http://x.org/b.css", "https://x.org/i.png"}
	if got := ExternalResources(page); !slices.Equal(got, want) {
		t.Errorf("ExternalResources = %q, want %q", got, want)
	}
}

func TestCopyMathJax(t *testing.T) {
	src, dst := t.TempDir(), filepath.Join(t.TempDir(), "mathjax")
	for _, f := range []string{"MathJax.js", "config/TeX-AMS-MML_HTMLorMML-full.js", "extensions/a11y/mathmaps/en.json", "extensions/tex2jax.js", "jax/output/SVG/fonts/x.js", "jax/output/HTML-CSS/fonts/y.js", "localization/de/de.js"} {
		os.MkdirAll(filepath.Dir(filepath.Join(src, f)), 0o755)
		os.WriteFile(filepath.Join(src, f), []byte(f), 0o644)
	}
	if err := CopyMathJax(src, dst); err != nil {
		t.Fatal(err)
	}
	var got []string
	filepath.WalkDir(dst, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dst, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return nil
	})
	want := []string{"MathJax.js", "config/TeX-AMS-MML_HTMLorMML-full.js", "extensions/tex2jax.js", "jax/output/HTML-CSS/fonts/y.js", "localization/de/de.js"}
	if !slices.Equal(got, want) {
		t.Errorf("copied %q, want %q", got, want)
	}
}
