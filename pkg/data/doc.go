// Package data provides the data sets of the papernb notebooks: synthetic
// generators, real MNIST read offline from the GoMNIST Go module (see
// LoadMNIST), and English text from the Go standard library's doc comments
// (see GoDocCorpus). Nothing is downloaded at run time.
//
// Function-space data for operator learning (DeepONet, neural operators):
// input functions u drawn from a Gaussian random field, the tools to turn a
// function into numbers (equispaced grids, linear interpolation, sensors),
// the tools to compute what an operator makes of it (cumulative trapezoid
// integration, a classical Runge-Kutta ODE solver), the assembly of
// (u at sensors, y, G(u)(y)) triplets, and exact solutions of the periodic
// viscous Burgers equation (Burgers) from random Fourier-series initial
// conditions.
//
// Synthetic problems with a known answer: Gaussian mixtures, spirals,
// random teacher networks, Friedman #1, sparse parity, modular-arithmetic
// tables, Markov-chain languages, Zipf categorical values, click logs with
// a logistic ground truth and MovieLens-like ratings. Points are rows
// ([][]float64); Flatten32 makes a tensor's flat array of them, and
// SplitIndices a random train/validation/test split.
//
// Text: the Go-doc corpus with package spans (split by position or by
// package), a character-level tokenizer (CharVocab), and TokenWindows,
// which keeps an encoded corpus on the GoMLX backend and cuts minibatches
// of windows there.
//
// Everything is float64 on the host, with gonum for the linear algebra,
// because the data must be more accurate than anything a float32 model will
// learn from it: a sampled function whose covariance factor was computed in
// float32 is visibly wrong for smooth kernels. Callers cast to float32 when
// they build tensors (OperatorSet.Flat32, Flatten32).
//
// Randomness always comes from a *math/rand.Rand the caller passes in, so a
// data set is a pure function of its seed.
package data
