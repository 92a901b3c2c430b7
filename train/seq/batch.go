package seq

import (
	"math/rand/v2"
	"slices"

	"github.com/corerec/corerec/train/nn"
)

// batch is one packed step: the windows of several sequences back to back, with what each loss needs.
// Its slices are reused from step to step.
type batch struct {
	ids, pos []int32   // per row: item id (or mask token) and position in its window
	spans    []nn.Span // per sequence
	targets  []int32   // the item each loss row should predict
	rows     []int32   // BERT4Rec: the row of each target (the masked rows); nil-like for SASRec
	negs     []int32   // SASRec with LossBCE: one sampled negative per row
	labels   []float32 // LossBCE: 1 for each positive logit, 0 for each negative
}

func (b *batch) reset() {
	b.ids, b.pos, b.spans = b.ids[:0], b.pos[:0], b.spans[:0]
	b.targets, b.rows, b.negs, b.labels = b.targets[:0], b.rows[:0], b.negs[:0], b.labels[:0]
}

// window appends items as one sequence with positions 0, 1, … and returns the row of its first item.
func (b *batch) window(items []int32) int {
	start := len(b.ids)
	b.spans = append(b.spans, nn.Span{Start: int32(start), Len: int32(len(items))})
	b.ids = append(b.ids, items...)
	for t := range items {
		b.pos = append(b.pos, int32(t))
	}
	return start
}

// addCausal appends a SASRec training sequence: the last maxLen+1 items give maxLen inputs, each
// predicting the next. seq must hold at least 2 items.
func (b *batch) addCausal(seq []int32, maxLen int) {
	seq = seq[max(0, len(seq)-maxLen-1):]
	b.window(seq[:len(seq)-1])
	b.targets = append(b.targets, seq[1:]...)
}

// addCloze appends a BERT4Rec training sequence: the last maxLen items, each replaced by the mask token
// with probability p (at least one), the masked rows predicting the original items.
func (b *batch) addCloze(seq []int32, maxLen int, p float32, mask int32, rng *rand.Rand) {
	seq = seq[max(0, len(seq)-maxLen):]
	start := b.window(seq)
	masked := len(b.rows)
	for t, it := range seq {
		if rng.Float32() < p {
			b.ids[start+t] = mask
			b.rows = append(b.rows, int32(start+t))
			b.targets = append(b.targets, it)
		}
	}
	if len(b.rows) == masked { // none drawn: mask one position
		t := rng.IntN(len(seq))
		b.ids[start+t] = mask
		b.rows = append(b.rows, int32(start+t))
		b.targets = append(b.targets, seq[t])
	}
}

// addQuery appends a history to encode: its last maxLen items (SASRec), or its last maxLen−1 items and
// the mask token (BERT4Rec; mask ≥ 0). It returns the row whose output is the user vector, or -1 for an
// empty SASRec history.
func (b *batch) addQuery(hist []int32, maxLen int, mask int32) int {
	if mask >= 0 {
		hist = hist[max(0, len(hist)-maxLen+1):]
		start := b.window(hist)
		b.ids = append(b.ids, mask)
		b.pos = append(b.pos, int32(len(hist)))
		b.spans[len(b.spans)-1].Len++
		return start + len(hist)
	}
	hist = hist[max(0, len(hist)-maxLen):]
	start := b.window(hist)
	if len(hist) == 0 {
		return -1
	}
	return start + len(hist) - 1
}

// negatives draws, for each target row of a SASRec sequence, one item outside the user's sorted item
// set (giving up after 32 draws for a user who has seen nearly everything) and sets the BCE labels.
func (b *batch) negatives(numItems int, seen []int32, count int, rng *rand.Rand) {
	for range count {
		var j int32
		for range 32 {
			j = int32(rng.IntN(numItems))
			if _, found := slices.BinarySearch(seen, j); !found {
				break
			}
		}
		b.negs = append(b.negs, j)
	}
}
