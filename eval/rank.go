package eval

import "slices"

// better reports whether item a (score sa) ranks above item b (score sb):
// higher score first, NaN last, ties by smaller index.
func better(sa float32, a int32, sb float32, b int32) bool {
	an, bn := sa != sa, sb != sb
	switch {
	case an != bn:
		return bn
	case !an && sa != sb:
		return sa > sb
	}
	return a < b
}

// Item marks in ranker.mark.
const (
	markNone uint8 = iota
	markSeen
	markTarget
)

// ranker holds one worker's buffers for ranking a case.
type ranker struct {
	scores []float32
	mark   []uint8 // markSeen / markTarget for the current case, reset after
	heap   []int32 // top-K candidates, worst on top
}

func newRanker(n, maxK int) *ranker {
	return &ranker{scores: make([]float32, n), mark: make([]uint8, n), heap: make([]int32, 0, maxK)}
}

// setMarks marks c's seen items and targets (targets win) and returns the
// number of distinct targets.
func (r *ranker) setMarks(c Case) int {
	for _, i := range c.Seen {
		r.mark[i] = markSeen
	}
	n := 0
	for _, i := range c.Targets {
		if r.mark[i] != markTarget {
			r.mark[i] = markTarget
			n++
		}
	}
	return n
}

func (r *ranker) clearMarks(c Case) {
	for _, i := range c.Seen {
		r.mark[i] = markNone
	}
	for _, i := range c.Targets {
		r.mark[i] = markNone
	}
}

// rank fills r.heap with the ordered top maxK unmasked items and returns the
// 0-based rank of the best target among all unmasked items. Marks must be set.
func (r *ranker) rank(targets []int32, maxK int) int {
	s := r.scores
	best := targets[0]
	for _, t := range targets[1:] {
		if better(s[t], t, s[best], best) {
			best = t
		}
	}
	sb, rank := s[best], 0
	h := r.heap[:0]
	for i, si := range s {
		if r.mark[i] == markSeen {
			continue
		}
		it := int32(i)
		if better(si, it, sb, best) {
			rank++
		}
		if len(h) < maxK {
			h = append(h, it)
			siftUp(h, s, len(h)-1)
		} else if better(si, it, s[h[0]], h[0]) {
			h[0] = it
			siftDown(h, s, 0)
		}
	}
	slices.SortFunc(h, func(a, b int32) int {
		if better(s[a], a, s[b], b) {
			return -1
		}
		return 1
	})
	r.heap = h
	return rank
}

// siftUp and siftDown keep h a heap whose root is the worst item.
func siftUp(h []int32, s []float32, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !better(s[h[p]], h[p], s[h[i]], h[i]) {
			return
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

func siftDown(h []int32, s []float32, i int) {
	for {
		w, l, rr := i, 2*i+1, 2*i+2
		if l < len(h) && better(s[h[w]], h[w], s[h[l]], h[l]) {
			w = l
		}
		if rr < len(h) && better(s[h[w]], h[w], s[h[rr]], h[rr]) {
			w = rr
		}
		if w == i {
			return
		}
		h[w], h[i] = h[i], h[w]
		i = w
	}
}
