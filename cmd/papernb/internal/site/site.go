// Package site builds the static HTML site of the notebooks: the index page
// with a card per notebook, the cards' thumbnails, and the site's own copy of
// MathJax, so that every page renders offline. The notebook pages
// themselves are exported by nbconvert (package jupyter).
package site

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/papernb/papernb/cmd/papernb/internal/ipynb"
	"github.com/papernb/papernb/cmd/papernb/internal/verdict"
)

// Thumbnail returns a notebook figure as a standalone image file: its
// extension (".png", ".svg", ...) and content. A figure shown through HTML is
// cut out of it: the first inline <svg> (given the SVG namespace if it lacks
// one, which an <img> needs) or <img> with a data URI, whichever comes first.
func Thumbnail(fig ipynb.Figure) (ext string, data []byte, err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("figure in cell %d: %w", fig.Cell, err)
		}
	}()
	switch fig.Mime {
	case "image/png":
		return decodeImage("png", fig.Data)
	case "image/svg+xml":
		return standaloneSVG(fig.Data)
	case "text/html":
		img := ipynb.DataImage.FindStringSubmatchIndex(fig.Data)
		svg := strings.Index(fig.Data, "<svg")
		if img != nil && (svg < 0 || img[0] < svg) {
			return decodeImage(fig.Data[img[2]:img[3]], fig.Data[img[4]:img[5]])
		}
		return standaloneSVG(fig.Data)
	}
	return "", nil, fmt.Errorf("mime type %q is not an image", fig.Mime)
}

// decodeImage decodes base64 image data of a mime subtype ("png").
func decodeImage(subtype, b64 string) (string, []byte, error) {
	data, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(b64), ""))
	if err != nil {
		return "", nil, fmt.Errorf("bad base64 %s image: %w", subtype, err)
	}
	ext := "." + strings.TrimSuffix(subtype, "+xml")
	return ext, data, nil
}

// standaloneSVG cuts the first <svg> element out of s and gives it the SVG
// namespace if it lacks one.
func standaloneSVG(s string) (string, []byte, error) {
	svg, ok := cutSVG(s)
	if !ok {
		return "", nil, fmt.Errorf("no complete <svg> element")
	}
	if !strings.Contains(svg[:strings.Index(svg, ">")], "xmlns=") {
		svg = `<svg xmlns="http://www.w3.org/2000/svg"` + svg[len("<svg"):]
	}
	return ".svg", []byte(svg), nil
}

var svgTag = regexp.MustCompile(`<(/?)svg[\s>/]`)

// cutSVG returns the first <svg>…</svg> element of s, nested ones included.
func cutSVG(s string) (string, bool) {
	depth, start := 0, -1
	for _, m := range svgTag.FindAllStringSubmatchIndex(s, -1) {
		end := strings.IndexByte(s[m[0]:], '>')
		if end < 0 {
			return "", false
		}
		end += m[0] + 1 // just past the tag
		closing := m[3] > m[2]
		selfClosing := !closing && s[end-2] == '/'
		switch {
		case closing && start >= 0:
			depth--
			if depth == 0 {
				return s[start:end], true
			}
		case closing:
		case start < 0:
			start, depth = m[0], 1
			if selfClosing {
				return s[start:end], true
			}
		case !selfClosing:
			depth++
		}
	}
	return "", false
}

// Entry is one notebook on the index page.
type Entry struct {
	Num, Title string
	Link       string // the paper; "" when unknown
	Page       string // the notebook's page, relative to the index
	Thumbnail  string // relative to the index; "" when the notebook has no figure
	// Verdict is the notebook's saved full-mode verdict; nil when it has none.
	Verdict *verdict.Result
}

// Badge is the verdict as shown on the card.
func (e Entry) Badge() string {
	switch {
	case e.Verdict == nil:
		return "no full-mode verdict"
	case e.Verdict.Outcome == verdict.Reproduced:
		return "reproduced"
	}
	return "not reproduced"
}

// BadgeClass is the card's CSS class for the badge.
func (e Entry) BadgeClass() string { return strings.ReplaceAll(e.Badge(), " ", "-") }

// ComputeTime is the full-mode compute time, or "—".
func (e Entry) ComputeTime() string {
	if e.Verdict == nil {
		return "—"
	}
	return e.Verdict.ComputeTime()
}

