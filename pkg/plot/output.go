package plot

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"image"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/janpfeifer/gonb/gonbui"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// pngDPI is the resolution of PNG output: a 16 cm figure is about 900
// pixels wide, sharp on most screens. Image grids use screenDPI instead, so
// each of their pixels maps to whole screen pixels.
const (
	pngDPI    = 144
	screenDPI = 96
)

// sizePt is the figure's size in points.
func (f *Figure) sizePt() (w, h vg.Length) {
	if f.kind == kindImageGrid && f.err == nil {
		l := f.gridLayout()
		return pxToPt(l.canvasW), pxToPt(l.canvasH)
	}
	return vg.Length(f.widthCm) * vg.Centimeter, vg.Length(f.heightCm) * vg.Centimeter
}

func pxToPt(px int) vg.Length { return vg.Length(px) * vg.Inch / screenDPI }

// render draws the figure on a canvas, turning a panic inside gonum/plot
// into an error.
func (f *Figure) render(cv vg.CanvasSizer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("plot %q: drawing failed: %v", f.title, r)
		}
	}()
	return f.draw(draw.New(cv))
}

// SVG returns the figure as a standalone SVG document. Text stays text, in
// Liberation Sans with Arial, Helvetica and sans-serif as fallbacks.
func (f *Figure) SVG() ([]byte, error) {
	if f.err != nil {
		return nil, f.err
	}
	w, h := f.sizePt()
	cv := vgsvg.New(w, h)
	if err := f.render(cv); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := cv.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plot %q: writing SVG: %w", f.title, err)
	}
	return tidySVG(buf.Bytes()), nil
}

var (
	fontFamilyRE = regexp.MustCompile(`font-family:Liberation (Sans|Serif|Mono);`)
	fontFallback = map[string]string{
		"Sans":  `font-family:'Liberation Sans',Arial,Helvetica,sans-serif;`,
		"Serif": `font-family:'Liberation Serif','Times New Roman',Times,serif;`,
		"Mono":  `font-family:'Liberation Mono','Courier New',monospace;`,
	}
)

// tidySVG gives the fonts fallbacks that browsers have (with the same
// metrics), labels embedded images as the PNG they are (vgsvg says jpg),
// and makes them fill their rectangle (SVG keeps an image's aspect ratio by
// default, which would shrink a colour bar to a line) with sharp pixels.
func tidySVG(svg []byte) []byte {
	svg = fontFamilyRE.ReplaceAllFunc(svg, func(m []byte) []byte {
		return []byte(fontFallback[string(fontFamilyRE.FindSubmatch(m)[1])])
	})
	svg = bytes.ReplaceAll(svg, []byte(`xlink:href="data:image/jpg;base64,`), []byte(`xlink:href="data:image/png;base64,`))
	svg = bytes.ReplaceAll(svg, []byte("<image "), []byte(`<image preserveAspectRatio="none" style="image-rendering:pixelated" `))
	return circlesSVG(svg)
}

// glyphRE matches a circular marker as vgsvg writes it: a path of two arcs
// starting at the circle's rightmost point, with its own style.
var glyphRE = regexp.MustCompile(`^<path d="M(-?[\d.]+),(-?[\d.]+)A([\d.]+),([\d.]+) 0 1 1 -?[\d.]+,-?[\d.]+A[\d.]+,[\d.]+ 0 1 1 -?[\d.]+,-?[\d.]+Z" style="([^"]*)" />$`)

// circlesSVG rewrites runs of circular markers that share a style as
// <circle> elements in one styled group: about a quarter of the bytes, so a
// scatter plot of 5000 points stays under 200 kB. Each circle is still
// filled on its own, so semi-transparent markers darken where they overlap.
func circlesSVG(svg []byte) []byte {
	lines := bytes.Split(svg, []byte("\n"))
	var out bytes.Buffer
	out.Grow(len(svg))
	open := "" // style of the open group
	for i, line := range lines {
		m := glyphRE.FindSubmatch(line)
		if m == nil || !bytes.Equal(m[3], m[4]) {
			if open != "" {
				out.WriteString("</g>\n")
				open = ""
			}
			out.Write(line)
			if i < len(lines)-1 {
				out.WriteByte('\n')
			}
			continue
		}
		if style := string(m[5]); style != open {
			if open != "" {
				out.WriteString("</g>\n")
			}
			fmt.Fprintf(&out, "<g style=\"%s\">\n", style)
			open = style
		}
		x, _ := strconv.ParseFloat(string(m[1]), 64)
		r, _ := strconv.ParseFloat(string(m[3]), 64)
		fmt.Fprintf(&out, "<circle cx=\"%s\" cy=\"%s\" r=\"%s\"/>\n",
			strconv.FormatFloat(math.Round((x-r)*100)/100, 'f', -1, 64), m[2], m[3])
	}
	if open != "" {
		out.WriteString("</g>\n")
	}
	return out.Bytes()
}

