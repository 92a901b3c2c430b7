package rank

import (
	"math"
	"slices"
)

// AUC is the area under the ROC curve of scores against 0/1 labels (ties count one half): the
// probability that a random positive scores above a random negative. It is 0.5 when either
// class is empty.
func AUC(scores, labels []float32) float64 {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		switch {
		case scores[a] < scores[b]:
			return -1
		case scores[a] > scores[b]:
			return 1
		}
		return 0
	})
	var pos, rankSum float64
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && scores[idx[j]] == scores[idx[i]] {
			j++
		}
		mid := float64(i+j+1) / 2 // mean 1-based rank of the tie group
		for _, k := range idx[i:j] {
			if labels[k] > 0.5 {
				pos++
				rankSum += mid
			}
		}
		i = j
	}
	neg := float64(len(idx)) - pos
	if pos == 0 || neg == 0 {
		return 0.5
	}
	return (rankSum - pos*(pos+1)/2) / (pos * neg)
}

// LogLoss is the mean binary cross-entropy of sigmoid(logits) against labels.
func LogLoss(logits, labels []float32) float64 {
	var s float64
	for i, z := range logits {
		x, y := float64(z), float64(labels[i])
		s += math.Max(x, 0) - x*y + math.Log1p(math.Exp(-math.Abs(x)))
	}
	return s / float64(max(len(logits), 1))
}
