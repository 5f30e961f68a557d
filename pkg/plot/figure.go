package plot

import (
	"fmt"
	"math"
)

// Axis describes one axis of a figure.
type Axis struct {
	// Label names the quantity and its unit, e.g. "step" or "loss (nats)".
	Label string
	// Log selects a log10 scale, with ticks at powers of ten labelled
	// 0.01, 0.1, 1, 10, 100 (1e-3, 1e5 … beyond that). Every value drawn on
	// a log axis must be positive.
	Log bool
	// Min and Max fix the range; Min == Max == 0 chooses it from the data.
	Min, Max float64
}

func (a Axis) auto() bool { return a.Min == 0 && a.Max == 0 }

func (a Axis) check(name string) error {
	if a.auto() {
		return nil
	}
	if math.IsNaN(a.Min) || math.IsNaN(a.Max) || math.IsInf(a.Min, 0) || math.IsInf(a.Max, 0) {
		return fmt.Errorf("%s axis range [%g, %g] must be finite", name, a.Min, a.Max)
	}
	if a.Min >= a.Max {
		return fmt.Errorf("%s axis range [%g, %g]: Min must be below Max (or both 0 for an automatic range)", name, a.Min, a.Max)
	}
	if a.Log && a.Min <= 0 {
		return fmt.Errorf("%s axis is Log, so its range [%g, %g] must be positive", name, a.Min, a.Max)
	}
	return nil
}

// Style is how a Series is drawn.
type Style int

const (
	Line       Style = iota // a solid line (the default)
	Points                  // markers only
	LinePoints              // a solid line with markers
	Dashed                  // a dashed line, e.g. for a theory curve or a baseline
	Dotted                  // a dotted line, a second kind of reference curve
)

func (s Style) String() string {
	switch s {
	case Line:
		return "Line"
	case Points:
		return "Points"
	case LinePoints:
		return "LinePoints"
	case Dashed:
		return "Dashed"
	case Dotted:
		return "Dotted"
	}
	return fmt.Sprintf("Style(%d)", int(s))
}

func (s Style) hasLine() bool   { return s != Points }
func (s Style) hasPoints() bool { return s == Points || s == LinePoints }

// Series is one curve (or set of points) of a Lines or Scatter figure, or a
// curve overlaid with Add.
type Series struct {
	// Name is the legend entry; "" leaves the series out of the legend.
	Name string
	// X and Y are the coordinates; they must have the same length.
	X, Y []float64
	// Lo and Hi, when set, draw a shaded band between them (e.g. the spread
	// over seeds); both must have the length of X.
	Lo, Hi []float64
	// Err, when set, draws symmetric error bars Y±Err; length of X.
	Err []float64
	// Style is how the series is drawn (Line by default).
	Style Style
}

// BarSeries is one colour of a grouped bar chart: one value per group.
type BarSeries struct {
	Name   string
	Values []float64
	// Err, when set, draws symmetric error bars; one per value.
	Err []float64
}

// HistSeries is one data set of a Histogram.
type HistSeries struct {
	Name   string
	Values []float64
}

type kind int

const (
	kindLines kind = iota
	kindScatter
	kindBars
	kindHistogram
	kindHeatmap
	kindImageGrid
)

// Default size of a figure: wide enough for a notebook column, readable at
// 100% zoom in exported HTML.
const (
	DefaultWidthCm  = 16
	DefaultHeightCm = 10
)

// Figure is a figure ready to be shown or saved. Build it with Lines,
// Scatter, Bars, Histogram, Heatmap or ImageGrid. Invalid input is kept as an
// error and reported by SVG, PNG, Save and Show.
type Figure struct {
	kind  kind
	title string
	x, y  Axis

	series []Series // lines, scatter, and curves overlaid with Add

	groups []string // bars
	bars   []BarSeries

	hists   []HistSeries // histogram
	bins    int
	density bool

	refs []refLine // reference lines, drawn after the series

	z      [][]float64 // heatmap
	zLabel string
	zLog   bool

	images        [][]float64 // image grid
	height, width int
	cols          int

	widthCm, heightCm float64
	sized             bool // Size was called

	err error
}

func newFigure(k kind, title string, x, y Axis) *Figure {
	return &Figure{kind: k, title: title, x: x, y: y, widthCm: DefaultWidthCm, heightCm: DefaultHeightCm}
}

