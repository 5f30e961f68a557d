package plot

import (
	"fmt"
	"image"
	"image/color"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// House style: sizes in points.
const (
	titleSize     = 12
	labelSize     = 10
	tickSize      = 9
	legendSize    = 9
	lineWidth     = 1.75
	markerRadius  = 2.5
	bandAlpha     = 0.2
	histAlpha     = 0.35
	barGroupWidth = 0.8 // share of a group's slot covered by its bars
)

var sansFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

func textStyle(size float64) text.Style {
	return text.Style{
		Color:   textColor,
		Font:    font.From(sansFont, vg.Points(size)),
		XAlign:  draw.XLeft,
		YAlign:  draw.YBottom,
		Handler: gplot.DefaultTextHandler,
	}
}

// newPlot makes a gonum plot in the house style for a title and two axes.
func newPlot(title string, x, y Axis) *gplot.Plot {
	p := gplot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sansFont, vg.Points(titleSize))
	p.Title.TextStyle.Color = textColor
	p.Title.Padding = vg.Points(8)
	styleAxis(&p.X, x)
	styleAxis(&p.Y, y)
	return p
}

func styleAxis(a *gplot.Axis, spec Axis) {
	a.Label.Text = spec.Label
	a.Label.TextStyle.Font = font.From(sansFont, vg.Points(labelSize))
	a.Label.TextStyle.Color = textColor
	a.Label.Padding = vg.Points(4)
	a.Tick.Label.Font = font.From(sansFont, vg.Points(tickSize))
	a.Tick.Label.Color = textColor
	a.LineStyle = draw.LineStyle{Color: axisColor, Width: vg.Points(0.8)}
	a.Tick.LineStyle = draw.LineStyle{Color: axisColor, Width: vg.Points(0.8)}
	a.Tick.Length = vg.Points(4)
	a.Padding = vg.Points(4)
	a.Tick.Marker = linearTicks{}
	if spec.Log {
		a.Scale = logScale{}
		a.Tick.Marker = logTicks{}
	}
}

// finishRange applies a fixed range, or makes an automatic one drawable: a
// single value gets a range around it, a log range spans at least a factor
// of ten.
func finishRange(a *gplot.Axis, spec Axis) {
	if !spec.auto() {
		a.Min, a.Max = spec.Min, spec.Max
		return
	}
	if math.IsInf(a.Min, 0) || math.IsInf(a.Max, 0) || math.IsNaN(a.Min) || math.IsNaN(a.Max) {
		a.Min, a.Max = 0, 1
		if spec.Log {
			a.Min, a.Max = 1, 10
		}
		return
	}
	if spec.Log {
		if a.Max/a.Min < 1.5 {
			c := math.Sqrt(a.Min * a.Max)
			a.Min, a.Max = c/math.Sqrt(10), c*math.Sqrt(10)
		}
		return
	}
	if a.Min == a.Max {
		d := math.Max(math.Abs(a.Min)*0.1, 1)
		a.Min, a.Max = a.Min-d, a.Max+d
	}
}

// draw draws the figure on c.
func (f *Figure) draw(c draw.Canvas) error {
	if f.err != nil {
		return f.err
	}
	switch f.kind {
	case kindHeatmap:
		return f.drawHeatmap(c)
	case kindImageGrid:
		return f.drawImageGrid(c)
	}
	p, entries, occ, err := f.buildPlot()
	if err != nil {
		return err
	}
	lg := newLegend(entries)
	if lg == nil {
		p.Draw(c)
		return nil
	}
	// The legend goes in the corner that hides the least data, and right of
	// the plot when every corner would hide some.
	outside := false
	if _, _, covered := lg.place(c, p, occ); covered > 0 && lg.outsideWidth() < (c.Max.X-c.Min.X)/3 {
		outside = true
		c = draw.Crop(c, 0, -lg.outsideWidth(), 0, 0)
		if _, _, inside := lg.place(c, p, occ); inside == 0 {
			outside = false // narrower data area, free corner: keep it inside
		}
	}
	p.Draw(c)
	lg.draw(c, p, occ, outside)
	return nil
}

