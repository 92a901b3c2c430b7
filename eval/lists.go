package eval

import "fmt"

// FromLists computes the metrics of given ranked lists (best first), keyed
// by user, for example the output of a packed model's Recommend. Each list
// is cleaned the way Evaluate ranks: items out of [0, numItems), repeats and
// seen items that are not targets are dropped. A user without a list counts
// as a miss. MRR is 1/(position+1) of the first target in the cleaned list,
// or 0 when the list has none, so it equals Evaluate's only for full-length
// lists (Report.MRRDepth says how deep the lists went); the other metrics are
// equal as soon as lists hold MaxK items.
// Errors are those of Evaluate's case validation.
func FromLists(lists map[int32][]int32, cases []Case, numItems int, opt Options) (Report, error) {
	ms := newMetricSet(normalizeKs(opt.Ks))
	if numItems <= 0 {
		return Report{}, fmt.Errorf("eval: %w", ErrEmptyCatalog)
	}
	if err := validate(cases, numItems); err != nil {
		return Report{}, err
	}
	r := &ranker{mark: make([]uint8, numItems)}
	isTarget := func(i int32) bool { return r.mark[i] == markTarget || r.mark[i] == markListedTarget }
	cov := newCoverage(numItems)
	values := make([]float64, len(cases)*ms.width())
	var top []int32
	depth := 0
	for ci, c := range cases {
		nt := r.setMarks(c)
		var best int
		top, best = cleanList(top[:0], lists[c.User], r.mark)
		depth = max(depth, len(top))
		ms.fill(values[ci*ms.width():(ci+1)*ms.width()], top, isTarget, nt, best)
		cov.add(top[:min(len(top), ms.maxK)])
		for _, i := range top { // cleanList marked them
			r.mark[i] = markNone
		}
		r.clearMarks(c)
	}
	rep := newReport(ms, values, cases, cov)
	rep.MRRDepth = max(depth, 1)
	return rep, nil
}

// Marks of items already taken into a cleaned list.
const (
	markListed uint8 = iota + markTarget + 1
	markListedTarget
)

// cleanList appends list's valid, unseen, first occurrences to top and
// returns the position of the first target (-1 if none).
func cleanList(top, list []int32, mark []uint8) ([]int32, int) {
	best := -1
	for _, i := range list {
		if i < 0 || int(i) >= len(mark) {
			continue
		}
		switch mark[i] {
		case markNone:
			mark[i] = markListed
		case markTarget:
			mark[i] = markListedTarget
			if best < 0 {
				best = len(top)
			}
		default: // seen, or listed already
			continue
		}
		top = append(top, i)
	}
	return top, best
}
