package nn

import (
	"fmt"
	"math"
	"path"
	"strings"

	"github.com/gomlx/gomlx/ml/model"
)

// Parameterization says how a dense layer's initialisation, forward pass
// and learning rate depend on its width. The three differ only in how
// things scale; each notebook picks the one its paper studies.
//
//   - Standard: weights drawn per the layer's Init (Glorot or He), no
//     forward multiplier, one learning rate for all.
//   - NTK (Jacot et al. 2018): weights N(0, 1), and the layer computes
//     x·W·√(c/fan_in) + b with c = Gain (C_W in Roberts & Yaida); biases
//     start at zero and are not scaled. At init the forward pass is the
//     same in distribution as Standard with variance c/fan_in, but the
//     gradient of W is √(c/fan_in) times smaller, which is what gives the
//     NTK limit its lazy training.
//   - MuP, the maximal-update parameterisation in the form of Table 3 of
//     Yang, Hu et al. 2022 ("Tensor Programs V"), relative to a base
//     model: at the base width the network is exactly the Standard one
//     (same Init), and as widths grow it scales as in the table below.
//
// μP's scaling, with width multipliers m_in = fan_in / base fan_in and
// m_out = fan_out / base fan_out (1 for a dimension that does not grow):
//
//	layer (which dims grow)   init variance    Adam LR    SGD LR
//	input  (fan_out only)     base             1          m_out
//	hidden (both)             base / m_in      1/m_in     m_out/m_in
//	output (fan_in only)      base / m_in²     1/m_in     1/m_in
//	biases                    zero             1          m_out
//
// "base" is Init's variance at the base model's shape. The learning-rate
// columns are multipliers of the base learning rate, which the training
// loop applies per variable (see LRMultipliers). Table 3 gives the hidden
// SGD rate as 1, which assumes fan_in and fan_out grow together; m_out/m_in
// (as Microsoft's mup package computes) reduces to it then. Weights with
// neither dimension growing are left as Standard. No forward multipliers
// are used in this form of μP.
type Parameterization int

const (
	// Standard initialises per Init and trains every weight at the base rate.
	Standard Parameterization = iota
	// NTK uses N(0, 1) weights with the forward multiplier √(Gain/fan_in).
	NTK
	// MuP is μP (Tensor Programs V, Table 3) relative to a base model.
	MuP
)

func (p Parameterization) String() string {
	switch p {
	case Standard:
		return "Standard"
	case NTK:
		return "NTK"
	case MuP:
		return "MuP"
	}
	return fmt.Sprintf("Parameterization(%d)", int(p))
}

// UpdateRule names the optimiser family whose learning-rate multipliers
// LRMultipliers returns: μP scales SGD and Adam-like rules differently.
type UpdateRule int

const (
	// SGDRule is plain or momentum SGD.
	SGDRule UpdateRule = iota
	// AdamRule is Adam, AdamW and other rules that normalise each
	// gradient entry (RMSProp, Adagrad).
	AdamRule
)

func (r UpdateRule) String() string {
	switch r {
	case SGDRule:
		return "SGDRule"
	case AdamRule:
		return "AdamRule"
	}
	return fmt.Sprintf("UpdateRule(%d)", int(r))
}

// lrParamPrefix marks the store parameters, one per variable and set in the
// variable's own scope, that hold its μP learning-rate multipliers
// ([2]float64 indexed by UpdateRule).
const lrParamPrefix = "nn_lr_multiplier_"

