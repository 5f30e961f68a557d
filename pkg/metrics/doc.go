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
package metrics
