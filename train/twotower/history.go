package twotower

import (
	"math/rand/v2"

	"github.com/corerec/corerec/train/nn"
)

// history is the user tower's behaviour input (TowerConfig.History > 0, the YouTube DNN's "watch
// history"): the mean of a table's rows over the user's training items. In training each example's bag
// leaves out the example's own positive (the one occurrence being predicted), so the tower cannot learn
// to find the target in its input, and holds at most History items drawn at random from the rest; the
// exported vectors (Model.Users) use every training item of the user.
type history struct {
	items [][]int32 // per user: the training items
	limit int       // at most this many items per training bag
	table *nn.Param // NumItems × width; sparse gradients

	// per-step buffers; the tape reads them until Backward returns
	ids, offsets, pick []int32
}

func newHistory(ps *nn.Params, items [][]int32, numItems, limit, width int, std float32, rng *rand.Rand) *history {
	h := &history{items: items, limit: limit, table: ps.Sparse("user.history", numItems, width)}
	h.table.InitNormal(rng, float64(std))
	return h
}

// bag records the history rows of users rows: for training, exclude[k] is left out of row k's bag once
// and at most limit items are drawn with rng; exclude == nil (evaluation, export) takes every item.
// A row outside the known users gets an empty bag (a zero row).
func (h *history) bag(tp *nn.Tape, rows, exclude []int32, rng *rand.Rand) *nn.Tensor {
	h.ids, h.offsets = h.ids[:0], append(h.offsets[:0], 0)
	for k, u := range rows {
		var items []int32
		if u >= 0 && int(u) < len(h.items) {
			items = h.items[u]
		}
		if exclude == nil {
			h.ids = append(h.ids, items...)
		} else {
			h.ids = h.appendSample(h.ids, items, exclude[k], rng)
		}
		h.offsets = append(h.offsets, int32(len(h.ids)))
	}
	return tp.EmbeddingBag(h.table, h.ids, h.offsets, nn.BagMean)
}

// appendSample appends to dst the items without one occurrence of skip, or a uniform sample of limit of
// them when there are more.
func (h *history) appendSample(dst, items []int32, skip int32, rng *rand.Rand) []int32 {
	h.pick = h.pick[:0]
	skipped := false
	for _, i := range items {
		if i == skip && !skipped {
			skipped = true
			continue
		}
		h.pick = append(h.pick, i)
	}
	if h.limit > 0 && len(h.pick) > h.limit {
		for k := range h.limit { // partial Fisher–Yates: the first limit entries are the sample
			j := k + rng.IntN(len(h.pick)-k)
			h.pick[k], h.pick[j] = h.pick[j], h.pick[k]
		}
		h.pick = h.pick[:h.limit]
	}
	return append(dst, h.pick...)
}