func (f *Figure) fail(err error) {
	if f.err == nil && err != nil {
		f.err = fmt.Errorf("plot %q: %w", f.title, err)
	}
}

// Err returns the first problem found in the figure's input, or nil.
func (f *Figure) Err() error { return f.err }

// Lines draws each series as a line (or in its Style), with its band and
// error bars when set.
func Lines(title string, x, y Axis, series ...Series) *Figure {
	return seriesFigure(kindLines, "Lines", title, x, y, series)
}

// Scatter draws each series as points, whatever its Style. To put curves
// (a decision boundary, a fit) over points, use Lines and give the point
// series Style: Points.
func Scatter(title string, x, y Axis, series ...Series) *Figure {
	points := make([]Series, len(series))
	for i, s := range series {
		s.Style = Points
		points[i] = s
	}
	return seriesFigure(kindScatter, "Scatter", title, x, y, points)
}

func seriesFigure(k kind, fn, title string, x, y Axis, series []Series) *Figure {
	f := newFigure(k, title, x, y)
	f.fail(x.check("x"))
	f.fail(y.check("y"))
	if len(series) == 0 {
		f.fail(fmt.Errorf("%s needs at least one series", fn))
	}
	return f.Add(series...)
}

// Bars draws grouped bars: one group per label in groups, one bar (and one
// colour) per BarSeries in each group. y may be Log; the bars then start at
// the bottom of the axis.
func Bars(title string, y Axis, groups []string, bars ...BarSeries) *Figure {
	f := newFigure(kindBars, title, Axis{}, y)
	f.groups, f.bars = groups, bars
	f.fail(y.check("y"))
	if len(groups) == 0 {
		f.fail(fmt.Errorf("Bars needs at least one group label"))
	}
	if len(bars) == 0 {
		f.fail(fmt.Errorf("Bars needs at least one BarSeries"))
	}
	for i, b := range bars {
		name := seriesName(b.Name, i)
		if len(b.Values) != len(groups) {
			f.fail(fmt.Errorf("bar series %s has %d values for %d groups", name, len(b.Values), len(groups)))
		}
		if b.Err != nil && len(b.Err) != len(b.Values) {
			f.fail(fmt.Errorf("bar series %s has %d Err values for %d values", name, len(b.Err), len(b.Values)))
		}
		for j, v := range b.Values {
			if y.Log && v <= 0 {
				f.fail(fmt.Errorf("bar series %s: value %g (group %q) is not positive, but the y axis is Log", name, v, groups[j]))
			}
		}
		for j, e := range b.Err {
			if e < 0 {
				f.fail(fmt.Errorf("bar series %s: Err[%d] = %g is negative", name, j, e))
			}
		}
	}
	return f
}

// Histogram draws overlaid, semi-transparent histograms of the series, all
// with the same bin edges: bins equal bins between x.Min and x.Max, or
// between the smallest and largest value when x's range is automatic (values
// outside a fixed range are left out). On a Log x axis the bins are evenly
// spaced in log10. With density, each histogram is normalised to unit area
// (so a probability density can be overlaid with Add); otherwise the y axis
// counts values. NaN and ±Inf values are skipped.
func Histogram(title string, x Axis, bins int, density bool, hists ...HistSeries) *Figure {
	yLabel := "count"
	if density {
		yLabel = "density"
	}
	f := newFigure(kindHistogram, title, x, Axis{Label: yLabel})
	f.hists, f.bins, f.density = hists, bins, density
	f.fail(x.check("x"))
	if bins <= 0 || bins > 10000 {
		f.fail(fmt.Errorf("bins = %d: use 1 to 10000 bins", bins))
	}
	if len(hists) == 0 {
		f.fail(fmt.Errorf("Histogram needs at least one HistSeries"))
	}
	for i, h := range hists {
		name := seriesName(h.Name, i)
		n := 0
		for _, v := range h.Values {
			if finite(v) {
				n++
				if x.Log && v <= 0 {
					f.fail(fmt.Errorf("histogram %s: value %g is not positive, but the x axis is Log", name, v))
					break
				}
			}
		}
		if n == 0 {
			f.fail(fmt.Errorf("histogram %s has no finite values", name))
		}
	}
	return f
}

