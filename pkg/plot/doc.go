// Package plot draws the figures of papernb's notebooks in one house style,
// on top of gonum.org/v1/plot.
//
// A notebook builds a figure with one call (Lines, Scatter, Bars, Histogram,
// Heatmap, ImageGrid), optionally overlays more curves with Add and
// reference lines with HLine and VLine, and shows it with Show, or shows two
// or three side by side with Row. Every figure has a title, labelled axes
// and, where series are named, a legend; colours come from one
// colour-blind-safe palette (Okabe–Ito) in series order, so the same series
// keeps its colour across figure types.
//
// The legend sits inside the data area, in the corner where it hides the
// least data, on a semi-opaque box; when every corner would hide some, it
// moves right of the plot.
//
// In a GoNB notebook Show sends the figure as inline SVG wrapped in HTML
// (image grids as a PNG data URI), which survives nbconvert's HTML export.
// Elsewhere (tests, commands) Show does nothing, unless the environment
// variable PAPERNB_FIG_DIR names a directory: then each figure is saved there
// as NNN-<slug of title>.svg (or .png for image grids).
//
// Input is checked when the figure is built: mismatched lengths, empty data,
// non-positive values on a log axis, bad bin counts or image sizes make
// SVG, PNG and Save return an error that names the series and the value, and
// make Show panic with it, so the notebook cell shows what is wrong.
// NaN and ±Inf points are not errors: they are skipped, and a line breaks
// there (gonum/plot cannot draw them).
//
// SVG output keeps text as text (no embedded fonts) in Liberation Sans, with
// Arial, Helvetica and sans-serif as fallbacks (the Liberation fonts are
// metric-compatible with Arial, so the layout holds with any of them). A
// line plot of three 1000-point curves is about 50 kB; each scatter point
// costs about 45 bytes (5000 points: about 215 kB), so subsample larger
// clouds.
package plot // import "github.com/papernb/papernb/pkg/plot"
