package plot

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// svgTexts parses svg as XML (failing the test if it is not) and returns
// the contents of its <text> elements.
func svgTexts(t *testing.T, svg []byte) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var texts []string
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inText = tok.Name.Local == "text"
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if inText {
				texts = append(texts, strings.TrimSpace(string(tok)))
			}
		}
	}
	return texts
}

func mustSVG(t *testing.T, f *Figure) []byte {
	t.Helper()
	svg, err := f.SVG()
	if err != nil {
		t.Fatal(err)
	}
	return svg
}

func ramp(n int, f func(float64) float64) (x, y []float64) {
	for i := range n {
		v := float64(i+1) / float64(n)
		x, y = append(x, v), append(y, f(v))
	}
	return x, y
}

func TestSVGHasTitleLabelsAndLegendAsText(t *testing.T) {
	x, y := ramp(50, math.Sqrt)
	f := Lines("Loss & accuracy <test>", Axis{Label: "step"}, Axis{Label: "loss (nats)"},
		Series{Name: "Adam", X: x, Y: y},
		Series{Name: "SGD", X: x, Y: y, Style: Dashed},
		Series{X: x, Y: y, Style: Dotted}) // unnamed: no legend entry
	texts := svgTexts(t, mustSVG(t, f))
	for _, want := range []string{"Loss & accuracy <test>", "step", "loss (nats)", "Adam", "SGD"} {
		found := false
		for _, txt := range texts {
			found = found || txt == want
		}
		if !found {
			t.Errorf("SVG has no <text> %q; texts: %q", want, texts)
		}
	}
	svg := string(mustSVG(t, f))
	if strings.Contains(svg, "@font-face") {
		t.Error("SVG embeds fonts; text should use a font-family with fallbacks")
	}
	if !strings.Contains(svg, "font-family:'Liberation Sans',Arial,Helvetica,sans-serif") {
		t.Error("SVG text lacks the Liberation Sans/Arial/sans-serif font-family")
	}
	if !strings.Contains(svg, "stroke-dasharray") {
		t.Error("Dashed and Dotted series drew no dashes")
	}
}

func TestPathsGrowOneLinePerSeries(t *testing.T) {
	x, y := ramp(30, func(v float64) float64 { return v * v })
	count := func(n int, yy []float64) int {
		var ss []Series
		for range n {
			ss = append(ss, Series{X: x, Y: yy})
		}
		return strings.Count(string(mustSVG(t, Lines("t", Axis{}, Axis{}, ss...))), "<path")
	}
	one, two, four := count(1, y), count(2, y), count(4, y)
	if two-one != 1 || four-two != 2 {
		t.Errorf("<path> counts for 1, 2, 4 series: %d, %d, %d; want one more path per series", one, two, four)
	}
	// A NaN breaks a line in two and never reaches the SVG.
	withNaN := append([]float64(nil), y...)
	withNaN[10] = math.NaN()
	if got := count(1, withNaN); got != one+1 {
		t.Errorf("a series with a NaN in the middle drew %d paths, want %d (the line broken in two)", got, one+1)
	}
	svg := string(mustSVG(t, Lines("t", Axis{}, Axis{}, Series{X: x, Y: withNaN, Lo: withNaN, Hi: withNaN, Err: y})))
	if strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
		t.Error("NaN or Inf reached the SVG")
	}
}

func TestScatterIgnoresStyle(t *testing.T) {
	x, y := ramp(20, math.Exp)
	a := mustSVG(t, Scatter("s", Axis{}, Axis{}, Series{Name: "p", X: x, Y: y, Style: Dashed}))
	b := mustSVG(t, Lines("s", Axis{}, Axis{}, Series{Name: "p", X: x, Y: y, Style: Points}))
	if !bytes.Equal(a, b) {
		t.Error("Scatter with a Dashed series differs from Lines with a Points series")
	}
}