// Heatmap draws z as coloured cells, z[row][col], row 0 at the bottom, with
// a colour bar labelled zLabel and a perceptual (viridis) colormap. With an
// automatic range, the cell centres of an axis are at 0, 1, 2, …; with Min
// and Max set, the cells tile [Min, Max] evenly (evenly in log10 on a Log
// axis). NaN cells are left blank.
func Heatmap(title string, x, y Axis, z [][]float64, zLabel string) *Figure {
	f := newFigure(kindHeatmap, title, x, y)
	f.z, f.zLabel = z, zLabel
	f.fail(x.check("x"))
	f.fail(y.check("y"))
	if x.Log && x.auto() {
		f.fail(fmt.Errorf("heatmap x axis is Log: set its Min and Max (the cells tile them evenly in log10)"))
	}
	if y.Log && y.auto() {
		f.fail(fmt.Errorf("heatmap y axis is Log: set its Min and Max (the cells tile them evenly in log10)"))
	}
	if len(z) == 0 || len(z[0]) == 0 {
		f.fail(fmt.Errorf("heatmap z is empty: it needs at least one row and one column"))
		return f
	}
	anyFinite := false
	for r, row := range z {
		if len(row) != len(z[0]) {
			f.fail(fmt.Errorf("heatmap z row %d has %d columns, row 0 has %d", r, len(row), len(z[0])))
		}
		for _, v := range row {
			anyFinite = anyFinite || finite(v)
		}
	}
	if !anyFinite {
		f.fail(fmt.Errorf("heatmap z has no finite value"))
	}
	return f
}

// ImageGrid shows grayscale images, each row-major with height*width
// values, in a grid of cols columns. Each image is scaled from its own
// minimum (black) to its maximum (white); a constant image is black. The
// grid is drawn at an integer zoom so pixels stay sharp, and shown as PNG.
func ImageGrid(title string, images [][]float64, height, width, cols int) *Figure {
	f := newFigure(kindImageGrid, title, Axis{}, Axis{})
	f.images, f.height, f.width, f.cols = images, height, width, cols
	if height <= 0 || width <= 0 {
		f.fail(fmt.Errorf("image size %dx%d: height and width must be positive", height, width))
		return f
	}
	if cols <= 0 {
		f.fail(fmt.Errorf("cols = %d: use at least 1 column", cols))
	}
	if len(images) == 0 {
		f.fail(fmt.Errorf("ImageGrid needs at least one image"))
	}
	for i, im := range images {
		if len(im) != height*width {
			f.fail(fmt.Errorf("image %d has %d values, want height*width = %d*%d = %d", i, len(im), height, width, height*width))
		}
	}
	return f
}

// Add overlays more curves (e.g. a theory curve on a histogram or a
// scatter plot), drawn in their Style, after the figure's own data. Curves
// take palette colours after the figure's own series. It is not allowed on
// image grids and heatmaps (use the figure's own data there).
func (f *Figure) Add(series ...Series) *Figure {
	if f.kind == kindImageGrid || f.kind == kindHeatmap {
		f.fail(fmt.Errorf("Add: curves cannot be overlaid on an image grid or a heatmap"))
		return f
	}
	for _, s := range series {
		f.fail(checkSeries(s, len(f.series), f.x, f.y))
		f.series = append(f.series, s)
	}
	return f
}

// refLine is a horizontal or vertical reference line across the plot.
type refLine struct {
	name     string
	value    float64
	vertical bool
	style    Style
}

// HLine draws a horizontal line at y across the whole plot: a threshold, a
// chance level, the paper's number. It takes the next palette colour and,
// unless name is "", a legend entry. It is allowed on lines, scatter, bar
// and histogram figures.
func (f *Figure) HLine(name string, y float64, style Style) *Figure {
	return f.addRef(refLine{name: name, value: y, style: style})
}

// VLine draws a vertical line at x across the whole plot (a step where the
// learning rate drops, a mean), like HLine. It is not allowed on bar charts,
// whose x axis is categorical.
func (f *Figure) VLine(name string, x float64, style Style) *Figure {
	return f.addRef(refLine{name: name, value: x, vertical: true, style: style})
}