// PNG returns the figure as a PNG image (144 dpi; image grids at one image
// pixel per zoomed screen pixel).
func (f *Figure) PNG() ([]byte, error) {
	if f.err != nil {
		return nil, f.err
	}
	w, h := f.sizePt()
	dpi := pngDPI
	if f.kind == kindImageGrid {
		dpi = screenDPI
	}
	cv := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))
	if err := f.render(cv); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: cv}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plot %q: writing PNG: %w", f.title, err)
	}
	return buf.Bytes(), nil
}

// Save writes the figure to path as SVG or PNG, chosen by its extension
// (.svg or .png).
func (f *Figure) Save(path string) error {
	var data []byte
	var err error
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".svg":
		data, err = f.SVG()
	case ".png":
		data, err = f.PNG()
	default:
		return fmt.Errorf("plot: Save(%q): extension %q is not supported: use .svg or .png", path, ext)
	}
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// HTML returns the figure as an HTML fragment: inline SVG, or for image
// grids a PNG as a data URI. Either survives export of the notebook to HTML.
func (f *Figure) HTML() (string, error) {
	if f.kind == kindImageGrid {
		data, err := f.PNG()
		if err != nil {
			return "", err
		}
		w, _ := f.sizePt()
		return fmt.Sprintf(`<div class="papernb-figure"><img src="data:image/png;base64,%s" alt="%s" width="%d" style="image-rendering:pixelated;max-width:100%%;height:auto"></div>`,
			base64.StdEncoding.EncodeToString(data), html.EscapeString(f.title), int(math.Round(w.Points()*screenDPI/72))), nil
	}
	svg, err := f.SVG()
	if err != nil {
		return "", err
	}
	if i := bytes.Index(svg, []byte("<svg")); i >= 0 {
		svg = svg[i:] // drop the XML declaration and comment
	}
	svg = bytes.Replace(svg, []byte("<svg "), []byte(`<svg style="max-width:100%;height:auto" role="img" aria-label="`+html.EscapeString(f.title)+`" `), 1)
	return `<div class="papernb-figure">` + string(svg) + `</div>`, nil
}

// Show displays the figure. In a GoNB notebook it is sent as HTML (inline
// SVG, or PNG for image grids). Elsewhere it is saved to the directory named
// by PAPERNB_FIG_DIR, when set, as NNN-<slug of title>.svg (or .png), and
// otherwise dropped. A figure with invalid input makes Show panic with the
// error, so the notebook cell shows it.
func (f *Figure) Show() {
	if f.err != nil {
		panic(f.err)
	}
	if gonbui.IsNotebook {
		h, err := f.HTML()
		if err != nil {
			panic(err)
		}
		gonbui.DisplayHTML(h)
		gonbui.Sync() // GoNB can drop a display sent just before the cell ends
		return
	}
	if err := f.saveToFigDir(); err != nil {
		panic(err)
	}
}

// Row shows figures side by side (two or three fit a notebook column);
// they wrap onto more lines on a narrow screen. Outside a notebook each
// figure is handled as by Show.
func Row(figs ...*Figure) {
	if len(figs) == 0 {
		panic(fmt.Errorf("plot.Row: no figures given"))
	}
	for i, f := range figs {
		if f == nil {
			panic(fmt.Errorf("plot.Row: figure %d is nil", i))
		}
		if f.err != nil {
			panic(f.err)
		}
	}
	if !gonbui.IsNotebook {
		for _, f := range figs {
			if err := f.saveToFigDir(); err != nil {
				panic(err)
			}
		}
		return
	}
	h, err := RowHTML(figs...)
	if err != nil {
		panic(err)
	}
	gonbui.DisplayHTML(h)
	gonbui.Sync() // GoNB can drop a display sent just before the cell ends
}

// RowHTML is the HTML that Row displays. Figures left at the default size
// are drawn smaller (12 x 8.5 cm for two, 9 x 7 cm for three or more) with
// the same font sizes, so that their text stays readable side by side.
func RowHTML(figs ...*Figure) (string, error) {
	var b strings.Builder
	b.WriteString(`<div class="papernb-row" style="display:flex;flex-wrap:wrap;gap:8px;align-items:flex-start">`)
	for _, f := range figs {
		if !f.sized && len(figs) > 1 {
			small := *f
			small.widthCm, small.heightCm = 12, 8.5
			if len(figs) > 2 {
				small.widthCm, small.heightCm = 9, 7
			}
			f = &small
		}
		h, err := f.HTML()
		if err != nil {
			return "", err
		}
		w, _ := f.sizePt()
		fmt.Fprintf(&b, `<div style="flex:1 1 0;min-width:260px;max-width:%dpx">%s</div>`, int(math.Round(w.Points()*screenDPI/72)), h)
	}
	b.WriteString(`</div>`)
	return b.String(), nil
}

