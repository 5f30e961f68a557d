package plot

import (
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
)

// demoFigures is one figure of each kind, with the features notebooks use.
func demoFigures() []*Figure {
	rng := rand.New(rand.NewSource(1))
	var steps, a, alo, ahi, b, bErr []float64
	for i := 1; i <= 60; i++ {
		s := float64(i * 50)
		steps = append(steps, s)
		v := 2.5*math.Pow(s, -0.3) + 0.02*rng.NormFloat64()
		a = append(a, v)
		alo, ahi = append(alo, v*0.9), append(ahi, v*1.1)
		b = append(b, 3*math.Pow(s, -0.25))
		bErr = append(bErr, 0.05)
	}
	b[20] = math.NaN()
	lines := Lines("Training loss vs steps", Axis{Label: "step"}, Axis{Label: "loss (nats)"},
		Series{Name: "Adam, lr 1e-3", X: steps, Y: a, Lo: alo, Hi: ahi},
		Series{Name: "SGD", X: steps, Y: b, Style: LinePoints},
		Series{Name: "power law fit", X: steps, Y: scale(b, 0.9), Style: Dashed})
	logf := Lines("Scaling law (log-log)", Axis{Label: "parameters", Log: true}, Axis{Label: "test loss", Log: true},
		Series{Name: "measured", X: []float64{1e3, 1e4, 1e5, 1e6, 1e7}, Y: []float64{3, 2, 1.4, 1, 0.7}, Err: []float64{0.3, 0.2, 0.1, 0.1, 0.05}, Style: Points},
		Series{Name: "fit", X: []float64{1e3, 1e7}, Y: []float64{3, 0.7}, Style: Dashed})
	var xs, ys, xs2, ys2 []float64
	for range 400 {
		x := rng.NormFloat64()
		xs, ys = append(xs, x), append(ys, 0.8*x+0.4*rng.NormFloat64())
		x = rng.NormFloat64() + 2
		xs2, ys2 = append(xs2, x), append(ys2, -0.5*x+0.3*rng.NormFloat64())
	}
	scatter := Scatter("Two clusters", Axis{Label: "feature 1"}, Axis{Label: "feature 2"},
		Series{Name: "class A", X: xs, Y: ys}, Series{Name: "class B", X: xs2, Y: ys2}).
		Add(Series{Name: "y = 0.8x", X: []float64{-3, 4}, Y: []float64{-2.4, 3.2}, Style: Dashed})
	bars := Bars("Accuracy by method", Axis{Label: "accuracy (%)"}, []string{"MNIST", "digits 8x8", "synthetic"},
		BarSeries{Name: "baseline", Values: []float64{97.1, 93.5, 80}, Err: []float64{0.3, 1.2, 2}},
		BarSeries{Name: "ours", Values: []float64{98.2, 95.0, 88}, Err: []float64{0.2, 0.9, 1.5}},
		BarSeries{Name: "oracle", Values: []float64{99.0, 97.0, 95}})
	logbars := Bars("Time per step", Axis{Label: "time (ms)", Log: true}, []string{"go", "go+simd", "xla"},
		BarSeries{Name: "MLP", Values: []float64{1000, 7, 3}}, BarSeries{Name: "CNN", Values: []float64{2700, 130, 40}})
	var h1, h2 []float64
	for range 3000 {
		h1 = append(h1, rng.NormFloat64())
		h2 = append(h2, 1.5+0.7*rng.NormFloat64())
	}
	var gx, gy []float64
	for x := -4.0; x <= 4; x += 0.05 {
		gx, gy = append(gx, x), append(gy, math.Exp(-x*x/2)/math.Sqrt(2*math.Pi))
	}
	hist := Histogram("Pre-activation distribution", Axis{Label: "pre-activation"}, 40, true,
		HistSeries{Name: "layer 1", Values: h1}, HistSeries{Name: "layer 4", Values: h2}).
		Add(Series{Name: "N(0, 1)", X: gx, Y: gy, Style: Dashed})
	z := make([][]float64, 20)
	for r := range z {
		z[r] = make([]float64, 30)
		for c := range z[r] {
			z[r][c] = math.Sin(float64(c)/5) * math.Cos(float64(r)/4) * float64(r)
		}
	}
	bars.HLine("chance", 10, Dotted)
	hist.VLine("mean of layer 4", 1.5, Dotted)
	heat := Heatmap("Loss landscape", Axis{Label: "learning rate", Log: true, Min: 1e-4, Max: 1}, Axis{Label: "width", Min: 0, Max: 1024}, z, "validation loss")
	imgs := make([][]float64, 20)
	for k := range imgs {
		imgs[k] = make([]float64, 28*28)
		for i := range imgs[k] {
			r, c := i/28, i%28
			imgs[k][i] = math.Sin(float64(r*(k+1))/20) + math.Cos(float64(c)/(3+float64(k)))
		}
	}
	grid := ImageGrid("Generated samples", imgs, 28, 28, 10)
	sweep := make([][]float64, 6)
	for r := range sweep {
		sweep[r] = make([]float64, 8)
		for c := range sweep[r] {
			sweep[r][c] = math.Pow(10, math.Abs(float64(c)-3.5)/2+float64(r)/4-1)
		}
	}
	logheat := Heatmap("LR sweep: loss by width", Axis{Label: "learning rate", Log: true, Min: 1e-4, Max: 1}, Axis{Label: "width index"}, sweep, "final loss").LogColor()
	return []*Figure{lines, logf, scatter, bars, logbars, hist, heat, grid, logheat}
}

func scale(v []float64, k float64) []float64 {
	out := make([]float64, len(v))
	for i := range v {
		out[i] = v[i] * k
	}
	return out
}

// TestWriteDemo writes the demo figures to $PAPERNB_PLOT_DEMO (for looking
// at them in a browser); it is skipped without the variable.
func TestWriteDemo(t *testing.T) {
	dir := os.Getenv("PAPERNB_PLOT_DEMO")
	if dir == "" {
		t.Skip("set PAPERNB_PLOT_DEMO to a directory to write the demo figures")
	}
	page := "<html><body style='font-family:sans-serif;max-width:1000px'>"
	figs := demoFigures()
	for i, f := range figs {
		for _, ext := range []string{".svg", ".png"} {
			if err := f.Save(filepath.Join(dir, Slug(f.title)+ext)); err != nil {
				t.Fatal(err)
			}
		}
		h, err := f.HTML()
		if err != nil {
			t.Fatal(err)
		}
		page += h
		if i%2 == 1 || i == len(figs)-1 {
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("page%d.html", i/2)), []byte(page+"</body></html>"), 0o644); err != nil {
				t.Fatal(err)
			}
			page = "<html><body style='font-family:sans-serif;max-width:1000px'>"
		}
	}
	row, err := RowHTML(figs[0], figs[3], figs[6])
	if err != nil {
		t.Fatal(err)
	}
	page += row + "</body></html>"
	if err := os.WriteFile(filepath.Join(dir, "row.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
}
