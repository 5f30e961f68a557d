package data

import (
	"math"
	"math/rand"
	"testing"

	"gonum.org/v1/gonum/dsp/fourier"
)

// The exact solution satisfies the PDE: the residual u_t + u·u_x − ν·u_xx,
// with every derivative taken by central finite differences of At, is
// small next to the size of its terms and falls like h² when the steps
// are halved (so what remains is the differences' truncation error, not
// a flaw of the solution). It also starts at u0 and is periodic.
func TestBurgersSatisfiesPDE(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, nu := range []float64{0.1, 0.05, 0.02} {
		u0 := RandomFourierSeries(rng, 6, 0.5)
		b, err := NewBurgers(u0, nu)
		if err != nil {
			t.Fatal(err)
		}
		residual := func(h float64) float64 {
			dt := h / 10
			var worst float64
			for _, tt := range []float64{0.01, 0.1, 0.3, 1} {
				for i := range 20 {
					x := (float64(i) + 0.37) / 20
					u := b.At(x, tt)
					ut := (b.At(x, tt+dt) - b.At(x, tt-dt)) / (2 * dt)
					up, um := b.At(x+h, tt), b.At(x-h, tt)
					ux := (up - um) / (2 * h)
					uxx := (up - 2*u + um) / (h * h)
					scale := math.Abs(ut) + math.Abs(u*ux) + math.Abs(nu*uxx) + 1e-3
					worst = math.Max(worst, math.Abs(ut+u*ux-nu*uxx)/scale)
				}
			}
			return worst
		}
		coarse, fine := residual(1e-3), residual(5e-4)
		if fine > 2e-3 || fine > coarse/3.5 {
			t.Errorf("ν=%g: relative PDE residual %.2e at h = 1e-3, %.2e at h = 5e-4: want < 2e-3 and falling like h²", nu, coarse, fine)
		}
		for i := range 10 {
			x := float64(i) / 10
			if u, p := b.At(x, 0.2), b.At(x+1, 0.2); math.Abs(p-u) > 1e-10 {
				t.Errorf("ν=%g: u(%g, 0.2) = %g but u(x+1) = %g: not periodic", nu, x, u, p)
			}
		}
		// Just after 0 the solution is still u0 (the ψ route, not the series).
		for _, x := range []float64{0, 0.21, 0.5, 0.83} {
			if got, want := b.At(x, 1e-12), u0.At(x); math.Abs(got-want) > 1e-9 {
				t.Errorf("ν=%g: u(%g, 0⁺) = %.12f, u0 = %.12f", nu, x, got, want)
			}
		}
	}
}

// A single sine mode u0 = A·sin(2πx) decays: for large ν·t, the solution
// is dominated by the slowest heat mode, and its energy must fall
// monotonically in time (Burgers dissipates ∫u²).
func TestBurgersEnergyDecays(t *testing.T) {
	b, err := NewBurgers(FourierSeries{Sin: []float64{1}}, 0.05)
	if err != nil {
		t.Fatal(err)
	}
	xs := PeriodicGrid(256)
	prev := math.Inf(1)
	for _, tt := range []float64{0, 0.05, 0.1, 0.2, 0.4, 0.8} {
		var e float64
		for _, u := range b.Sample(xs, tt) {
			e += u * u / 256
		}
		if !(e < prev) {
			t.Errorf("energy %g at t = %g, not below %g", e, tt, prev)
		}
		prev = e
	}
}

// RandomFourierSeries has the stated spatial standard deviation, its
// exact integral matches quadrature, and its coefficients have the stated
// variances 1/(1+k²) before rescaling.
func TestRandomFourierSeries(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	s := RandomFourierSeries(rng, 6, 0.5)
	xs := PeriodicGrid(512)
	var m2 float64
	for _, u := range s.Sample(xs) {
		m2 += u * u / 512
	}
	if math.Abs(math.Sqrt(m2)-0.5) > 1e-12 {
		t.Errorf("spatial std %.15f, want 0.5", math.Sqrt(m2))
	}
	f := s.Sample(NewUniform(0, 0.7, 2001).Points())
	trap := CumTrapz(NewUniform(0, 0.7, 2001).Points(), f)
	if got, want := trap[2000], s.Integral(0.7); math.Abs(got-want) > 1e-6 {
		t.Errorf("∫₀^0.7 u = %.9f by trapezoid, %.9f exact", got, want)
	}
	const n = 10000
	sum := make([]float64, 3)
	for range n {
		r := randomFourierCoefs(rng, 3)
		for k := range 3 {
			sum[k] += (r.Cos[k]*r.Cos[k] + r.Sin[k]*r.Sin[k]) / (2 * n)
		}
	}
	for k, got := range sum {
		want := 1 / (1 + float64((k+1)*(k+1)))
		if se := want * math.Sqrt(1.0/n); math.Abs(got-want) > 5*se {
			t.Errorf("variance of mode %d coefficients %.4f, want 1/(1+k²) = %.4f within %.4f", k+1, got, want, 5*se)
		}
	}
}