// buildPlot turns a lines, scatter, bars or histogram figure into a gonum
// plot, its legend entries, and what its data covers (to place the legend).
func (f *Figure) buildPlot() (*gplot.Plot, []legendEntry, []occupier, error) {
	p := newPlot(f.title, f.x, f.y)
	p.Add(&grid{})
	var (
		entries []legendEntry
		occ     []occupier
		next    int // next palette colour
	)
	switch f.kind {
	case kindBars:
		e, o := f.addBars(p)
		entries, occ = append(entries, e...), append(occ, o...)
		next = len(f.bars)
	case kindHistogram:
		e, o := f.addHistograms(p)
		entries, occ = append(entries, e...), append(occ, o...)
		next = len(f.hists)
	}
	for _, s := range f.series {
		e, o := addSeries(p, s, Color(next), f.kind == kindScatter)
		next++
		occ = append(occ, o...)
		if s.Name != "" {
			entries = append(entries, e)
		}
	}
	for _, r := range f.refs {
		clr := Color(next)
		next++
		rl := &refPlotter{refLine: r, color: clr}
		p.Add(rl)
		occ = append(occ, rl)
		if r.name != "" {
			entries = append(entries, legendEntry{name: r.name, color: clr, style: r.style})
		}
	}
	finishRange(&p.X, f.x)
	finishRange(&p.Y, f.y)
	if f.kind == kindBars {
		p.X.Min, p.X.Max = -0.5, float64(len(f.groups))-0.5
		p.X.Tick.Marker = groupTicks(f.groups)
		p.X.Tick.Length = 0
		if f.y.Log && f.y.auto() {
			p.Y.Min = math.Pow10(int(math.Floor(math.Log10(p.Y.Min) + 1e-9)))
			p.Y.Max = math.Pow10(int(math.Ceil(math.Log10(p.Y.Max) - 1e-9)))
		}
	}
	if (f.kind == kindBars && !f.y.Log || f.kind == kindHistogram) && f.y.auto() {
		p.Y.Max += 0.05 * (p.Y.Max - p.Y.Min) // headroom above the tallest bar
	}
	return p, entries, occ, nil
}

