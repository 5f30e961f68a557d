// Package metrics turns the raw numbers of an experiment into the quantities
// a paper's claim is stated in, with honest uncertainties.
//
// Moments summarises a sample by its count, mean and central power sums. Two
// summaries merge exactly, so a statistic of a pooled sample (kurtosis of the
// outputs of thousands of random networks, say) can be recomputed for any
// resampling of groups without touching the raw values again. That is what
// BootstrapGroups does: it resamples whole groups (networks, seeds, runs)
// rather than single observations, which is the right unit when the
// observations inside a group are dependent.
//
// FitLine and FitPowerLaw are least-squares fits with the numbers a verdict
// needs: the slope (exponent), its 95% confidence interval and R². Scaling
// laws, decay rates and "grows like L/n" claims all reduce to a power-law fit
// in log–log space.
//
// The measurements of a trained model run on the host in float64: a notebook
// computes predictions or activations with GoMLX, brings them back once
// (Matrix turns a tensor or a [][]float32 into a gonum matrix, one row per
// example) and measures them here. Classification: ArgMax, Accuracy,
// CrossEntropy, Softmax, SoftmaxConfidence, Reliability and
// ReliabilityEqualMass (expected calibration error with the bins of a
// reliability diagram), Brier, FitTemperature and KLDivergence; ranking:
// AUC, Spearman and KendallTau, all with ties handled by midranks;
// segmentation: IoU and Dice of binary masks, and Confusion for per-class
// IoU, mIoU and pixel accuracy; retrieval: CosineSimilarities and
// RecallAtK; distributions: FrechetDistance between fitted Gaussians,
// Sinkhorn and Wasserstein1 for entropic optimal transport.
//
// Representations: LinearCKA compares two layers; FitRidge, ProbeAccuracy
// and ProbeR2 are closed-form linear probes; SingularValues, EffectiveRank
// and PCA describe a spectrum, PrincipalAngles compares two subspaces;
// BinPatterns, EntropyBits and MutualInformationBits give the plug-in
// information-plane estimates, NormalizedMutualInformation compares two
// labelings; NeuralCollapse measures NC1–NC3 of last-layer features; TwoNN
// and IntrinsicDimMLE estimate the intrinsic dimension of a point cloud;
// KMeans clusters it, and ClusterAccuracy scores clusters against labels
// under the best matching (MaxWeightMatching, the Hungarian algorithm).
// Costs: CKA, probes and PCA are dense float64 linear algebra in pure Go
// (measured: XᵀX of a 2000×512 matrix in 0.14 s, ~7 GFLOP/s on 2 cores), and the intrinsic-dimension estimators find
// neighbours by brute force, O(N²·p); for tens of thousands of examples,
// subsample or form the Gram matrices with GoMLX first.
//
// Two measurements run in the graph. InputGradient builds the saliency
// ∂ log p(label)/∂ input. HessianVectorProduct builds exact
// Hessian-vector products by double backward, and HessianTopEigenvalue
// finds the sharpness of a loss by power iteration on them;
// DirectionalCurvature measures vᵀHv/vᵀv along a given direction. GoMLX v0.28
// differentiates most gradients again, but not that of its fused dense op
// (used by pkg/nn on the Go backend); there both fall back to central
// differences of gradients and say so in their results.
//
// Errors: functions whose input can only be wrong by a caller's mistake
// (mismatched lengths, a label out of range, a NaN) panic with a message
// naming the value and what is allowed, as gonum does for mismatched
// dimensions; those that can fail on valid data (a fit with constant x, a
// singular system) return an error.
package metrics
