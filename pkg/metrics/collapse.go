package metrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Collapse holds the neural-collapse measures of Papyan, Han & Donoho (2020)
// for last-layer features. Every measure is ≥ 0 and tends to 0 as training
// enters the terminal phase. The class means μ_c are centred at the global
// mean μ_G of all features (Papyan et al.'s definition; with balanced
// classes it is also the mean of the class means), giving the K×p matrix M
// with rows μ_c − μ_G.
type Collapse struct {
	Classes int // K

	// NC1 is the within-class variability relative to the between-class
	// variability, tr(Σ_W Σ_B⁺)/K, where Σ_W is the covariance of features
	// around their class means (averaged over all examples), Σ_B the
	// covariance of the centred class means (averaged over classes), and ⁺
	// the Moore–Penrose pseudo-inverse.
	NC1 float64

	// NC2: convergence of the centred class means to a simplex equiangular
	// tight frame. MeanNormCV is the coefficient of variation std_c/avg_c of
	// ‖μ_c − μ_G‖ (equinorm); Equiangularity is avg_{c≠c'} |cos(μ_c, μ_c') +
	// 1/(K−1)| (a simplex ETF has every cosine at −1/(K−1)); CosineSD is
	// std_{c≠c'} cos(μ_c, μ_c') (equal angles, whatever their value). NC2
	// combines them as ‖MMᵀ/‖MMᵀ‖_F − (I − 11ᵀ/K)/√(K−1)‖_F, the distance
	// of the normalised Gram matrix of the means from that of an ETF (Zhu et
	// al. 2021).
	NC2, MeanNormCV, Equiangularity, CosineSD float64

	// NC3 is the self-duality of the classifier W (K×p, one row per class)
	// and the means, ‖W/‖W‖_F − M/‖M‖_F‖²_F; ClassifierNormCV is the
	// equinorm measure std_c/avg_c of ‖w_c‖. Both are NaN without a
	// classifier.
	NC3, ClassifierNormCV float64

	// MeanCosines is the K×K matrix of cosines between centred class means,
	// for a heatmap.
	MeanCosines *mat.SymDense
}

// NeuralCollapse measures neural collapse of features (n×p, one row per
// example) with labels in 0 … K−1, where K = classes, every class present,
// and optionally the last layer's weights classifier (K×p; nil to skip NC3).
// It needs K ≥ 2 and the centred class means not all zero.
//
// NC1 is computed without forming any p×p matrix: with the thin SVD
// M = U S Vᵀ, Σ_B = V S² Vᵀ/K, so tr(Σ_W Σ_B⁺) = K Σ_k v_kᵀ Σ_W v_k / s_k²
// over singular values above 1e-10·s_max, and v_kᵀ Σ_W v_k is the mean
// squared projection of the within-class residuals on v_k.
func NeuralCollapse(features mat.Matrix, labels []int, classes int, classifier mat.Matrix) Collapse {
	n, p := features.Dims()
	checkSameLength("NeuralCollapse", "features rows", "labels", n, len(labels))
	if classes < 2 {
		panic(fmt.Errorf("metrics.NeuralCollapse: classes = %d; need at least 2", classes))
	}
	checkFinite("NeuralCollapse", "features", features)
	counts := make([]float64, classes)
	for i, y := range labels {
		checkLabel("NeuralCollapse", i, y, classes)
		counts[y]++
	}
	means := mat.NewDense(classes, p, nil)
	for i, y := range labels {
		row := means.RawRowView(y)
		for j := range p {
			row[j] += features.At(i, j) / counts[y]
		}
	}
	for c, k := range counts {
		if k == 0 {
			panic(fmt.Errorf("metrics.NeuralCollapse: class %d has no examples; every class in [0, %d) must be present", c, classes))
		}
	}
	global := columnMeans(features)
	m := mat.NewDense(classes, p, nil) // centred class means
	for c := range classes {
		for j := range p {
			m.Set(c, j, means.At(c, j)-global[j])
		}
	}
	if mat.Norm(m, 2) == 0 {
		panic(fmt.Errorf("metrics.NeuralCollapse: all class means are equal; between-class variability is zero"))
	}
	out := Collapse{Classes: classes, NC3: math.NaN(), ClassifierNormCV: math.NaN()}
	out.NC1 = withinOverBetween(features, labels, means, m)
	out.MeanNormCV = coefficientOfVariation(rowNorms(m))
	out.MeanCosines, out.Equiangularity, out.CosineSD = cosines(m)
	out.NC2 = distanceFromETF(m)
	if classifier != nil {
		if r, c := classifier.Dims(); r != classes || c != p {
			panic(fmt.Errorf("metrics.NeuralCollapse: classifier is %d×%d; want classes×features = %d×%d (one row per class)", r, c, classes, p))
		}
		checkFinite("NeuralCollapse", "classifier", classifier)
		out.ClassifierNormCV = coefficientOfVariation(rowNorms(classifier))
		var diff mat.Dense
		diff.Scale(1/mat.Norm(classifier, 2), classifier)
		var mn mat.Dense
		mn.Scale(1/mat.Norm(m, 2), m)
		diff.Sub(&diff, &mn)
		out.NC3 = frobeniusDot(&diff, &diff)
	}
	return out
}