func TestBurgersRejectsBadValues(t *testing.T) {
	u0 := FourierSeries{Sin: []float64{1}}
	if _, err := NewBurgers(u0, 0); err == nil {
		t.Error("ν = 0: no error")
	}
	if _, err := NewBurgers(u0, 1e-4); err == nil {
		t.Error("ν = 1e-4 with a unit sine: no error (ψ spans e^800)")
	}
	if _, err := NewBurgers(FourierSeries{}, 0.1); err == nil {
		t.Error("empty u0: no error")
	}
}

// An independent method agrees: a pseudo-spectral solver (2/3-rule
// de-aliasing, exact integrating factor for the viscous term, RK4 in time)
// reaches the same u(·, T) as the Cole–Hopf solution.
func TestBurgersMatchesPseudoSpectralSolver(t *testing.T) {
	const nu, T, n, steps = 0.05, 0.3, 128, 1500
	u0 := RandomFourierSeries(rand.New(rand.NewSource(3)), 6, 0.5)
	b, err := NewBurgers(u0, nu)
	if err != nil {
		t.Fatal(err)
	}
	xs := PeriodicGrid(n)
	got := pseudoSpectralBurgers(u0.Sample(xs), nu, T, steps)
	want := b.Sample(xs, T)
	var worst, moved float64
	init := u0.Sample(xs)
	for i := range xs {
		worst = math.Max(worst, math.Abs(got[i]-want[i]))
		moved = math.Max(moved, math.Abs(want[i]-init[i]))
	}
	if moved < 0.05 {
		t.Fatalf("u moved by only %.3f from u0: the comparison would prove little", moved)
	}
	if worst > 1e-7 {
		t.Errorf("max |pseudo-spectral − Cole–Hopf| = %.2e at T = %g, want < 1e-7", worst, T)
	}
}

// pseudoSpectralBurgers integrates u_t = −(u²/2)_x + ν·u_xx on n periodic
// points: in Fourier space v_k = e^{ν(2πk)²t}·û_k obeys
// v_k' = e^{ν(2πk)²t}·N̂_k, with N = −(u²/2)_x computed from de-aliased
// products, and is stepped with classical RK4.
func pseudoSpectralBurgers(u0 []float64, nu, T float64, steps int) []float64 {
	n := len(u0)
	fft := fourier.NewFFT(n)
	h := T / float64(steps)
	kmax := n / 3
	nonlinear := func(uh []complex128) []complex128 {
		u := fft.Sequence(nil, uh)
		for i := range u {
			u[i] = u[i] / float64(n)
			u[i] = u[i] * u[i] / 2
		}
		q := fft.Coefficients(nil, u)
		for k := range q {
			if k > kmax {
				q[k] = 0
				continue
			}
			q[k] *= complex(0, -2*math.Pi*float64(k))
		}
		return q
	}
	decay := func(k int, dt float64) complex128 {
		w := 2 * math.Pi * float64(k)
		return complex(math.Exp(-nu*w*w*dt), 0)
	}
	uh := fft.Coefficients(nil, u0)
	tmp := make([]complex128, len(uh))
	for range steps {
		k1 := nonlinear(uh)
		for k := range tmp {
			tmp[k] = decay(k, h/2) * (uh[k] + complex(h/2, 0)*k1[k])
		}
		k2 := nonlinear(tmp)
		for k := range tmp {
			tmp[k] = decay(k, h/2)*uh[k] + complex(h/2, 0)*k2[k]
		}
		k3 := nonlinear(tmp)
		for k := range tmp {
			tmp[k] = decay(k, h)*uh[k] + complex(h, 0)*decay(k, h/2)*k3[k]
		}
		k4 := nonlinear(tmp)
		for k := range uh {
			uh[k] = decay(k, h)*uh[k] + complex(h/6, 0)*(decay(k, h)*k1[k]+2*decay(k, h/2)*(k2[k]+k3[k])+k4[k])
		}
	}
	u := fft.Sequence(nil, uh)
	for i := range u {
		u[i] /= float64(n)
	}
	return u
}
