package plot

import (
	"image/color"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legendEntry is one line of a legend and how to draw its sample.
type legendEntry struct {
	name     string
	color    color.NRGBA
	style    Style
	band     bool        // a shaded band behind the line
	errBars  bool        // error bars on the points
	marker   color.Color // the marker's fill, for styles with points
	box      bool        // a filled box (bars, histograms)
	boxAlpha float64     // the box's fill opacity; 0 means opaque
}

// The legend goes inside the data area, in the corner where it covers the
// least data: the data is rasterised onto a coarse occupancy grid in
// normalised coordinates and each corner's box is scored against it.
const occN = 48

type occGrid [occN][occN]bool

func (g *occGrid) mark(nx, ny float64) {
	if !(nx >= 0 && nx <= 1 && ny >= 0 && ny <= 1) {
		return
	}
	i := min(int(nx*occN), occN-1)
	j := min(int(ny*occN), occN-1)
	g[i][j] = true
}

func (g *occGrid) segment(x0, y0, x1, y1 float64) {
	if !finite(x0) || !finite(y0) || !finite(x1) || !finite(y1) {
		return
	}
	d := math.Max(math.Abs(x1-x0), math.Abs(y1-y0))
	steps := int(math.Min(d*occN*2, 4*occN)) + 1
	for s := 0; s <= steps; s++ {
		t := float64(s) / float64(steps)
		g.mark(x0+t*(x1-x0), y0+t*(y1-y0))
	}
}

func (g *occGrid) rect(x0, y0, x1, y1 float64) {
	x0, x1 = math.Max(math.Min(x0, x1), 0), math.Min(math.Max(x0, x1), 1)
	y0, y1 = math.Max(math.Min(y0, y1), 0), math.Min(math.Max(y0, y1), 1)
	if !(x1 >= x0 && y1 >= y0) {
		return
	}
	for i := int(x0 * occN); i <= min(int(x1*occN), occN-1); i++ {
		for j := int(y0 * occN); j <= min(int(y1*occN), occN-1); j++ {
			g[i][j] = true
		}
	}
}

// count is the number of occupied cells overlapping the normalised box.
func (g *occGrid) count(x0, y0, x1, y1 float64) int {
	n := 0
	for i := max(int(x0*occN), 0); i <= min(int(x1*occN), occN-1); i++ {
		for j := max(int(y0*occN), 0); j <= min(int(y1*occN), occN-1); j++ {
			if g[i][j] {
				n++
			}
		}
	}
	return n
}

// occupier marks the area a plotted element covers.
type occupier interface {
	occupy(g *occGrid, p *gplot.Plot)
}

type occPolyline plotter.XYs

func (o occPolyline) occupy(g *occGrid, p *gplot.Plot) {
	for i := 1; i < len(o); i++ {
		g.segment(p.X.Norm(o[i-1].X), p.Y.Norm(o[i-1].Y), p.X.Norm(o[i].X), p.Y.Norm(o[i].Y))
	}
	if len(o) == 1 {
		g.mark(p.X.Norm(o[0].X), p.Y.Norm(o[0].Y))
	}
}

type occPoints plotter.XYs

func (o occPoints) occupy(g *occGrid, p *gplot.Plot) {
	for _, xy := range o {
		g.mark(p.X.Norm(xy.X), p.Y.Norm(xy.Y))
	}
}

func (eb *errBars) occupy(g *occGrid, p *gplot.Plot) {
	for i := range eb.x {
		lo := eb.y[i] - eb.e[i]
		if lo <= 0 {
			if _, log := p.Y.Scale.(logScale); log {
				lo = p.Y.Min
			}
		}
		x := p.X.Norm(eb.x[i])
		g.segment(x, p.Y.Norm(lo), x, p.Y.Norm(eb.y[i]+eb.e[i]))
	}
}

func (r *rects) occupy(g *occGrid, p *gplot.Plot) {
	for i := range r.x0 {
		y0 := r.y0[i]
		if math.IsNaN(y0) {
			y0 = p.Y.Min
		}
		g.rect(p.X.Norm(r.x0[i]), p.Y.Norm(y0), p.X.Norm(r.x1[i]), p.Y.Norm(r.y1[i]))
	}
}

// drawLegend draws the entries in a semi-opaque box in the corner of the
// data area dc that hides the least data.
func drawLegend(c draw.Canvas, p *gplot.Plot, dc draw.Canvas, entries []legendEntry, occ []occupier) {
	if len(entries) == 0 {
		return
	}
	sty := textStyle(legendSize)
	sty.YAlign = draw.YCenter
	var textW vg.Length
	for _, e := range entries {
		textW = max(textW, sty.Width(e.name))
	}
	var (
		pad    = vg.Points(5)
		inset  = vg.Points(6)
		thumbW = vg.Points(22)
		rowH   = sty.Height("Mg") * 1.3
		w      = pad + thumbW + vg.Points(5) + textW + pad
		h      = 2*pad + rowH*vg.Length(len(entries))
		dw     = dc.Max.X - dc.Min.X
		dh     = dc.Max.Y - dc.Min.Y
	)
	var g occGrid
	for _, o := range occ {
		o.occupy(&g, p)
	}
	type corner struct{ right, top bool }
	best, bestScore := corner{true, true}, math.MaxInt
	for _, k := range []corner{{true, true}, {false, true}, {true, false}, {false, false}} {
		x0 := dc.Min.X + inset
		if k.right {
			x0 = dc.Max.X - inset - w
		}
		y0 := dc.Min.Y + inset
		if k.top {
			y0 = dc.Max.Y - inset - h
		}
		score := g.count(float64((x0-dc.Min.X)/dw), float64((y0-dc.Min.Y)/dh),
			float64((x0+w-dc.Min.X)/dw), float64((y0+h-dc.Min.Y)/dh))
		if score < bestScore {
			best, bestScore = k, score
		}
	}
	x0 := dc.Min.X + inset
	if best.right {
		x0 = dc.Max.X - inset - w
	}
	y0 := dc.Min.Y + inset
	if best.top {
		y0 = dc.Max.Y - inset - h
	}
	box := []vg.Point{{X: x0, Y: y0}, {X: x0 + w, Y: y0}, {X: x0 + w, Y: y0 + h}, {X: x0, Y: y0 + h}}
	c.FillPolygon(color.NRGBA{0xFF, 0xFF, 0xFF, 0xD9}, box)
	c.StrokeLines(draw.LineStyle{Color: color.NRGBA{0xBB, 0xBB, 0xBB, 0xFF}, Width: vg.Points(0.6)}, append(box, box[0]))
	for i, e := range entries {
		yc := y0 + h - pad - rowH*(vg.Length(i)+0.5)
		tx := x0 + pad
		drawThumb(c, e, tx, tx+thumbW, yc, rowH)
		c.FillText(sty, vg.Point{X: tx + thumbW + vg.Points(5), Y: yc}, e.name)
	}
}

// drawThumb draws an entry's sample between x0 and x1, centred on yc.
func drawThumb(c draw.Canvas, e legendEntry, x0, x1, yc, rowH vg.Length) {
	rect := func(hh vg.Length) []vg.Point {
		return []vg.Point{{X: x0, Y: yc - hh}, {X: x1, Y: yc - hh}, {X: x1, Y: yc + hh}, {X: x0, Y: yc + hh}}
	}
	if e.box {
		r := rect(rowH * 0.32)
		fill := e.color
		if e.boxAlpha > 0 {
			fill = withAlpha(e.color, e.boxAlpha)
			c.FillPolygon(fill, r)
			c.StrokeLines(draw.LineStyle{Color: e.color, Width: vg.Points(1.2)}, append(r, r[0]))
			return
		}
		c.FillPolygon(fill, r)
		return
	}
	if e.band {
		c.FillPolygon(withAlpha(e.color, bandAlpha), rect(rowH*0.4))
	}
	xm := (x0 + x1) / 2
	if e.errBars {
		sty := draw.LineStyle{Color: e.color, Width: vg.Points(1.2)}
		c.StrokeLine2(sty, xm, yc-rowH*0.4, xm, yc+rowH*0.4)
	}
	if e.style.hasLine() {
		c.StrokeLine2(draw.LineStyle{Color: e.color, Width: vg.Points(lineWidth), Dashes: dashes(e.style)}, x0, yc, x1, yc)
	}
	if e.style.hasPoints() {
		fill := e.marker
		if fill == nil {
			fill = e.color
		}
		c.DrawGlyphNoClip(markerStyle(fill), vg.Point{X: xm, Y: yc})
	}
}