// runs splits 0..n-1 into maximal runs of indices where ok holds: a line
// breaks at a NaN instead of joining across it.
func runs(n int, ok func(i int) bool) [][]int {
	var out [][]int
	var cur []int
	for i := range n {
		if ok(i) {
			cur = append(cur, i)
			continue
		}
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

func dashes(s Style) []vg.Length {
	switch s {
	case Dashed:
		return []vg.Length{vg.Points(6), vg.Points(3)}
	case Dotted:
		return []vg.Length{vg.Points(1.5), vg.Points(2.5)}
	}
	return nil
}

// addSeries adds a series' band, line, points and error bars to p.
func addSeries(p *gplot.Plot, s Series, clr color.NRGBA, scatter bool) (legendEntry, []occupier) {
	entry := legendEntry{name: s.Name, color: clr, style: s.Style, band: s.Lo != nil, errBars: s.Err != nil}
	var occ []occupier
	n := len(s.X)
	if s.Lo != nil {
		for _, r := range runs(n, func(i int) bool { return finite(s.X[i]) && finite(s.Lo[i]) && finite(s.Hi[i]) }) {
			poly := make(plotter.XYs, 0, 2*len(r))
			for _, i := range r {
				poly = append(poly, plotter.XY{X: s.X[i], Y: s.Lo[i]})
			}
			for k := len(r) - 1; k >= 0; k-- {
				poly = append(poly, plotter.XY{X: s.X[r[k]], Y: s.Hi[r[k]]})
			}
			p.Add(&band{xys: poly, color: withAlpha(clr, bandAlpha)})
			occ = append(occ, occPolyline(poly))
		}
	}
	ok := func(i int) bool { return finite(s.X[i]) && finite(s.Y[i]) }
	if s.Style.hasLine() {
		for _, r := range runs(n, ok) {
			xys := make(plotter.XYs, len(r))
			for k, i := range r {
				xys[k] = plotter.XY{X: s.X[i], Y: s.Y[i]}
			}
			p.Add(&plotter.Line{XYs: xys, LineStyle: draw.LineStyle{
				Color: clr, Width: vg.Points(lineWidth), Dashes: dashes(s.Style)}})
			occ = append(occ, occPolyline(xys))
		}
	}
	var pts plotter.XYs
	for i := range n {
		if ok(i) {
			pts = append(pts, plotter.XY{X: s.X[i], Y: s.Y[i]})
		}
	}
	if s.Style.hasPoints() {
		fill := clr
		if scatter && len(pts) > 200 {
			fill = withAlpha(clr, 0.5) // let dense clouds show their density
		}
		entry.marker = fill
		p.Add(&plotter.Scatter{XYs: pts, GlyphStyle: markerStyle(fill)})
		occ = append(occ, occPoints(pts))
	}
	if s.Err != nil {
		eb := &errBars{color: clr}
		for i := range n {
			if ok(i) && finite(s.Err[i]) {
				eb.x = append(eb.x, s.X[i])
				eb.y = append(eb.y, s.Y[i])
				eb.e = append(eb.e, s.Err[i])
			}
		}
		p.Add(eb)
		occ = append(occ, eb)
	}
	return entry, occ
}

func markerStyle(c color.Color) draw.GlyphStyle {
	return draw.GlyphStyle{Color: c, Radius: vg.Points(markerRadius), Shape: draw.CircleGlyph{}}
}

// refPlotter draws a reference line across the data area.
type refPlotter struct {
	refLine
	color color.Color
}

func (r *refPlotter) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := draw.LineStyle{Color: r.color, Width: vg.Points(lineWidth), Dashes: dashes(r.style)}
	if r.vertical {
		if x := trX(r.value); c.ContainsX(x) {
			c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
		}
		return
	}
	if y := trY(r.value); c.ContainsY(y) {
		c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
	}
}

// DataRange stretches only the line's own axis to include it.
func (r *refPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	if r.vertical {
		xmin, xmax = r.value, r.value
	} else {
		ymin, ymax = r.value, r.value
	}
	return
}

func (r *refPlotter) occupy(g *occGrid, p *gplot.Plot) {
	if r.vertical {
		x := p.X.Norm(r.value)
		g.segment(x, 0, x, 1)
		return
	}
	y := p.Y.Norm(r.value)
	g.segment(0, y, 1, y)
}

// grid draws light major grid lines behind the data.
type grid struct{}

func (grid) Plot(c draw.Canvas, p *gplot.Plot) {
	g := plotter.NewGrid()
	g.Vertical = draw.LineStyle{Color: gridColor, Width: vg.Points(0.6)}
	g.Horizontal = g.Vertical
	if _, nominal := p.X.Tick.Marker.(groupTicks); nominal {
		g.Vertical.Color = nil
	}
	g.Plot(c, p)
}

// band is a filled polygon without outline, for Lo/Hi bands.
type band struct {
	xys   plotter.XYs
	color color.Color
}

func (b *band) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	pts := make([]vg.Point, len(b.xys))
	for i, xy := range b.xys {
		pts[i] = vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
	}
	c.FillPolygon(b.color, c.ClipPolygonXY(pts))
}

func (b *band) DataRange() (xmin, xmax, ymin, ymax float64) { return plotter.XYRange(b.xys) }

// errBars draws symmetric vertical error bars with caps. On a log axis, a
// bar reaching zero or below is cut at the bottom of the axis.
type errBars struct {
	x, y, e []float64
	color   color.Color
}

