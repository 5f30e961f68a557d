package metrics

import (
	"fmt"
	"math"
)

// AUC returns the area under the ROC curve of a binary classifier: the
// probability that a random positive example scores higher than a random
// negative one, counting a tie as one half. It is computed from midranks
// (the Mann–Whitney U statistic), O(n log n). Both classes must be present.
func AUC(scores []float64, positive []bool) float64 {
	checkSameLength("AUC", "scores", "positive", len(scores), len(positive))
	for i, s := range scores {
		if math.IsNaN(s) {
			panic(fmt.Errorf("metrics.AUC: scores[%d] is NaN; every score must be comparable", i))
		}
	}
	ranks := midranks(scores)
	var nPos, rankSum float64
	for i, p := range positive {
		if p {
			nPos++
			rankSum += ranks[i]
		}
	}
	nNeg := float64(len(scores)) - nPos
	if nPos == 0 || nNeg == 0 {
		panic(fmt.Errorf("metrics.AUC: %v positive and %v negative examples; both classes are needed", nPos, nNeg))
	}
	u := rankSum - nPos*(nPos+1)/2 // pairs (positive, negative) won by the positive, ties ½
	return u / (nPos * nNeg)
}