var indexTemplate = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>papernb: ML papers reproduced in miniature, in Go</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #222; background: #fafafa; }
header { padding: 24px 32px 8px; }
header h1 { margin: 0 0 4px; font-size: 28px; }
header p { margin: 4px 0; color: #555; }
main { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 20px; padding: 16px 32px 40px; }
.card { background: white; border: 1px solid #ddd; border-radius: 8px; overflow: hidden; display: flex; flex-direction: column; }
.thumb { display: flex; align-items: center; justify-content: center; height: 190px; background: white; border-bottom: 1px solid #eee; }
.thumb img { max-width: 100%; max-height: 180px; }
.thumb span { color: #999; font-size: 13px; }
.body { padding: 10px 14px 14px; display: flex; flex-direction: column; gap: 6px; flex: 1; }
.num { color: #888; font-size: 13px; font-variant-numeric: tabular-nums; }
.title { font-size: 15px; font-weight: 600; line-height: 1.3; }
.title a { color: #1a4f8b; text-decoration: none; }
.title a:hover { text-decoration: underline; }
.meta { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; font-size: 13px; color: #555; margin-top: auto; }
.meta > * { white-space: nowrap; }
.badge { border-radius: 10px; padding: 2px 9px; font-size: 12px; font-weight: 600; color: white; }
.reproduced { background: #1b7f3b; }
.not-reproduced { background: #b00020; }
.no-full-mode-verdict { background: #888; }
.open { margin-left: auto; }
</style>
</head>
<body>
<header>
<h1>papernb</h1>
<p>Machine-learning papers reproduced in miniature as Go notebooks (GoMLX, GoNB), each ending with a verdict computed from its own numbers.</p>
<p>Notebooks: {{len .Entries}}; {{.Reproduced}} reproduced, {{.NotReproduced}} not reproduced{{if .Unjudged}}, {{.Unjudged}} without a full-mode verdict{{end}}.</p>
</header>
<main>
{{- range .Entries}}
<article class="card">
<a class="thumb" href="{{.Page}}">{{if .Thumbnail}}<img src="{{.Thumbnail}}" alt="first figure of notebook {{.Num}}" loading="lazy">{{else}}<span>no figure</span>{{end}}</a>
<div class="body">
<div class="num">{{.Num}}</div>
<div class="title">{{if .Link}}<a href="{{.Link}}">{{.Title}}</a>{{else}}{{.Title}}{{end}}</div>
<div class="meta"><span class="badge {{.BadgeClass}}">{{.Badge}}</span><span title="compute time of the full-mode run">{{.ComputeTime}}</span><a class="open" href="{{.Page}}">open notebook →</a></div>
</div>
</article>
{{- end}}
</main>
</body>
</html>
`))

// Index renders the index page.
func Index(entries []Entry) ([]byte, error) {
	data := struct {
		Entries                             []Entry
		Reproduced, NotReproduced, Unjudged int
	}{Entries: entries}
	for _, e := range entries {
		switch e.BadgeClass() {
		case "reproduced":
			data.Reproduced++
		case "not-reproduced":
			data.NotReproduced++
		default:
			data.Unjudged++
		}
	}
	var buf bytes.Buffer
	if err := indexTemplate.Execute(&buf, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// MathJaxConfig is the query that selects the combined configuration
// shipped by jupyter-server-mathjax (its only one), with the Safe extension.
const MathJaxConfig = "?config=TeX-AMS-MML_HTMLorMML-full,Safe"

// mathJaxSkip are the parts of jupyter-server-mathjax's MathJax that the
// pages never load: the accessibility extensions with their speech rules
// (3.7 MB, loaded only when a reader turns them on in MathJax's menu) and
// the SVG output's fonts (that output's code is not shipped). The menu's
// translations stay: MathJax loads one for a reader whose browser is not
// in English, and waits for it.
var mathJaxSkip = []string{"extensions/a11y", "jax/output/SVG"}

// CopyMathJax copies the MathJax that the pages use from src (the static
// directory of jupyter-server-mathjax) to dst.
func CopyMathJax(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		for _, skip := range mathJaxSkip {
			if filepath.ToSlash(rel) == skip {
				return filepath.SkipDir
			}
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}

var externalRef = regexp.MustCompile(`(?i)<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*["']?((https?:)?//[^"'\s>]+)`)

// ExternalResources returns the URLs an HTML page would fetch from the
// network to render (scripts, stylesheets, images, frames). Plain links to
// other pages are not resources.
func ExternalResources(page []byte) []string {
	var urls []string
	for _, m := range externalRef.FindAllSubmatch(page, -1) {
		urls = append(urls, string(m[3]))
	}
	return urls
}