func (eb *errBars) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	logY := isLog(p.Y)
	sty := draw.LineStyle{Color: eb.color, Width: vg.Points(1.2)}
	capW := vg.Points(3)
	for i := range eb.x {
		if eb.x[i] < math.Min(p.X.Min, p.X.Max) || eb.x[i] > math.Max(p.X.Min, p.X.Max) {
			continue
		}
		lo, hi := eb.y[i]-eb.e[i], eb.y[i]+eb.e[i]
		if logY && lo <= 0 {
			lo = p.Y.Min
		}
		x, y0, y1 := trX(eb.x[i]), trY(lo), trY(hi)
		lines := [][]vg.Point{
			{{X: x, Y: y0}, {X: x, Y: y1}},
			{{X: x - capW, Y: y0}, {X: x + capW, Y: y0}},
			{{X: x - capW, Y: y1}, {X: x + capW, Y: y1}},
		}
		// Clip in y only: a cap at the first or last x may overhang the
		// data area, into the padding its GlyphBoxes asked for.
		c.StrokeLines(sty, c.ClipLinesY(lines...)...)
	}
}

// GlyphBoxes keeps the caps of the first and last bars inside the plot.
func (eb *errBars) GlyphBoxes(p *gplot.Plot) []gplot.GlyphBox {
	capW, lw := vg.Points(3.5), vg.Points(1)
	r := vg.Rectangle{Min: vg.Point{X: -capW, Y: -lw}, Max: vg.Point{X: capW, Y: lw}}
	var boxes []gplot.GlyphBox
	for i := range eb.x {
		boxes = append(boxes, gplot.GlyphBox{X: p.X.Norm(eb.x[i]), Y: p.Y.Norm(eb.y[i] + eb.e[i]), Rectangle: r})
		if lo := eb.y[i] - eb.e[i]; lo > 0 || !isLog(p.Y) {
			boxes = append(boxes, gplot.GlyphBox{X: p.X.Norm(eb.x[i]), Y: p.Y.Norm(lo), Rectangle: r})
		}
	}
	return boxes
}

func isLog(a gplot.Axis) bool {
	_, ok := a.Scale.(logScale)
	return ok
}

func (eb *errBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for i := range eb.x {
		xmin, xmax = math.Min(xmin, eb.x[i]), math.Max(xmax, eb.x[i])
		ymax = math.Max(ymax, eb.y[i]+eb.e[i])
		lo := eb.y[i] - eb.e[i]
		if lo <= 0 && eb.y[i] > 0 {
			lo = eb.y[i] // may be a log axis: a bar to zero does not stretch it
		}
		ymin = math.Min(ymin, lo)
	}
	return
}

// rects is a set of filled rectangles (bars or histogram bins), each from
// y0 to y1; a NaN y0 means "from the bottom of the axis" (bars on a log
// axis). With an outline colour, the outer step line is stroked too.
type rects struct {
	x0, x1, y0, y1 []float64
	fill           color.Color
	outline        color.Color
}

func (r *rects) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	base := func(y0 float64) float64 {
		if math.IsNaN(y0) {
			return p.Y.Min
		}
		return y0
	}
	for i := range r.x0 {
		a, b := trX(r.x0[i]), trX(r.x1[i])
		lo, hi := trY(base(r.y0[i])), trY(r.y1[i])
		pts := []vg.Point{{X: a, Y: lo}, {X: b, Y: lo}, {X: b, Y: hi}, {X: a, Y: hi}}
		c.FillPolygon(r.fill, c.ClipPolygonXY(pts))
	}
	if r.outline == nil || len(r.x0) == 0 {
		return
	}
	// The step outline of a histogram: up, along each bin's top, down.
	var line []vg.Point
	line = append(line, vg.Point{X: trX(r.x0[0]), Y: trY(base(r.y0[0]))})
	for i := range r.x0 {
		y := trY(r.y1[i])
		line = append(line, vg.Point{X: trX(r.x0[i]), Y: y}, vg.Point{X: trX(r.x1[i]), Y: y})
	}
	last := len(r.x0) - 1
	line = append(line, vg.Point{X: trX(r.x1[last]), Y: trY(base(r.y0[last]))})
	c.StrokeLines(draw.LineStyle{Color: r.outline, Width: vg.Points(1.5)}, c.ClipLinesXY(line)...)
}

