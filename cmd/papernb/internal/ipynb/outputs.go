package ipynb

import (
	"regexp"
	"strings"

	"github.com/papernb/papernb/cmd/papernb/internal/verdict"
)

// A Figure is a saved output that shows a picture: a PNG or SVG image, or
// HTML holding an inline <svg> or an <img> with a data URI (how GoNB and
// pkg/plot show figures, because HTML survives the export to HTML).
type Figure struct {
	Cell int    // index of the cell among all cells
	Mime string // "image/png", "image/svg+xml" or "text/html"
	Data string // base64 for PNG, the markup otherwise
}

// Figures returns the notebook's figures in order.
func (nb *Notebook) Figures() []Figure {
	var figs []Figure
	for i, c := range nb.Cells {
		for _, o := range c.Outputs {
			if f, ok := o.figure(); ok {
				f.Cell = i
				figs = append(figs, f)
			}
		}
	}
	return figs
}

// DataImage matches an HTML <img> whose source is a base64 data URI;
// submatch 1 is the image's mime subtype, 2 its base64 data.
var DataImage = regexp.MustCompile(`<img\b[^>]*\bsrc\s*=\s*["']data:image/(png|jpeg|gif|svg\+xml);base64,([A-Za-z0-9+/=\s]+)["']`)

func (o Output) figure() (Figure, bool) {
	if o.OutputType != DisplayData && o.OutputType != ExecuteResult {
		return Figure{}, false
	}
	for _, mime := range []string{"image/png", "image/svg+xml"} {
		if s, ok := o.DataText(mime); ok {
			return Figure{Mime: mime, Data: s}, true
		}
	}
	if s, ok := o.DataText("text/html"); ok && (strings.Contains(s, "<svg") || DataImage.MatchString(s)) {
		return Figure{Mime: "text/html", Data: s}, true
	}
	return Figure{}, false
}

// A CellError is a saved error output: the cell raised.
type CellError struct {
	Cell  int    `json:"cell"` // index among all cells
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Errors returns the notebook's saved error outputs in order.
func (nb *Notebook) Errors() []CellError {
	var errs []CellError
	for i, c := range nb.Cells {
		for _, o := range c.Outputs {
			if o.OutputType == Error {
				errs = append(errs, CellError{Cell: i, Name: o.EName, Value: o.EValue})
			}
		}
	}
	return errs
}

// Stream concatenates the text a notebook's cells wrote to one stream
// ("stdout" or "stderr"), cell by cell, in order. Lines written by
// different cells never run together.
func (nb *Notebook) Stream(name string) string {
	var b strings.Builder
	for _, c := range nb.Cells {
		if text := c.Stream(name); text != "" {
			b.WriteString(text)
			if !strings.HasSuffix(text, "\n") {
				b.WriteByte('\n')
			}
		}
	}
	return b.String()
}

// Stream concatenates the text the cell wrote to one stream. The kernel
// sends a stream in chunks that may split a line, so it is only whole here.
func (c Cell) Stream(name string) string {
	var b strings.Builder
	for _, o := range c.Outputs {
		if o.OutputType == Stream && o.Name == name {
			b.WriteString(string(o.Text))
		}
	}
	return b.String()
}

// CodeCells returns the indices of the code cells.
func (nb *Notebook) CodeCells() []int {
	var idx []int
	for i, c := range nb.Cells {
		if c.CellType == Code {
			idx = append(idx, i)
		}
	}
	return idx
}

// Verdict returns the last verdict the notebook printed on stdout.
func (nb *Notebook) Verdict() (verdict.Result, bool) {
	return verdict.Parse(nb.Stream("stdout"))
}

// FullVerdict returns the verdict of a full-mode run saved in the notebook;
// nil when it holds none (never run, failed, or run in quick mode).
func (nb *Notebook) FullVerdict() *verdict.Result {
	if v, ok := nb.Verdict(); ok && v.Full() {
		return &v
	}
	return nil
}
