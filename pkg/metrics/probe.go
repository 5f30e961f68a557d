package metrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Ridge is a multi-output linear map fitted by ridge regression:
// ŷ = xᵀ·Weights + Bias, with an unpenalised bias.
type Ridge struct {
	Weights *mat.Dense // p×m
	Bias    []float64  // m
}

// FitRidge fits targets y (n×m) on features x (n×p) by closed-form ridge
// regression, minimising ‖Y − XW − 1bᵀ‖² + ridge·‖W‖²_F. The bias is left
// unpenalised by centring both sides. It solves the p×p normal equations by
// Cholesky when p ≤ n, and the n×n dual system W = Xᵀ(XXᵀ + ridge·I)⁻¹Y
// otherwise, so wide features cost no more than many examples.
//
// ridge must be ≥ 0 and finite; with ridge = 0 the system must be positive
// definite (full column rank, or full row rank when p > n), and an error
// says so when it is not.
func FitRidge(x, y mat.Matrix, ridge float64) (*Ridge, error) {
	n, p := x.Dims()
	ny, m := y.Dims()
	switch {
	case n != ny:
		return nil, fmt.Errorf("metrics.FitRidge: x has %d rows but y has %d; both need one row per example", n, ny)
	case n < 2:
		return nil, fmt.Errorf("metrics.FitRidge: %d examples; need at least 2", n)
	case !(ridge >= 0) || math.IsInf(ridge, 0):
		return nil, fmt.Errorf("metrics.FitRidge: ridge = %v; want a finite value ≥ 0", ridge)
	}
	checkFinite("FitRidge", "x", x)
	checkFinite("FitRidge", "y", y)
	xc, yc := centreColumns(x), centreColumns(y)
	w := mat.NewDense(p, m, nil)
	var gram mat.SymDense
	if p <= n {
		gram.SymOuterK(1, xc.T())
	} else {
		gram.SymOuterK(1, xc)
	}
	for i := range gram.SymmetricDim() {
		gram.SetSym(i, i, gram.At(i, i)+ridge)
	}
	var chol mat.Cholesky
	if !chol.Factorize(&gram) {
		return nil, fmt.Errorf("metrics.FitRidge: the regularised Gram matrix (%d×%d, ridge = %v) is not positive definite; the features are collinear: use ridge > 0", gram.SymmetricDim(), gram.SymmetricDim(), ridge)
	}
	if p <= n {
		var xty mat.Dense
		xty.Mul(xc.T(), yc)
		if err := chol.SolveTo(w, &xty); err != nil {
			return nil, fmt.Errorf("metrics.FitRidge: %w", err)
		}
	} else {
		var alpha mat.Dense
		if err := chol.SolveTo(&alpha, yc); err != nil {
			return nil, fmt.Errorf("metrics.FitRidge: %w", err)
		}
		w.Mul(xc.T(), &alpha)
	}
	// b = ȳ − x̄ᵀW.
	bias := make([]float64, m)
	xMean, yMean := columnMeans(x), columnMeans(y)
	for j := range m {
		b := yMean[j]
		for k := range p {
			b -= xMean[k] * w.At(k, j)
		}
		bias[j] = b
	}
	return &Ridge{Weights: w, Bias: bias}, nil
}

// Predict returns x·Weights + Bias, one row per row of x.
func (r *Ridge) Predict(x mat.Matrix) *mat.Dense {
	p, m := r.Weights.Dims()
	if _, c := x.Dims(); c != p {
		panic(fmt.Errorf("metrics.Ridge.Predict: x has %d columns; the fit used %d features", c, p))
	}
	var out mat.Dense
	out.Mul(x, r.Weights)
	n, _ := out.Dims()
	for i := range n {
		row := out.RawRowView(i)
		for j := range m {
			row[j] += r.Bias[j]
		}
	}
	return &out
}

// R2 returns the coefficient of determination of predictions against
// targets, pooled over outputs: 1 − Σ(y − ŷ)² / Σ(y − ȳ)², with ȳ the mean
// of each target column. Pooling weights each output by its variance (a
// constant output does not make it undefined); it is 1 for a perfect fit, 0
// for predicting the means, and negative for worse.
func R2(predicted, target mat.Matrix) float64 {
	n, m := target.Dims()
	if pn, pm := predicted.Dims(); pn != n || pm != m {
		panic(fmt.Errorf("metrics.R2: predicted is %d×%d but target is %d×%d; they must match", pn, pm, n, m))
	}
	means := columnMeans(target)
	var res, tot float64
	for i := range n {
		for j := range m {
			y := target.At(i, j)
			res += (y - predicted.At(i, j)) * (y - predicted.At(i, j))
			tot += (y - means[j]) * (y - means[j])
		}
	}
	if tot == 0 {
		panic(fmt.Errorf("metrics.R2: every target column is constant; R² is undefined"))
	}
	return 1 - res/tot
}

// ProbeAccuracy trains a linear probe on frozen features by ridge regression
// onto one-hot labels (classes 0 … classes−1) and returns its accuracy on
// held-out features: how linearly decodable the labels are from a layer.
// A closed-form probe is deterministic and needs no learning rate, which
// makes probes of different layers comparable.
func ProbeAccuracy(trainX mat.Matrix, trainLabels []int, testX mat.Matrix, testLabels []int, classes int, ridge float64) (float64, error) {
	if classes < 2 {
		return 0, fmt.Errorf("metrics.ProbeAccuracy: classes = %d; need at least 2", classes)
	}
	onehot := mat.NewDense(len(trainLabels), classes, nil)
	for i, y := range trainLabels {
		if y < 0 || y >= classes {
			return 0, fmt.Errorf("metrics.ProbeAccuracy: trainLabels[%d] = %d; want a class in [0, %d)", i, y, classes)
		}
		onehot.Set(i, y, 1)
	}
	r, err := FitRidge(trainX, onehot, ridge)
	if err != nil {
		return 0, fmt.Errorf("metrics.ProbeAccuracy: %w", err)
	}
	return Accuracy(ArgMax(r.Predict(testX)), testLabels), nil
}

// ProbeR2 fits a ridge probe from trainX to trainY and returns R² of its
// predictions on held-out testX against testY.
func ProbeR2(trainX, trainY, testX, testY mat.Matrix, ridge float64) (float64, error) {
	r, err := FitRidge(trainX, trainY, ridge)
	if err != nil {
		return 0, fmt.Errorf("metrics.ProbeR2: %w", err)
	}
	return R2(r.Predict(testX), testY), nil
}

// columnMeans returns the mean of each column of m.
func columnMeans(m mat.Matrix) []float64 {
	r, c := m.Dims()
	means := make([]float64, c)
	for i := range r {
		for j := range c {
			means[j] += m.At(i, j)
		}
	}
	for j := range means {
		means[j] /= float64(r)
	}
	return means
}