func (r *rects) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for i := range r.x0 {
		xmin, xmax = math.Min(xmin, r.x0[i]), math.Max(xmax, r.x1[i])
		for _, y := range []float64{r.y0[i], r.y1[i]} {
			if !math.IsNaN(y) {
				ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
			}
		}
	}
	return
}

// groupTicks labels the group positions 0, 1, … of a bar chart.
type groupTicks []string

func (g groupTicks) Ticks(min, max float64) []gplot.Tick {
	ticks := make([]gplot.Tick, len(g))
	for i, name := range g {
		ticks[i] = gplot.Tick{Value: float64(i), Label: name}
	}
	return ticks
}

func (f *Figure) addBars(p *gplot.Plot) ([]legendEntry, []occupier) {
	var entries []legendEntry
	var occ []occupier
	nb := float64(len(f.bars))
	w := barGroupWidth / nb
	for k, b := range f.bars {
		clr := Color(k)
		r := &rects{fill: clr}
		eb := &errBars{color: axisColor}
		for g, v := range b.Values {
			if !finite(v) {
				continue
			}
			x := float64(g) - barGroupWidth/2 + (float64(k)+0.5)*w
			r.x0, r.x1, r.y1 = append(r.x0, x-w/2), append(r.x1, x+w/2), append(r.y1, v)
			if f.y.Log {
				r.y0 = append(r.y0, math.NaN())
			} else {
				r.y0 = append(r.y0, 0)
			}
			if b.Err != nil && finite(b.Err[g]) {
				eb.x, eb.y, eb.e = append(eb.x, x), append(eb.y, v), append(eb.e, b.Err[g])
			}
		}
		p.Add(r)
		occ = append(occ, r)
		if len(eb.x) > 0 {
			p.Add(eb)
			occ = append(occ, eb)
		}
		if b.Name != "" {
			entries = append(entries, legendEntry{name: b.Name, color: clr, box: true})
		}
	}
	return entries, occ
}

// histEdges returns the bin edges shared by all series.
func (f *Figure) histEdges() []float64 {
	lo, hi := f.x.Min, f.x.Max
	if f.x.auto() {
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, h := range f.hists {
			for _, v := range h.Values {
				if finite(v) {
					lo, hi = math.Min(lo, v), math.Max(hi, v)
				}
			}
		}
		if lo == hi {
			d := math.Max(math.Abs(lo)*0.1, 0.5)
			if f.x.Log {
				lo, hi = lo/2, hi*2
			} else {
				lo, hi = lo-d, hi+d
			}
		}
	}
	edges := make([]float64, f.bins+1)
	for i := range edges {
		t := float64(i) / float64(f.bins)
		if f.x.Log {
			edges[i] = math.Exp(math.Log(lo) + t*(math.Log(hi)-math.Log(lo)))
		} else {
			edges[i] = lo + t*(hi-lo)
		}
	}
	edges[0], edges[f.bins] = lo, hi
	return edges
}

// histCounts bins values into the edges (the last bin includes its upper
// edge); values outside are dropped. It returns the counts and the number of
// values binned.
func histCounts(values, edges []float64, log bool) ([]float64, int) {
	nb := len(edges) - 1
	counts := make([]float64, nb)
	lo, hi := edges[0], edges[nb]
	tr := func(v float64) float64 { return v }
	if log {
		tr = math.Log
	}
	tlo, thi := tr(lo), tr(hi)
	n := 0
	for _, v := range values {
		if !finite(v) || v < lo || v > hi {
			continue
		}
		i := int(float64(nb) * (tr(v) - tlo) / (thi - tlo))
		i = min(max(i, 0), nb-1)
		// Correct rounding at the edges so bins are [e_i, e_{i+1}).
		for i > 0 && v < edges[i] {
			i--
		}
		for i < nb-1 && v >= edges[i+1] {
			i++
		}
		counts[i]++
		n++
	}
	return counts, n
}

