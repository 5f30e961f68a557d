package metrics

// IoU returns the intersection over union |P ∩ T| / |P ∪ T| of a predicted
// and a target binary mask (flattened, same length). Two empty masks agree
// perfectly, so IoU is 1 for them, the usual convention in segmentation.
func IoU(predicted, target []bool) float64 {
	inter, p, t := maskCounts("IoU", predicted, target)
	if p+t == 0 {
		return 1
	}
	return inter / (p + t - inter)
}

// Dice returns the Dice coefficient (F1 score) 2|P ∩ T| / (|P| + |T|) of a
// predicted and a target binary mask; 1 for two empty masks. It relates to
// IoU by Dice = 2·IoU / (1 + IoU).
func Dice(predicted, target []bool) float64 {
	inter, p, t := maskCounts("Dice", predicted, target)
	if p+t == 0 {
		return 1
	}
	return 2 * inter / (p + t)
}

func maskCounts(fn string, predicted, target []bool) (inter, p, t float64) {
	checkSameLength(fn, "predicted", "target", len(predicted), len(target))
	for i, a := range predicted {
		b := target[i]
		if a {
			p++
		}
		if b {
			t++
		}
		if a && b {
			inter++
		}
	}
	return inter, p, t
}