func (f *Figure) addRef(r refLine) *Figure {
	fn, axis := "HLine", f.y
	if r.vertical {
		fn, axis = "VLine", f.x
	}
	switch {
	case f.kind == kindImageGrid || f.kind == kindHeatmap:
		f.fail(fmt.Errorf("%s(%q): reference lines cannot be drawn on an image grid or a heatmap", fn, r.name))
	case f.kind == kindBars && r.vertical:
		f.fail(fmt.Errorf("VLine(%q): a bar chart's x axis holds groups, not values", r.name))
	case !finite(r.value):
		f.fail(fmt.Errorf("%s(%q, %g): the position must be finite", fn, r.name, r.value))
	case axis.Log && r.value <= 0:
		f.fail(fmt.Errorf("%s(%q, %g): the axis is Log, so the position must be positive", fn, r.name, r.value))
	case r.style < Line || r.style > Dotted || r.style == Points:
		f.fail(fmt.Errorf("%s(%q): style %v is not a line style: use Line, Dashed or Dotted", fn, r.name, r.style))
	}
	f.refs = append(f.refs, r)
	return f
}

// LogColor maps a heatmap's values to colours on a log10 scale, for losses
// or errors that span decades; every finite value must then be positive.
func (f *Figure) LogColor() *Figure {
	if f.kind != kindHeatmap {
		f.fail(fmt.Errorf("LogColor applies to heatmaps only"))
		return f
	}
	f.zLog = true
	for r, row := range f.z {
		for c, v := range row {
			if v <= 0 {
				f.fail(fmt.Errorf("heatmap z[%d][%d] = %g is not positive, but LogColor maps colours on a log scale", r, c, v))
				return f
			}
		}
	}
	return f
}

// Size sets the figure's size in centimetres (default 16 x 10). For an image
// grid, it bounds the grid's size instead.
func (f *Figure) Size(widthCm, heightCm float64) *Figure {
	if !(widthCm >= 2 && widthCm <= 100 && heightCm >= 2 && heightCm <= 100) {
		f.fail(fmt.Errorf("Size(%g, %g): width and height must be between 2 and 100 cm", widthCm, heightCm))
		return f
	}
	f.widthCm, f.heightCm, f.sized = widthCm, heightCm, true
	return f
}

func seriesName(name string, i int) string {
	if name == "" {
		return fmt.Sprintf("#%d", i)
	}
	return fmt.Sprintf("%q", name)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// checkSeries checks the lengths of a series and the sign of its values on
// log axes. Non-finite values are allowed (they are skipped when drawn).
func checkSeries(s Series, i int, x, y Axis) error {
	name := "series " + seriesName(s.Name, i)
	if len(s.X) == 0 {
		return fmt.Errorf("%s is empty", name)
	}
	if len(s.Y) != len(s.X) {
		return fmt.Errorf("%s has %d X values and %d Y values", name, len(s.X), len(s.Y))
	}
	if (s.Lo == nil) != (s.Hi == nil) {
		return fmt.Errorf("%s sets only one of Lo and Hi: a band needs both", name)
	}
	for _, c := range []struct {
		field string
		v     []float64
	}{{"Lo", s.Lo}, {"Hi", s.Hi}, {"Err", s.Err}} {
		if c.v != nil && len(c.v) != len(s.X) {
			return fmt.Errorf("%s has %d X values and %d %s values", name, len(s.X), len(c.v), c.field)
		}
	}
	if s.Style < Line || s.Style > Dotted {
		return fmt.Errorf("%s has unknown style %d: use Line, Points, LinePoints, Dashed or Dotted", name, int(s.Style))
	}
	for j, e := range s.Err {
		if e < 0 {
			return fmt.Errorf("%s: Err[%d] = %g is negative", name, j, e)
		}
	}
	n := 0
	for j := range s.X {
		if finite(s.X[j]) && finite(s.Y[j]) {
			n++
		}
	}
	if n == 0 {
		return fmt.Errorf("%s has no point with finite X and Y", name)
	}
	if x.Log {
		for j, v := range s.X {
			if v <= 0 {
				return fmt.Errorf("%s: X[%d] = %g is not positive, but the x axis is Log", name, j, v)
			}
		}
	}
	if y.Log {
		for _, c := range []struct {
			field string
			v     []float64
		}{{"Y", s.Y}, {"Lo", s.Lo}, {"Hi", s.Hi}} {
			for j, v := range c.v {
				if v <= 0 {
					return fmt.Errorf("%s: %s[%d] = %g is not positive, but the y axis is Log", name, c.field, j, v)
				}
			}
		}
	}
	return nil
}
