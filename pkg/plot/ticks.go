package plot

import (
	"math"
	"strconv"
	"strings"

	gplot "gonum.org/v1/plot"
)

// linearTicks puts 4 to 8 labelled ticks at round numbers (multiples of 1,
// 2, 2.5 or 5 times a power of ten); gonum's default gives only about 3,
// too few to read values off a figure.
type linearTicks struct{}

func (linearTicks) Ticks(min, max float64) []gplot.Tick {
	if !(max > min) || !finite(min) || !finite(max) {
		return nil
	}
	step := niceStep(min, max)
	var ticks []gplot.Tick
	for k := math.Ceil(min/step - 1e-9); k*step <= max+step*1e-9; k++ {
		v := k * step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		ticks = append(ticks, gplot.Tick{Value: v, Label: formatTick(v, step)})
	}
	return ticks
}

// niceStep picks the round step (1, 2, 2.5 or 5 times a power of ten) whose
// ticks inside [min, max] number closest to 6, preferring 1, 2 and 5.
func niceStep(min, max float64) float64 {
	mag := math.Floor(math.Log10((max - min) / 6))
	best, bestCost := 0.0, math.Inf(1)
	for m := mag - 1; m <= mag+1; m++ {
		for _, nice := range []float64{1, 2, 2.5, 5} {
			step := nice * math.Pow(10, m)
			n := math.Floor(max/step+1e-9) - math.Ceil(min/step-1e-9) + 1
			cost := math.Abs(n - 6)
			if n < 3 {
				cost += 10
			}
			if nice == 2.5 {
				cost += 0.75
			}
			if cost < bestCost {
				best, bestCost = step, cost
			}
		}
	}
	return best
}

// formatTick writes v, a multiple of step, with as many decimals as step
// needs; very large or small magnitudes use exponent notation ("2e6").
func formatTick(v, step float64) string {
	if v == 0 {
		return "0"
	}
	a := math.Max(math.Abs(v), step)
	if a >= 1e6 || step < 1e-4 {
		s := strconv.FormatFloat(v, 'e', sigDigits(v, step)-1, 64)
		return tidyExp(s)
	}
	dec := 0
	if step < 1 {
		dec = int(math.Ceil(-math.Log10(step) - 1e-9))
		if r := step * math.Pow10(dec); math.Abs(r-math.Round(r)) > 1e-6 {
			dec++ // e.g. step 0.25
		}
	}
	return strconv.FormatFloat(v, 'f', dec, 64)
}

// sigDigits is the number of significant digits needed to tell v from its
// neighbours step apart.
func sigDigits(v, step float64) int {
	d := int(math.Floor(math.Log10(math.Abs(v)))) - int(math.Floor(math.Log10(step))) + 1
	if r := step / math.Pow10(int(math.Floor(math.Log10(step)))); math.Abs(r-math.Round(r)) > 1e-6 {
		d++
	}
	return min(max(d, 1), 15)
}

// tidyExp turns Go's "2.50e+06" into "2.5e6".
func tidyExp(s string) string {
	mant, exp, ok := strings.Cut(s, "e")
	if !ok {
		return s
	}
	if strings.Contains(mant, ".") {
		mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
	}
	exp = strings.TrimPrefix(exp, "+")
	neg := strings.HasPrefix(exp, "-")
	exp = strings.TrimLeft(strings.TrimPrefix(exp, "-"), "0")
	if exp == "" {
		return mant
	}
	if neg {
		exp = "-" + exp
	}
	return mant + "e" + exp
}

// logTicks labels powers of ten (every second or third one on very wide
// ranges) with unlabelled minor ticks at 2…9 times them. On a range narrower
// than two powers of ten it also labels 2 and 5 times them, and then all
// mantissas, so an axis always carries at least two numbers.
type logTicks struct{}

func (logTicks) Ticks(min, max float64) []gplot.Tick {
	if !(min > 0 && max > min) || !finite(min) || !finite(max) {
		return nil
	}
	lo := int(math.Floor(math.Log10(min)))
	hi := int(math.Ceil(math.Log10(max)))
	in := func(v float64) bool { return v >= min*(1-1e-9) && v <= max*(1+1e-9) }

	var powers []int
	for k := lo; k <= hi; k++ {
		if in(math.Pow10(k)) {
			powers = append(powers, k)
		}
	}
	if len(powers) >= 2 {
		every := (len(powers) + 7) / 8 // at most 8 labels
		var ticks []gplot.Tick
		for k := lo; k <= hi; k++ {
			p := math.Pow10(k)
			if in(p) {
				label := ""
				if k%every == 0 {
					label = formatPow(1, k)
				}
				ticks = append(ticks, gplot.Tick{Value: p, Label: label})
			}
			if hi-lo <= 10 {
				for m := 2; m <= 9; m++ {
					if v := float64(m) * p; in(v) {
						ticks = append(ticks, gplot.Tick{Value: v})
					}
				}
			}
		}
		return ticks
	}
	for _, labelled := range [][]int{{1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}} {
		var ticks []gplot.Tick
		nLabels := 0
		for k := lo; k <= hi; k++ {
			for m := 1; m <= 9; m++ {
				v := float64(m) * math.Pow10(k)
				if !in(v) {
					continue
				}
				label := ""
				for _, l := range labelled {
					if l == m {
						label = formatPow(m, k)
						nLabels++
					}
				}
				ticks = append(ticks, gplot.Tick{Value: v, Label: label})
			}
		}
		if nLabels >= 2 {
			return ticks
		}
	}
	return linearTicks{}.Ticks(min, max) // less than a factor of two wide
}

// formatPow writes m·10^k as a plain decimal for 0.01 … 10000 and in
// exponent notation ("1e-3", "2e5") beyond.
func formatPow(m, k int) string {
	if k >= -2 && k <= 4 {
		return strconv.FormatFloat(float64(m)*math.Pow10(k), 'f', max(0, -k), 64)
	}
	return strconv.Itoa(m) + "e" + strconv.Itoa(k)
}

// logScale is gonum's log scale without its panic on values ≤ 0 (which can
// reach it from error bars and bar bases): those map far below the axis and
// are clipped.
type logScale struct{}

func (logScale) Normalize(min, max, x float64) float64 {
	if x <= 0 {
		return -1e3
	}
	lmin := math.Log(min)
	return (math.Log(x) - lmin) / (math.Log(max) - lmin)
}
