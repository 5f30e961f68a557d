package data

import (
	"fmt"
	"math"
	"math/cmplx"

	"gonum.org/v1/gonum/dsp/fourier"
)

// Burgers is the exact solution of the viscous Burgers equation
//
//	u_t + u·u_x = ν·u_xx
//
// on the periodic unit interval, from a zero-mean Fourier-series initial
// condition u0, by the Cole–Hopf transform: u = −2ν·ψ_x/ψ, where ψ solves
// the heat equation ψ_t = ν·ψ_xx from ψ(x, 0) = exp(−∫₀ˣ u0 / (2ν)).
// The heat equation is solved exactly in Fourier space (mode k decays by
// exp(−ν(2πk)²t)), so u is known at any (x, t) to about machine precision:
// data for operator learning at every resolution comes from the same
// continuous functions, with no solver error.
//
// ψ(·, 0) is sampled on M equispaced points (M grows from 256 until the
// highest quarter of its spectrum is below 1e−15 of the mean) and
// transformed with an FFT; its exponent is shifted to have maximum 0,
// which changes ψ by a constant factor and u not at all, but keeps the
// exponentials from overflowing.
type Burgers struct {
	nu    float64
	u0    FourierSeries
	coefs []complex128 // ψ(·, 0) = Σ_k 2·Re(coefs[k]·e^{2πikx}), coefs[0] real and halved
}

// MaxCole bounds the range of ∫u0/(2ν) that NewBurgers accepts: beyond it ψ
// spans more than e^MaxCole and float64 cannot resolve u where ψ is smallest.
const MaxCole = 30.0

// NewBurgers returns the solution for u0 and viscosity ν > 0. It fails
// when ν is so small for this u0 that ψ cannot be represented accurately
// (see MaxCole): the solution then has near-shocks that need another
// method.
func NewBurgers(u0 FourierSeries, nu float64) (*Burgers, error) {
	if !(nu > 0) || math.IsInf(nu, 0) {
		return nil, fmt.Errorf("data.NewBurgers: viscosity ν = %g: need a finite value > 0", nu)
	}
	if u0.Modes() == 0 {
		return nil, fmt.Errorf("data.NewBurgers: initial condition has no modes")
	}
	b := &Burgers{nu: nu, u0: FourierSeries{Cos: append([]float64(nil), u0.Cos...), Sin: append([]float64(nil), u0.Sin...)}}
	for m := 256; ; m *= 2 {
		if m > 1<<16 {
			return nil, fmt.Errorf("data.NewBurgers: ψ needs more than %d Fourier modes at ν = %g: use a larger ν or a smoother u0", 1<<15, nu)
		}
		phase := make([]float64, m)
		lo, hi := math.Inf(1), math.Inf(-1)
		for j := range phase {
			phase[j] = -u0.Integral(float64(j)/float64(m)) / (2 * nu)
			lo, hi = math.Min(lo, phase[j]), math.Max(hi, phase[j])
		}
		if hi-lo > MaxCole {
			return nil, fmt.Errorf("data.NewBurgers: ∫u0/(2ν) spans %.1f > MaxCole = %g at ν = %g: the Cole–Hopf ψ is not resolvable in float64; use a larger ν or a smaller u0", hi-lo, MaxCole, nu)
		}
		psi := make([]float64, m)
		for j := range psi {
			psi[j] = math.Exp(phase[j] - hi)
		}
		c := fourier.NewFFT(m).Coefficients(nil, psi)
		var tail float64
		for k := 3 * m / 8; k <= m/2; k++ {
			tail = math.Max(tail, cmplx.Abs(c[k]))
		}
		if tail > 1e-15*real(c[0]) {
			continue
		}
		// Keep the modes above the round-off floor.
		last := 0
		for k := range c {
			if cmplx.Abs(c[k]) > 1e-17*real(c[0]) {
				last = k
			}
		}
		b.coefs = make([]complex128, last+1)
		for k := range b.coefs {
			b.coefs[k] = c[k] / complex(float64(m), 0)
		}
		b.coefs[0] /= 2
		return b, nil
	}
}

// Nu returns the viscosity ν.
func (b *Burgers) Nu() float64 { return b.nu }

// U0 returns the initial condition.
func (b *Burgers) U0() FourierSeries { return b.u0 }

// At returns u(x, t) for t ≥ 0. At t = 0 it returns u0(x) exactly (from the
// series, not through ψ).
func (b *Burgers) At(x, t float64) float64 {
	if t < 0 || math.IsNaN(t) {
		panic(fmt.Errorf("data.Burgers.At: time %g, need t ≥ 0", t))
	}
	if t == 0 {
		return b.u0.At(x)
	}
	// ψ = Σ 2·Re(C_k e^{iωk x}), ψ_x = Σ 2·Re(iωk·C_k e^{iωk x}), ω = 2π,
	// with C_k = coefs[k]·exp(−ν(ωk)²t); e^{iωkx} by recurrence.
	step := cmplx.Exp(complex(0, 2*math.Pi*x))
	e := complex(1, 0)
	var psi, psiX float64
	for k, c := range b.coefs {
		w := 2 * math.Pi * float64(k)
		d := math.Exp(-b.nu * w * w * t)
		if d == 0 {
			break
		}
		ce := c * e * complex(d, 0)
		psi += 2 * real(ce)
		psiX += 2 * real(complex(0, w)*ce)
		e *= step
	}
	return -2 * b.nu * psiX / psi
}

// Sample returns u(x, t) at every x.
func (b *Burgers) Sample(xs []float64, t float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = b.At(x, t)
	}
	return out
}
