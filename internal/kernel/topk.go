package kernel

import (
	"cmp"
	"math"
	"slices"
)

// Scored is one selected item: its index in the scored set and its score.
type Scored struct {
	Index int32
	Score float32
}

// better reports whether a ranks before b: higher score first, then smaller index.
func better(a, b Scored) bool {
	return a.Score > b.Score || (a.Score == b.Score && a.Index < b.Index)
}

// compareBestFirst orders Scored values best first, for slices.SortFunc.
func compareBestFirst(a, b Scored) int {
	if c := cmp.Compare(b.Score, a.Score); c != 0 {
		return c
	}
	return cmp.Compare(a.Index, b.Index)
}

// TopK keeps the k best (index, score) pairs of a stream: highest score first, ties broken by the
// smaller index, so the result does not depend on push order. NaN scores are ignored. It is a
// min-heap of size k whose root is the worst kept pair, so Push costs O(1) for a pair that does
// not qualify and O(log k) for one that does.
//
// The zero value keeps nothing; use NewTopK or Reset. A TopK is not safe for concurrent use.
type TopK struct {
	k    int
	heap []Scored // heap[0] is the worst kept pair
}

// NewTopK returns a TopK that keeps the k best pairs. k <= 0 keeps none.
func NewTopK(k int) *TopK {
	t := &TopK{}
	t.Reset(k)
	return t
}

// Reset empties t and makes it keep the k best pairs, reusing its storage. k <= 0 keeps none.
func (t *TopK) Reset(k int) {
	t.k = max(k, 0)
	if cap(t.heap) < t.k {
		t.heap = make([]Scored, 0, t.k)
	}
	t.heap = t.heap[:0]
}

// Len returns how many pairs t holds: at most k.
func (t *TopK) Len() int { return len(t.heap) }

// Threshold returns the k-th best score held, or -Inf while fewer than k pairs are held (+Inf when
// k is 0: nothing can enter). A pair whose score is below Threshold cannot enter.
func (t *TopK) Threshold() float32 {
	switch {
	case t.k == 0:
		return float32(math.Inf(1))
	case len(t.heap) < t.k:
		return float32(math.Inf(-1))
	}
	return t.heap[0].Score
}

// Push offers a pair. It is kept if fewer than k pairs are held or if it ranks before the worst
// pair held, which it then replaces.
func (t *TopK) Push(index int32, score float32) {
	s := Scored{Index: index, Score: score}
	switch {
	case score != score: // NaN
		return
	case len(t.heap) < t.k:
		t.heap = append(t.heap, s)
		t.siftUp(len(t.heap) - 1)
	case t.k > 0 && better(s, t.heap[0]):
		t.heap[0] = s
		t.siftDown(0)
	}
}

// Sorted appends the held pairs to dst, best first, and returns the extended slice. t is left
// unchanged: pushing may continue, or Reset starts a new selection.
func (t *TopK) Sorted(dst []Scored) []Scored {
	n := len(dst)
	dst = append(dst, t.heap...)
	slices.SortFunc(dst[n:], compareBestFirst)
	return dst
}

func (t *TopK) siftUp(i int) {
	h := t.heap
	for i > 0 {
		parent := (i - 1) / 2
		if !better(h[parent], h[i]) {
			break
		}
		h[parent], h[i] = h[i], h[parent]
		i = parent
	}
}

func (t *TopK) siftDown(i int) {
	h := t.heap
	n := len(h)
	for {
		worst, l := i, 2*i+1
		if l >= n {
			return
		}
		if better(h[worst], h[l]) {
			worst = l
		}
		if r := l + 1; r < n && better(h[worst], h[r]) {
			worst = r
		}
		if worst == i {
			return
		}
		h[i], h[worst] = h[worst], h[i]
		i = worst
	}
}

// SelectTopK returns the k best entries of scores, best first (ties by smaller index), skipping
// every index i for which skip != nil && skip(i). NaN scores are never selected. Indices must fit
// in an int32.
func SelectTopK(scores []float32, k int, skip func(i int) bool) []Scored {
	k = min(max(k, 0), len(scores))
	var t TopK
	t.Reset(k)
	if k == 0 {
		return []Scored{}
	}
	full, worst := false, float32(0) // worst is the root's score once the heap is full
	for i, s := range scores {
		// Cheap rejection before the skip call and the heap: once full, only a score above the
		// current worst can enter (an equal one loses on index, since i only grows).
		if full && !(s > worst) {
			continue
		}
		if skip != nil && skip(i) {
			continue
		}
		t.Push(int32(i), s)
		if len(t.heap) == k {
			full, worst = true, t.heap[0].Score
		}
	}
	slices.SortFunc(t.heap, compareBestFirst) // the heap is ours alone: sort it in place
	return t.heap
}