// withinOverBetween returns tr(Σ_W Σ_B⁺)/K (see NeuralCollapse).
func withinOverBetween(features mat.Matrix, labels []int, means, centred *mat.Dense) float64 {
	n, p := features.Dims()
	k, _ := centred.Dims()
	var svd mat.SVD
	if !svd.Factorize(centred, mat.SVDThinV) {
		panic(fmt.Errorf("metrics.NeuralCollapse: the SVD of the class means did not converge"))
	}
	s := svd.Values(nil)
	var v mat.Dense
	svd.VTo(&v)
	resid := mat.NewDense(n, p, nil)
	for i, y := range labels {
		row := resid.RawRowView(i)
		for j := range p {
			row[j] = features.At(i, j) - means.At(y, j)
		}
	}
	var proj mat.Dense
	proj.Mul(resid, &v) // n × min(K, p)
	var trace float64
	for d, sd := range s {
		if sd <= 1e-10*s[0] {
			break
		}
		var ss float64
		for i := range n {
			x := proj.At(i, d)
			ss += x * x
		}
		trace += float64(k) * (ss / float64(n)) / (sd * sd)
	}
	return trace / float64(k)
}

// distanceFromETF returns ‖G/‖G‖_F − E/‖E‖_F‖_F with G = MMᵀ and
// E = I − 11ᵀ/K, whose Frobenius norm is √(K−1).
func distanceFromETF(m *mat.Dense) float64 {
	k, _ := m.Dims()
	var g mat.Dense
	g.Mul(m, m.T())
	norm := mat.Norm(&g, 2)
	var ss float64
	for i := range k {
		for j := range k {
			e := -1 / float64(k)
			if i == j {
				e += 1
			}
			d := g.At(i, j)/norm - e/math.Sqrt(float64(k-1))
			ss += d * d
		}
	}
	return math.Sqrt(ss)
}

// cosines returns the cosine matrix of the rows of m, the mean of
// |cos + 1/(K−1)| and the standard deviation of cos over pairs c ≠ c'.
func cosines(m *mat.Dense) (cos *mat.SymDense, equiangularity, sd float64) {
	k, _ := m.Dims()
	norms := rowNorms(m)
	cos = mat.NewSymDense(k, nil)
	var offDiag []float64
	for i := range k {
		for j := i; j < k; j++ {
			c := mat.Dot(m.RowView(i), m.RowView(j)) / (norms[i] * norms[j])
			cos.SetSym(i, j, c)
			if j > i {
				offDiag = append(offDiag, c)
				equiangularity += math.Abs(c + 1/float64(k-1))
			}
		}
	}
	equiangularity /= float64(len(offDiag))
	if len(offDiag) > 1 {
		sd = math.Sqrt(MomentsOf(offDiag).Variance())
	}
	return cos, equiangularity, sd
}

func rowNorms(m mat.Matrix) []float64 {
	r, c := m.Dims()
	norms := make([]float64, r)
	for i := range r {
		var ss float64
		for j := range c {
			ss += m.At(i, j) * m.At(i, j)
		}
		norms[i] = math.Sqrt(ss)
	}
	return norms
}

// coefficientOfVariation returns the population std over the mean of x.
func coefficientOfVariation(x []float64) float64 {
	mo := MomentsOf(x)
	return math.Sqrt(mo.Variance()) / mo.Mean
}