// FigDirEnv names the environment variable that makes Show save figures
// outside notebooks.
const FigDirEnv = "PAPERNB_FIG_DIR"

var figFileRE = regexp.MustCompile(`^(\d{3,})-`)

// saveToFigDir saves the figure in $PAPERNB_FIG_DIR, numbered after the
// figures already there; without the variable it does nothing.
func (f *Figure) saveToFigDir() error {
	dir := os.Getenv(FigDirEnv)
	if dir == "" {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("plot: %s=%q: %w", FigDirEnv, dir, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("plot: %s=%q: %w", FigDirEnv, dir, err)
	}
	next := 1
	for _, e := range entries {
		if m := figFileRE.FindStringSubmatch(e.Name()); m != nil {
			if n, err := strconv.Atoi(m[1]); err == nil && n >= next {
				next = n + 1
			}
		}
	}
	ext := ".svg"
	if f.kind == kindImageGrid {
		ext = ".png"
	}
	return f.Save(filepath.Join(dir, fmt.Sprintf("%03d-%s%s", next, Slug(f.title), ext)))
}

// Slug turns a title into a short file name: lower-case letters, digits and
// dashes, at most 60 characters ("figure" for an empty title).
func Slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			if b.Len() >= 60 {
				break
			}
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "figure"
	}
	return b.String()
}

// gridLayout is the geometry of an image grid, in screen pixels.
type gridLayout struct {
	zoom, gap, rows, cols int
	mosaicW, mosaicH      int
	titleH, margin        int
	canvasW, canvasH      int
}

// gridLayout picks an integer zoom that shows each image about 72 pixels
// tall (at most 1400 pixels across the grid, or the size set with Size).
func (f *Figure) gridLayout() gridLayout {
	n := len(f.images)
	l := gridLayout{cols: min(f.cols, n), margin: 6}
	l.rows = (n + f.cols - 1) / f.cols
	long := max(f.height, f.width)
	l.zoom = max(1, int(math.Round(72/float64(long))))
	maxW, maxH := 1400, 100000
	if f.sized {
		maxW = int(f.widthCm / 2.54 * screenDPI)
		maxH = int(f.heightCm / 2.54 * screenDPI)
	}
	for {
		l.gap = max(2, l.zoom)
		l.mosaicW = l.cols*f.width*l.zoom + (l.cols-1)*l.gap
		l.mosaicH = l.rows*f.height*l.zoom + (l.rows-1)*l.gap
		if l.zoom == 1 || l.mosaicW <= maxW && l.mosaicH <= maxH {
			break
		}
		l.zoom--
	}
	titleW := 0
	if f.title != "" {
		l.titleH = 26
		titleW = int(math.Ceil(textStyle(titleSize).Width(f.title).Points()*screenDPI/72)) + 2*l.margin
	}
	l.canvasW = max(l.mosaicW+2*l.margin, titleW)
	l.canvasH = l.mosaicH + l.titleH + 2*l.margin
	return l
}

// mosaic lays the images out in a grid on white, each scaled from its own
// minimum (black) to maximum (white) and zoomed by nearest neighbour.
func (f *Figure) mosaic(l gridLayout) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, l.mosaicW, l.mosaicH))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	for k, im := range f.images {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, v := range im {
			if finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
		ox := (k % f.cols) * (f.width*l.zoom + l.gap)
		oy := (k / f.cols) * (f.height*l.zoom + l.gap)
		for r := range f.height {
			for c := range f.width {
				v := im[r*f.width+c]
				g := uint8(0)
				if finite(v) && hi > lo {
					g = uint8(math.Round(255 * (v - lo) / (hi - lo)))
				}
				for dy := range l.zoom {
					row := img.Pix[(oy+r*l.zoom+dy)*img.Stride:]
					for dx := range l.zoom {
						row[ox+c*l.zoom+dx] = g
					}
				}
			}
		}
	}
	return img
}

func (f *Figure) drawImageGrid(c draw.Canvas) error {
	l := f.gridLayout()
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	top := c.Max.Y - pxToPt(l.margin)
	if f.title != "" {
		sty := textStyle(titleSize)
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
		c.FillText(sty, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: top}, f.title)
		top -= pxToPt(l.titleH)
	}
	x0 := c.Min.X + pxToPt((l.canvasW-l.mosaicW)/2)
	c.DrawImage(vg.Rectangle{
		Min: vg.Point{X: x0, Y: top - pxToPt(l.mosaicH)},
		Max: vg.Point{X: x0 + pxToPt(l.mosaicW), Y: top},
	}, f.mosaic(l))
	return nil
}
