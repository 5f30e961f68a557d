package plot

import (
	"image/color"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
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
		if lo <= 0 && isLog(p.Y) {
			lo = p.Y.Min
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

// legend is a figure's legend: its entries and the size of its box.
type legend struct {
	entries      []legendEntry
	sty          text.Style
	pad, inset   vg.Length
	thumbW, rowH vg.Length
	w, h         vg.Length
}

func newLegend(entries []legendEntry) *legend {
	if len(entries) == 0 {
		return nil
	}
	l := &legend{entries: entries, sty: textStyle(legendSize)}
	l.sty.YAlign = draw.YCenter
	var textW vg.Length
	for _, e := range entries {
		textW = max(textW, l.sty.Width(e.name))
	}
	l.pad, l.inset, l.thumbW = vg.Points(5), vg.Points(6), vg.Points(22)
	l.rowH = l.sty.Height("Mg") * 1.3
	l.w = l.pad + l.thumbW + vg.Points(5) + textW + l.pad
	l.h = 2*l.pad + l.rowH*vg.Length(len(entries))
	return l
}

type corner struct{ right, top bool }

// box is the legend's rectangle in corner k of the data area dc.
func (l *legend) box(dc draw.Canvas, k corner) vg.Rectangle {
	x0 := dc.Min.X + l.inset
	if k.right {
		x0 = dc.Max.X - l.inset - l.w
	}
	y0 := dc.Min.Y + l.inset
	if k.top {
		y0 = dc.Max.Y - l.inset - l.h
	}
	return vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x0 + l.w, Y: y0 + l.h}}
}

// place returns the corner whose box covers the least data (top right on
// ties, then top left, bottom right, bottom left) and how much it covers.
func (l *legend) place(c draw.Canvas, p *gplot.Plot, occ []occupier) (draw.Canvas, corner, int) {
	dc := p.DataCanvas(c)
	var g occGrid
	for _, o := range occ {
		o.occupy(&g, p)
	}
	dw, dh := dc.Max.X-dc.Min.X, dc.Max.Y-dc.Min.Y
	best, bestScore := corner{true, true}, math.MaxInt
	for _, k := range []corner{{true, true}, {false, true}, {true, false}, {false, false}} {
		b := l.box(dc, k)
		score := g.count(float64((b.Min.X-dc.Min.X)/dw), float64((b.Min.Y-dc.Min.Y)/dh),
			float64((b.Max.X-dc.Min.X)/dw), float64((b.Max.Y-dc.Min.Y)/dh))
		if score < bestScore {
			best, bestScore = k, score
		}
	}
	return dc, best, bestScore
}

// outsideWidth is the width the legend takes right of the plot when it
// cannot go inside.
func (l *legend) outsideWidth() vg.Length { return l.w + l.inset }

// draw draws the legend as a semi-opaque box: in its corner of the data
// area, or, when outside is set, right of it, level with its top.
func (l *legend) draw(c draw.Canvas, p *gplot.Plot, occ []occupier, outside bool) {
	dc, k, _ := l.place(c, p, occ)
	b := l.box(dc, k)
	if outside {
		b = l.box(dc, corner{true, true})
		dx := l.w + 2*l.inset
		b.Min.X += dx
		b.Max.X += dx
	}
	box := []vg.Point{b.Min, {X: b.Max.X, Y: b.Min.Y}, b.Max, {X: b.Min.X, Y: b.Max.Y}}
	c.FillPolygon(color.NRGBA{0xFF, 0xFF, 0xFF, 0xD9}, box)
	c.StrokeLines(draw.LineStyle{Color: color.NRGBA{0xBB, 0xBB, 0xBB, 0xFF}, Width: vg.Points(0.6)}, append(box, box[0]))
	for i, e := range l.entries {
		yc := b.Max.Y - l.pad - l.rowH*(vg.Length(i)+0.5)
		tx := b.Min.X + l.pad
		drawThumb(c, e, tx, tx+l.thumbW, yc, l.rowH)
		c.FillText(l.sty, vg.Point{X: tx + l.thumbW + vg.Points(5), Y: yc}, e.name)
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