// LRMultipliers returns the learning-rate multiplier of every variable that
// a μP layer of this package created in store, keyed by the variable's path
// (model.Variable.Path, e.g. "/layer_1/dense/weights"), for the update rule
// rule. Variables not in the map (Standard and NTK layers, anything else)
// train at multiplier 1. Build the model's graph once before calling it.
//
// This is the contract with the training loop: the variable with path p
// must be updated with learning rate η·m[p], η being the rate tuned at the
// base width. With pkg/train, set Optimizer.MuP (it reads these
// multipliers when the step is built and picks the rule from the method), or
// pass the map as Optimizer.LRScales. Don't build one train.Group per entry:
// a group's WeightDecay replaces the global one, so under AdamW those
// variables would silently lose their decay.
func LRMultipliers(store *model.Store, rule UpdateRule) map[string]float64 {
	if rule != SGDRule && rule != AdamRule {
		panic(fmt.Errorf("nn.LRMultipliers: rule = %v, must be SGDRule or AdamRule", rule))
	}
	out := make(map[string]float64)
	for fullPath, value := range store.IterParams() {
		dir, key := path.Split(fullPath)
		if !strings.HasPrefix(key, lrParamPrefix) {
			continue
		}
		if m, ok := value.([2]float64); ok {
			out[dir+strings.TrimPrefix(key, lrParamPrefix)] = m[rule]
		}
	}
	return out
}

// setLRMultipliers records the μP multipliers of the variable name in scope.
func setLRMultipliers(scope *model.Scope, name string, m [2]float64) {
	scope.SetParam(lrParamPrefix+name, m)
}

// denseScaling is what a parameterisation asks of one dense layer.
type denseScaling struct {
	std        float64    // the weights' initial standard deviation
	multiplier float64    // forward multiplier of the weights
	weightLR   [2]float64 // μP learning-rate multipliers by UpdateRule
	biasLR     [2]float64
}

// scaling works out cfg's parameterisation for a [fanIn, fanOut] layer,
// checking cfg's values.
func (cfg DenseConfig) scaling(fanIn, fanOut int) denseScaling {
	s := denseScaling{multiplier: 1, weightLR: [2]float64{1, 1}, biasLR: [2]float64{1, 1}}
	if cfg.Gain < 0 || math.IsNaN(cfg.Gain) || math.IsInf(cfg.Gain, 0) {
		panic(fmt.Errorf("nn.Dense: DenseConfig.Gain = %g, must be a finite value ≥ 0 (0 means 1)", cfg.Gain))
	}
	if cfg.BaseFanIn < 0 || cfg.BaseFanOut < 0 {
		panic(fmt.Errorf("nn.Dense: DenseConfig.BaseFanIn, BaseFanOut = %d, %d: must be ≥ 0 (0: the dimension does not grow with width)",
			cfg.BaseFanIn, cfg.BaseFanOut))
	}
	switch cfg.Param {
	case Standard:
		s.std = cfg.Init.stddev(fanIn, fanOut)
	case NTK:
		c := cfg.Gain
		if c == 0 {
			c = 1
		}
		s.std, s.multiplier = 1, math.Sqrt(c/float64(fanIn))
	case MuP:
		baseIn, baseOut := fanIn, fanOut
		mIn, mOut := 1.0, 1.0
		if cfg.BaseFanIn > 0 {
			baseIn, mIn = cfg.BaseFanIn, float64(fanIn)/float64(cfg.BaseFanIn)
		}
		if cfg.BaseFanOut > 0 {
			baseOut, mOut = cfg.BaseFanOut, float64(fanOut)/float64(cfg.BaseFanOut)
		}
		variance := math.Pow(cfg.Init.stddev(baseIn, baseOut), 2)
		growIn, growOut := cfg.BaseFanIn > 0, cfg.BaseFanOut > 0
		switch {
		case growIn && growOut: // hidden
			variance /= mIn
			s.weightLR = [2]float64{SGDRule: mOut / mIn, AdamRule: 1 / mIn}
		case growIn: // output
			variance /= mIn * mIn
			s.weightLR = [2]float64{SGDRule: 1 / mIn, AdamRule: 1 / mIn}
		case growOut: // input
			s.weightLR = [2]float64{SGDRule: mOut, AdamRule: 1}
		}
		s.biasLR = [2]float64{SGDRule: mOut, AdamRule: 1}
		s.std = math.Sqrt(variance)
	default:
		panic(fmt.Errorf("nn.Dense: DenseConfig.Param = %v, must be Standard, NTK or MuP", cfg.Param))
	}
	return s
}