// densities turns bin counts of n values into a density: count / (n *
// width), so that the bars have unit area.
func densities(counts []float64, n int, edges []float64) []float64 {
	d := make([]float64, len(counts))
	for i, c := range counts {
		if n > 0 {
			d[i] = c / (float64(n) * (edges[i+1] - edges[i]))
		}
	}
	return d
}

func (f *Figure) addHistograms(p *gplot.Plot) ([]legendEntry, []occupier) {
	edges := f.histEdges()
	var entries []legendEntry
	var occ []occupier
	for k, h := range f.hists {
		clr := Color(k)
		counts, n := histCounts(h.Values, edges, f.x.Log)
		r := &rects{fill: withAlpha(clr, histAlpha), outline: clr}
		heights := counts
		if f.density {
			heights = densities(counts, n, edges)
		}
		for i, y := range heights {
			r.x0, r.x1 = append(r.x0, edges[i]), append(r.x1, edges[i+1])
			r.y0, r.y1 = append(r.y0, 0), append(r.y1, y)
		}
		p.Add(r)
		occ = append(occ, r)
		if h.Name != "" {
			entries = append(entries, legendEntry{name: h.Name, color: clr, box: true, boxAlpha: histAlpha})
		}
	}
	return entries, occ
}

// zRange is the range of the finite values of z; a constant z gets a range
// around its value (a factor of two each way on a log scale).
func zRange(z [][]float64, log bool) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, row := range z {
		for _, v := range row {
			if finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if lo == hi {
		if log {
			return lo / 2, hi * 2
		}
		return lo - 0.5, hi + 0.5
	}
	return lo, hi
}

// heatImage is an image drawn in the rectangle between two data corners,
// unlike plotter.Image, which resamples for non-linear axes (wrong for
// cells that are already log-spaced).
type heatImage struct {
	img                    image.Image
	xmin, xmax, ymin, ymax float64
}

func (h *heatImage) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	c.DrawImage(vg.Rectangle{
		Min: vg.Point{X: trX(h.xmin), Y: trY(h.ymin)},
		Max: vg.Point{X: trX(h.xmax), Y: trY(h.ymax)},
	}, h.img)
}

func (h *heatImage) DataRange() (xmin, xmax, ymin, ymax float64) {
	return h.xmin, h.xmax, h.ymin, h.ymax
}

// heatExtent is where the cells of an axis lie: around 0..n-1 when the
// range is automatic, tiling [Min, Max] otherwise.
func heatExtent(a Axis, n int) (lo, hi float64) {
	if a.auto() {
		return -0.5, float64(n) - 0.5
	}
	return a.Min, a.Max
}

