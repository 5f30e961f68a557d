package plot

import (
	"image/color"
	"math"
)

// Palette is the house palette, Okabe & Ito's colour-blind-safe colours,
// reordered so that the first few are the most distinct on white (its
// yellow comes last: it is hard to see as a thin line). Series take colours
// in this order in every kind of figure.
var Palette = []color.NRGBA{
	{0x00, 0x72, 0xB2, 0xFF}, // blue
	{0xD5, 0x5E, 0x00, 0xFF}, // vermillion
	{0x00, 0x9E, 0x73, 0xFF}, // bluish green
	{0xE6, 0x9F, 0x00, 0xFF}, // orange
	{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
	{0x56, 0xB4, 0xE9, 0xFF}, // sky blue
	{0x00, 0x00, 0x00, 0xFF}, // black
	{0xF0, 0xE4, 0x42, 0xFF}, // yellow
}

// Color returns the palette colour of the i-th series (cycling after the
// last one).
func Color(i int) color.NRGBA {
	if i < 0 {
		i = -i
	}
	return Palette[i%len(Palette)]
}

// withAlpha returns c with opacity a in [0, 1].
func withAlpha(c color.NRGBA, a float64) color.NRGBA {
	c.A = uint8(math.Round(255 * a))
	return c
}

// viridisStops samples matplotlib's viridis colormap at 0, 0.1, …, 1; it is
// perceptually uniform, colour-blind safe and readable in grayscale.
var viridisStops = [...][3]uint8{
	{0x44, 0x01, 0x54},
	{0x48, 0x24, 0x75},
	{0x41, 0x44, 0x87},
	{0x35, 0x5F, 0x8D},
	{0x2A, 0x78, 0x8E},
	{0x21, 0x91, 0x8C},
	{0x22, 0xA8, 0x84},
	{0x44, 0xBF, 0x70},
	{0x7A, 0xD1, 0x51},
	{0xBD, 0xDF, 0x26},
	{0xFD, 0xE7, 0x25},
}

// Viridis returns the viridis colour at t in [0, 1] (clamped), interpolated
// linearly between eleven samples of the colormap.
func Viridis(t float64) color.NRGBA {
	if math.IsNaN(t) || t < 0 {
		t = 0
	}
	if t > 1 {
		t = 1
	}
	pos := t * float64(len(viridisStops)-1)
	i := int(pos)
	if i >= len(viridisStops)-1 {
		i = len(viridisStops) - 2
	}
	frac := pos - float64(i)
	a, b := viridisStops[i], viridisStops[i+1]
	mix := func(u, v uint8) uint8 { return uint8(math.Round(float64(u) + frac*(float64(v)-float64(u)))) }
	return color.NRGBA{mix(a[0], b[0]), mix(a[1], b[1]), mix(a[2], b[2]), 0xFF}
}

var (
	black     = color.NRGBA{0, 0, 0, 0xFF}
	textColor = color.NRGBA{0x22, 0x22, 0x22, 0xFF}
	axisColor = color.NRGBA{0x44, 0x44, 0x44, 0xFF}
	gridColor = color.NRGBA{0xE3, 0xE3, 0xE3, 0xFF}
	nanColor  = color.NRGBA{0xF2, 0xF2, 0xF2, 0xFF}
)