func TestScatterMarkersAreCircles(t *testing.T) {
	x, y := ramp(300, math.Sin)
	x2, y2 := ramp(7, math.Cos)
	svg := mustSVG(t, Scatter("s", Axis{}, Axis{}, Series{Name: "dense", X: x, Y: y}, Series{Name: "few", X: x2, Y: y2}))
	svgTexts(t, svg) // well-formed
	// One circle per point, plus one per legend marker.
	if got := strings.Count(string(svg), "<circle "); got != 300+7+2 {
		t.Errorf("%d <circle> elements, want %d", got, 300+7+2)
	}
	if strings.Contains(string(svg), " 0 1 1 ") {
		t.Error("some markers are still arc paths")
	}
	if len(svg) > 300*60 {
		t.Errorf("scatter of 307 points is %d bytes, want under %d", len(svg), 300*60)
	}
}

func TestLogTicksArePowersOfTen(t *testing.T) {
	ticks := logTicks{}.Ticks(2e-4, 3e4)
	var labels []string
	for _, tk := range ticks {
		if tk.Label == "" {
			continue
		}
		labels = append(labels, tk.Label)
		e := math.Log10(tk.Value)
		if math.Abs(e-math.Round(e)) > 1e-9 {
			t.Errorf("labelled log tick %g (%q) is not a power of ten", tk.Value, tk.Label)
		}
	}
	want := []string{"1e-3", "0.01", "0.1", "1", "10", "100", "1000", "10000"}
	if fmt.Sprint(labels) != fmt.Sprint(want) {
		t.Errorf("log tick labels on [2e-4, 3e4] = %q, want %q", labels, want)
	}
	if len(ticks) <= len(labels) {
		t.Error("no minor ticks between the powers of ten")
	}
	// Less than a decade wide: still at least two labelled values.
	n := 0
	for _, tk := range (logTicks{}).Ticks(0.3, 0.9) {
		if tk.Label != "" {
			n++
		}
	}
	if n < 2 {
		t.Errorf("log axis [0.3, 0.9] has %d labelled ticks, want at least 2", n)
	}
	// On a figure, the labels are SVG text.
	f := Lines("log", Axis{Label: "n", Log: true}, Axis{Label: "err", Log: true},
		Series{X: []float64{1e-3, 1, 1e3}, Y: []float64{1, 10, 100}})
	texts := strings.Join(svgTexts(t, mustSVG(t, f)), "|")
	for _, want := range []string{"|1e-3|", "|1|", "|1000|", "|100|"} {
		if !strings.Contains("|"+texts+"|", want) {
			t.Errorf("log figure lacks tick %s; texts %s", want, texts)
		}
	}
}

func TestLinearTicksAreRoundAndFew(t *testing.T) {
	for _, r := range [][2]float64{{0, 1}, {50, 3000}, {-3.2, 5.4}, {0.0012, 0.0031}, {1e6, 9e6}, {97, 99}} {
		ticks := linearTicks{}.Ticks(r[0], r[1])
		if len(ticks) < 3 || len(ticks) > 9 {
			t.Errorf("range %v: %d ticks, want 3 to 9", r, len(ticks))
		}
		seen := map[string]bool{}
		for _, tk := range ticks {
			if tk.Value < r[0]-1e-12 || tk.Value > r[1]+1e-12 {
				t.Errorf("range %v: tick %g outside", r, tk.Value)
			}
			if seen[tk.Label] {
				t.Errorf("range %v: duplicate label %q", r, tk.Label)
			}
			seen[tk.Label] = true
		}
	}
	got := fmt.Sprint(linearTicks{}.Ticks(0, 1))
	if !strings.Contains(got, "0.2") || !strings.Contains(got, "0.4") {
		t.Errorf("ticks on [0, 1] = %s, want steps of 0.2", got)
	}
}

