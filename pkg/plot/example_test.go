package plot_test

import (
	"fmt"
	"math"

	"github.com/papernb/papernb/pkg/plot"
)

// A loss curve with its spread over seeds as a band, and a dashed power-law
// reference, on log-log axes. In a notebook, end with .Show().
func ExampleLines() {
	var steps, loss, lo, hi, law []float64
	for s := 10.0; s <= 10000; s *= 1.5 {
		l := 3 * math.Pow(s, -0.3)
		steps, loss = append(steps, s), append(loss, l)
		lo, hi = append(lo, 0.9*l), append(hi, 1.1*l)
		law = append(law, 3.2*math.Pow(s, -0.3))
	}
	fig := plot.Lines("Training loss",
		plot.Axis{Label: "step", Log: true},
		plot.Axis{Label: "loss (nats)", Log: true},
		plot.Series{Name: "mean of 5 seeds", X: steps, Y: loss, Lo: lo, Hi: hi},
		plot.Series{Name: "s^-0.3", X: steps, Y: law, Style: plot.Dashed})
	svg, err := fig.SVG()
	fmt.Println(err, len(svg) < 200_000)

	// A bad input is reported, naming the series and the value.
	_, err = plot.Lines("Bad", plot.Axis{}, plot.Axis{Log: true},
		plot.Series{Name: "loss", X: []float64{1, 2}, Y: []float64{0.5, 0}}).SVG()
	fmt.Println(err)
	// Output:
	// <nil> true
	// plot "Bad": series "loss": Y[1] = 0 is not positive, but the y axis is Log
}