func (f *Figure) drawHeatmap(c draw.Canvas) error {
	rows, cols := len(f.z), len(f.z[0])
	zlo, zhi := zRange(f.z, f.zLog)
	norm := func(v float64) float64 { return (v - zlo) / (zhi - zlo) }
	if f.zLog {
		norm = func(v float64) float64 { return math.Log(v/zlo) / math.Log(zhi/zlo) }
	}
	img := image.NewNRGBA(image.Rect(0, 0, cols, rows))
	for r, row := range f.z {
		for col, v := range row {
			clr := nanColor
			if finite(v) {
				clr = Viridis(norm(v))
			}
			img.SetNRGBA(col, rows-1-r, clr) // row 0 at the bottom
		}
	}
	p := newPlot(f.title, f.x, f.y)
	xlo, xhi := heatExtent(f.x, cols)
	ylo, yhi := heatExtent(f.y, rows)
	p.Add(&heatImage{img: upscale(img, 512), xmin: xlo, xmax: xhi, ymin: ylo, ymax: yhi})
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xlo, xhi, ylo, yhi
	p.X.Padding, p.Y.Padding = 0, 0
	if f.x.auto() && cols <= 12 {
		p.X.Tick.Marker = indexTicks(cols)
	}
	if f.y.auto() && rows <= 12 {
		p.Y.Tick.Marker = indexTicks(rows)
	}

	// The colour bar: a strip right of the plot, with ticks and zLabel.
	var ticks []gplot.Tick
	if f.zLog {
		ticks = logTicks{}.Ticks(zlo, zhi)
	} else {
		ticks = linearTicks{}.Ticks(zlo, zhi)
	}
	tsty := textStyle(tickSize)
	var labelW vg.Length
	for _, t := range ticks {
		labelW = max(labelW, tsty.Width(t.Label))
	}
	lsty := textStyle(labelSize)
	const gap, barW, tickL = 12, 12, 4
	cbW := vg.Points(gap+barW+tickL+3) + labelW + vg.Points(6)
	if f.zLabel != "" {
		cbW += lsty.Height(f.zLabel) + vg.Points(4)
	}
	main := draw.Crop(c, 0, -cbW, 0, 0)
	p.Draw(main)
	dc := p.DataCanvas(main)
	x0 := main.Max.X + vg.Points(gap)
	x1 := x0 + vg.Points(barW)
	strip := image.NewNRGBA(image.Rect(0, 0, 1, 256))
	for i := range 256 {
		strip.SetNRGBA(0, 255-i, Viridis(float64(i)/255))
	}
	c.DrawImage(vg.Rectangle{Min: vg.Point{X: x0, Y: dc.Min.Y}, Max: vg.Point{X: x1, Y: dc.Max.Y}}, strip)
	axisSty := draw.LineStyle{Color: axisColor, Width: vg.Points(0.8)}
	c.StrokeLines(axisSty, []vg.Point{{X: x0, Y: dc.Min.Y}, {X: x1, Y: dc.Min.Y}, {X: x1, Y: dc.Max.Y}, {X: x0, Y: dc.Max.Y}, {X: x0, Y: dc.Min.Y}})
	tsty.YAlign = draw.YCenter
	for _, t := range ticks {
		y := dc.Min.Y + vg.Length(norm(t.Value))*(dc.Max.Y-dc.Min.Y)
		if t.Label == "" {
			c.StrokeLine2(axisSty, x1, y, x1+vg.Points(tickL/2), y)
			continue
		}
		c.StrokeLine2(axisSty, x1, y, x1+vg.Points(tickL), y)
		c.FillText(tsty, vg.Point{X: x1 + vg.Points(tickL+3), Y: y}, t.Label)
	}
	if f.zLabel != "" {
		lsty.Rotation = math.Pi / 2
		lsty.XAlign, lsty.YAlign = draw.XCenter, draw.YTop
		c.FillText(lsty, vg.Point{X: x1 + vg.Points(tickL+3+6) + labelW, Y: (dc.Min.Y + dc.Max.Y) / 2}, f.zLabel)
	}
	return nil
}

// indexTicks labels every integer 0..n-1 (a small heatmap's cells).
type indexTicks int

func (n indexTicks) Ticks(min, max float64) []gplot.Tick {
	ticks := make([]gplot.Tick, n)
	for i := range ticks {
		ticks[i] = gplot.Tick{Value: float64(i), Label: fmt.Sprint(i)}
	}
	return ticks
}

// upscale enlarges img by an integer factor (nearest neighbour) until its
// longer side reaches about target pixels, so that viewers which smooth
// scaled images still show sharp cells.
func upscale(img *image.NRGBA, target int) *image.NRGBA {
	b := img.Bounds()
	k := target / max(b.Dx(), b.Dy())
	k = min(k, 64)
	if k <= 1 {
		return img
	}
	out := image.NewNRGBA(image.Rect(0, 0, b.Dx()*k, b.Dy()*k))
	for y := range b.Dy() * k {
		for x := range b.Dx() * k {
			out.SetNRGBA(x, y, img.NRGBAAt(b.Min.X+x/k, b.Min.Y+y/k))
		}
	}
	return out
}
