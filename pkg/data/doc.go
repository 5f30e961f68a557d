// Package data provides the data sets of the papernb notebooks: synthetic
// generators, and real MNIST read offline from the GoMNIST Go module (see
// LoadMNIST; nothing is downloaded at run time).
//
// Its first part is function-space data for operator learning (DeepONet,
// neural operators): input functions u drawn from a Gaussian random field,
// the tools to turn a function into numbers (equispaced grids, linear
// interpolation, sensors), the tools to compute what an operator makes of it
// (cumulative trapezoid integration, a classical Runge-Kutta ODE solver), and
// the assembly of (u at sensors, y, G(u)(y)) triplets.
//
// The function-space generators are float64 on the host, with gonum for the linear algebra,
// because the data must be more accurate than anything a float32 model will
// learn from it: a sampled function whose covariance factor was computed in
// float32 is visibly wrong for smooth kernels. Callers cast to float32 when
// they build tensors (OperatorSet.Flat32).
//
// Randomness always comes from a *math/rand.Rand the caller passes in, so a
// data set is a pure function of its seed.
package data
