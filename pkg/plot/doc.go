// Package plot draws the figures of papernb's notebooks in one house style,
// on top of gonum.org/v1/plot.
//
// A notebook builds a figure with one call (Lines, Scatter, Bars, Histogram,
// Heatmap, ImageGrid), optionally overlays more curves with Add, and shows
// it with Show. Every figure has a title, labelled axes and, where series
// are named, a legend; colours come from one colour-blind-safe palette
// (Okabe–Ito) in series order, so the same series keeps its colour across
// figure types.
//
// In a GoNB notebook Show sends the figure as inline SVG wrapped in HTML
// (image grids as a PNG data URI), which survives nbconvert's HTML export.
// Elsewhere (tests, commands) Show does nothing, unless the environment
// variable PAPERNB_FIG_DIR names a directory: then each figure is saved there
// as NNN-<slug of title>.svg (or .png for image grids).
//
// Input is checked when the figure is drawn: mismatched lengths, empty data,
// non-positive values on a log axis, bad bin counts or image sizes make
// SVG, PNG and Save return an error that names the series and the value, and
// make Show panic with it, so the notebook cell shows what is wrong.
// NaN and ±Inf points are not errors: they are skipped, and a line breaks
// there (gonum/plot cannot draw them).
//
// SVG output keeps text as text (no embedded fonts) in Liberation Sans, with
// Arial, Helvetica and sans-serif as fallbacks (the Liberation fonts are
// metric-compatible with Arial, so the layout holds with any of them). A
// typical line plot is a few tens of kilobytes.
package plot // import "github.com/papernb/papernb/pkg/plot"