// embeddedImage decodes the first <image> of an SVG.
func embeddedImage(t *testing.T, svg []byte) image.Image {
	t.Helper()
	m := regexp.MustCompile(`xlink:href="data:image/png;base64,([^"]+)"`).FindSubmatch(svg)
	if m == nil {
		t.Fatal("SVG has no embedded PNG image")
	}
	data, err := base64.StdEncoding.DecodeString(string(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func sameColor(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

func TestHeatmapColoursAndOrientation(t *testing.T) {
	z := [][]float64{{0, 1, 2}, {3, 4, 5}} // row 0 at the bottom: min bottom-left, max top-right
	svg := mustSVG(t, Heatmap("h", Axis{Label: "col"}, Axis{Label: "row"}, z, "value"))
	img := embeddedImage(t, svg)
	b := img.Bounds()
	bottomLeft := img.At(b.Min.X, b.Max.Y-1)
	topRight := img.At(b.Max.X-1, b.Min.Y)
	if sameColor(bottomLeft, topRight) {
		t.Fatal("min and max cells have the same colour")
	}
	if !sameColor(bottomLeft, Viridis(0)) || !sameColor(topRight, Viridis(1)) {
		t.Errorf("bottom-left %v, top-right %v: want viridis(0) %v for z[0][0] and viridis(1) %v for the max",
			bottomLeft, topRight, Viridis(0), Viridis(1))
	}
	if !slicesContain(svgTexts(t, svg), "value") {
		t.Error("colour bar label missing")
	}
	if !strings.Contains(string(svg), `preserveAspectRatio="none"`) {
		t.Error("embedded images keep their aspect ratio: the colour bar would shrink to a line")
	}
}

func slicesContain(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestLogColorHeatmap(t *testing.T) {
	z := [][]float64{{1, 10}, {100, 1000}}
	svg := mustSVG(t, Heatmap("h", Axis{}, Axis{}, z, "loss").LogColor())
	img := embeddedImage(t, svg)
	b := img.Bounds()
	// z[0][1] = 10 is a third of the way up the log range: bottom-right cell.
	if got, want := img.At(b.Max.X-1, b.Max.Y-1), Viridis(1.0/3); !sameColor(got, want) {
		t.Errorf("cell 10 on a log colour scale over [1, 1000] is %v, want viridis(1/3) = %v", got, want)
	}
	texts := svgTexts(t, svg)
	for _, want := range []string{"1", "10", "100", "1000"} {
		if !slicesContain(texts, want) {
			t.Errorf("log colour bar lacks label %q; texts %q", want, texts)
		}
	}
	if _, err := Heatmap("h", Axis{}, Axis{}, [][]float64{{1, 0}}, "z").LogColor().SVG(); err == nil ||
		!strings.Contains(err.Error(), "z[0][1] = 0 is not positive") {
		t.Errorf("LogColor with a zero: error %v", err)
	}
}

func TestReferenceLines(t *testing.T) {
	x, y := ramp(10, math.Sqrt) // y in (0, 1]
	base := strings.Count(string(mustSVG(t, Lines("r", Axis{}, Axis{}, Series{X: x, Y: y}))), "<path")
	f := Lines("r", Axis{}, Axis{}, Series{X: x, Y: y}).HLine("chance", 2, Dashed).VLine("", 0.5, Dotted)
	svg := mustSVG(t, f)
	// Two more lines, plus the legend's box, border and sample for "chance".
	if got := strings.Count(string(svg), "<path"); got != base+2+3 {
		t.Errorf("%d paths with two reference lines and a legend entry, want %d", got, base+5)
	}
	texts := svgTexts(t, svg)
	if !slicesContain(texts, "chance") || !slicesContain(texts, "2.00") {
		t.Errorf("HLine at 2 above the data: want its legend entry and the y axis stretched to 2; texts %q", texts)
	}
	for _, c := range []struct {
		fig  *Figure
		want string
	}{
		{Bars("b", Axis{}, []string{"a"}, BarSeries{Values: []float64{1}}).VLine("v", 0, Line), "x axis holds groups"},
		{Lines("l", Axis{}, Axis{Log: true}, Series{X: x, Y: y}).HLine("zero", 0, Line), `HLine("zero", 0): the axis is Log`},
		{Lines("l", Axis{}, Axis{}, Series{X: x, Y: y}).HLine("p", 1, Points), "not a line style"},
		{Lines("l", Axis{}, Axis{}, Series{X: x, Y: y}).VLine("nan", math.NaN(), Line), "must be finite"},
	} {
		if _, err := c.fig.SVG(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want one containing %q", err, c.want)
		}
	}
}

func TestPNGSizes(t *testing.T) {
	x, y := ramp(10, math.Log)
	data, err := Lines("p", Axis{}, Axis{}, Series{X: x, Y: y}).Size(10, 5).PNG()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	wantW, wantH := 10/2.54*pngDPI, 5/2.54*pngDPI
	if math.Abs(float64(img.Bounds().Dx())-wantW) > 1 || math.Abs(float64(img.Bounds().Dy())-wantH) > 1 {
		t.Errorf("10x5 cm PNG is %v, want about %.0fx%.0f", img.Bounds().Size(), wantW, wantH)
	}

	// An image grid: 3 images of 4x6 in 2 columns. The first image's
	// top-left pixel is its minimum (black), its last pixel its maximum.
	ims := make([][]float64, 3)
	for k := range ims {
		ims[k] = make([]float64, 24)
		for i := range ims[k] {
			ims[k][i] = float64(i * (k + 1))
		}
	}
	f := ImageGrid("", ims, 4, 6, 2)
	l := f.gridLayout()
	data, err = f.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img, err = png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != l.canvasW || img.Bounds().Dy() != l.canvasH {
		t.Fatalf("image grid PNG is %v, want %dx%d", img.Bounds().Size(), l.canvasW, l.canvasH)
	}
	wantMosaicW := 2*6*l.zoom + l.gap
	if l.mosaicW != wantMosaicW || l.zoom < 2 {
		t.Errorf("mosaic width %d (zoom %d), want %d with a zoom of at least 2 for tiny images", l.mosaicW, l.zoom, wantMosaicW)
	}
	ox, oy := (l.canvasW-l.mosaicW)/2, l.margin
	at := func(x, y int) uint32 { r, _, _, _ := img.At(x, y).RGBA(); return r >> 8 }
	if v := at(ox+1, oy+1); v > 10 {
		t.Errorf("first image's minimum pixel has gray %d, want black", v)
	}
	if v := at(ox+6*l.zoom-2, oy+4*l.zoom-2); v < 245 {
		t.Errorf("first image's maximum pixel has gray %d, want white", v)
	}
}

func TestBadInputNamesTheValue(t *testing.T) {
	x := []float64{1, 2, 3}
	cases := []struct {
		name string
		fig  *Figure
		want string
	}{
		{"Y length", Lines("t", Axis{}, Axis{}, Series{Name: "a", X: x, Y: x[:2]}), `series "a" has 3 X values and 2 Y values`},
		{"Err length", Lines("t", Axis{}, Axis{}, Series{X: x, Y: x, Err: x[:1]}), "series #0 has 3 X values and 1 Err values"},
		{"band half", Lines("t", Axis{}, Axis{}, Series{X: x, Y: x, Lo: x}), "only one of Lo and Hi"},
		{"empty", Lines("t", Axis{}, Axis{}, Series{Name: "e"}), `series "e" is empty`},
		{"no series", Lines("t", Axis{}, Axis{}), "at least one series"},
		{"all NaN", Lines("t", Axis{}, Axis{}, Series{X: x, Y: []float64{math.NaN(), math.NaN(), math.NaN()}}), "no point with finite X and Y"},
		{"log y", Lines("t", Axis{}, Axis{Log: true}, Series{Name: "l", X: x, Y: []float64{1, 0, 2}}), `series "l": Y[1] = 0 is not positive, but the y axis is Log`},
		{"log x", Scatter("t", Axis{Log: true}, Axis{}, Series{X: []float64{-1, 1, 2}, Y: x}), "X[0] = -1 is not positive"},
		{"axis range", Lines("t", Axis{Min: 2, Max: 1}, Axis{}, Series{X: x, Y: x}), "x axis range [2, 1]: Min must be below Max"},
		{"log range", Lines("t", Axis{}, Axis{Log: true, Min: 0, Max: 10}, Series{X: x, Y: x}), "y axis is Log, so its range [0, 10] must be positive"},
		{"bins", Histogram("t", Axis{}, 0, false, HistSeries{Values: x}), "bins = 0"},
		{"hist log", Histogram("t", Axis{Log: true}, 5, false, HistSeries{Name: "h", Values: []float64{1, -2}}), `histogram "h": value -2 is not positive`},
		{"bar count", Bars("t", Axis{}, []string{"a", "b"}, BarSeries{Name: "b", Values: x}), `bar series "b" has 3 values for 2 groups`},
		{"bar log", Bars("t", Axis{Log: true}, []string{"a"}, BarSeries{Values: []float64{0}}), `value 0 (group "a") is not positive`},
		{"ragged z", Heatmap("t", Axis{}, Axis{}, [][]float64{{1, 2}, {3}}, "z"), "z row 1 has 1 columns, row 0 has 2"},
		{"empty z", Heatmap("t", Axis{}, Axis{}, nil, "z"), "heatmap z is empty"},
		{"log heatmap", Heatmap("t", Axis{Log: true}, Axis{}, [][]float64{{1}}, "z"), "set its Min and Max"},
		{"image size", ImageGrid("t", [][]float64{make([]float64, 4), make([]float64, 5)}, 2, 2, 2), "image 1 has 5 values, want height*width = 2*2 = 4"},
		{"cols", ImageGrid("t", [][]float64{make([]float64, 4)}, 2, 2, 0), "cols = 0"},
		{"Size", Lines("t", Axis{}, Axis{}, Series{X: x, Y: x}).Size(0, 5), "Size(0, 5)"},
		{"Add on heatmap", Heatmap("t", Axis{}, Axis{}, [][]float64{{1}}, "z").Add(Series{X: x, Y: x}), "cannot be overlaid"},
		{"style", Lines("t", Axis{}, Axis{}, Series{X: x, Y: x, Style: 9}), "unknown style 9"},
	}
	for _, c := range cases {
		_, err := c.fig.SVG()
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q does not contain %q", c.name, err, c.want)
		}
		if _, perr := c.fig.PNG(); perr == nil || perr.Error() != err.Error() {
			t.Errorf("%s: PNG error %v differs from SVG error %v", c.name, perr, err)
		}
	}
	err := Lines("t", Axis{}, Axis{}, Series{X: x, Y: x}).Save(filepath.Join(t.TempDir(), "f.jpg"))
	if err == nil || !strings.Contains(err.Error(), `extension ".jpg"`) || !strings.Contains(err.Error(), ".svg or .png") {
		t.Errorf("Save to .jpg: error %v, want one naming the extension and what is allowed", err)
	}
}

func TestShowPanicsWithTheError(t *testing.T) {
	f := Lines("broken", Axis{}, Axis{}, Series{Name: "a", X: []float64{1}, Y: nil})
	defer func() {
		r := recover()
		err, ok := r.(error)
		if !ok || !strings.Contains(err.Error(), `series "a" has 1 X values and 0 Y values`) {
			t.Errorf("Show panicked with %v, want the figure's error", r)
		}
	}()
	f.Show()
	t.Error("Show did not panic")
}

func TestShowSavesToFigDir(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(FigDirEnv, dir)
	x, y := ramp(5, math.Sqrt)
	Lines("First: loss curve", Axis{}, Axis{}, Series{X: x, Y: y}).Show()
	ImageGrid("Samples", [][]float64{{0, 1, 2, 3}}, 2, 2, 1).Show()
	Row(Lines("a", Axis{}, Axis{}, Series{X: x, Y: y}))
	var names []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"001-first-loss-curve.svg", "002-samples.png", "003-a.svg"}
	if fmt.Sprint(names) != fmt.Sprint(want) {
		t.Errorf("%s holds %q, want %q", FigDirEnv, names, want)
	}
}

func TestHistogramBinsAndDensity(t *testing.T) {
	edges := []float64{0, 1, 2, 3}
	counts, n := histCounts([]float64{0, 0.5, 1, 2.9, 3, 3.1, -1, math.NaN()}, edges, false)
	if fmt.Sprint(counts) != "[2 1 2]" || n != 5 {
		t.Errorf("counts %v of %d values, want [2 1 2] of 5 (the last bin holds its upper edge)", counts, n)
	}
	// Density histograms integrate to one, whatever the bin widths.
	vals := []float64{1, 2, 3, 5, 8, 13, 21, 34, 55, 89}
	f := Histogram("d", Axis{Log: true}, 7, true, HistSeries{Values: vals})
	edges = f.histEdges()
	if math.Abs(edges[0]-1) > 1e-12 || math.Abs(edges[7]-89) > 1e-12 {
		t.Errorf("log bins span [%g, %g], want [1, 89]", edges[0], edges[7])
	}
	if r0, r1 := edges[1]/edges[0], edges[7]/edges[6]; math.Abs(r0-r1) > 1e-9 {
		t.Errorf("log bins are not geometric: ratios %g and %g", r0, r1)
	}
	counts, n = histCounts(vals, edges, true)
	area := 0.0
	for i, d := range densities(counts, n, edges) {
		area += d * (edges[i+1] - edges[i])
	}
	if n != len(vals) || math.Abs(area-1) > 1e-12 {
		t.Errorf("binned %d of %d values; density area %g, want 1", n, len(vals), area)
	}
	mustSVG(t, f)
}

func TestLegendAvoidsData(t *testing.T) {
	// Data only in the top-right corner region: the legend must go elsewhere.
	x := []float64{0, 0.8, 0.85, 0.9, 0.95, 1}
	y := []float64{0, 0.8, 0.9, 0.95, 0.9, 1}
	f := Scatter("s", Axis{}, Axis{}, Series{Name: "points", X: x, Y: y})
	p, entries, occ, err := f.buildPlot()
	if err != nil {
		t.Fatal(err)
	}
	c := draw.New(vgsvg.New(f.sizePt()))
	_, k, covered := newLegend(entries).place(c, p, occ)
	if k == (corner{true, true}) || covered != 0 {
		t.Errorf("legend placed at %+v covering %d cells; want a free corner, not top right", k, covered)
	}
}

func TestRowHTMLAndSlug(t *testing.T) {
	x, y := ramp(5, math.Sqrt)
	a := Lines("a", Axis{}, Axis{}, Series{X: x, Y: y})
	h, err := RowHTML(a, a, ImageGrid("g", [][]float64{{0, 1, 2, 3}}, 2, 2, 1))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(h, "<svg") != 2 || strings.Count(h, "<img") != 1 || !strings.Contains(h, "display:flex") {
		t.Errorf("RowHTML: want a flex row of 2 SVGs and 1 image, got %.300s", h)
	}
	if strings.Contains(h, "<?xml") {
		t.Error("inline SVG keeps its XML declaration")
	}
	for in, want := range map[string]string{"Loss vs. steps (log-log)": "loss-vs-steps-log-log", "": "figure", "µ-P: α!": "p"} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDemoFiguresRenderSmall(t *testing.T) {
	for _, f := range demoFigures() {
		svg := mustSVG(t, f)
		svgTexts(t, svg)
		if len(svg) > 200_000 {
			t.Errorf("%q: SVG is %d bytes, want under 200 kB", f.title, len(svg))
		}
		if _, err := f.PNG(); err != nil {
			t.Error(err)
		}
	}
}
