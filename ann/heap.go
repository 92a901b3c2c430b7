package ann

import "github.com/corerec/corerec/internal/kernel"

// Scored is one search result: a row index and its score (higher is better).
type Scored = kernel.Scored

// maxHeap keeps the best-scored entry at [0]: the frontier of candidates to expand.
type maxHeap []Scored

func (h *maxHeap) push(id int32, score float32) {
	s := append(*h, Scored{Index: id, Score: score})
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if s[p].Score >= score {
			break
		}
		s[i] = s[p]
		i = p
	}
	s[i] = Scored{Index: id, Score: score}
	*h = s
}

func (h *maxHeap) pop() Scored {
	s := *h
	top := s[0]
	n := len(s) - 1
	last := s[n]
	s = s[:n]
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && s[c+1].Score > s[c].Score {
			c++
		}
		if last.Score >= s[c].Score {
			break
		}
		s[i] = s[c]
		i = c
	}
	if n > 0 {
		s[i] = last
	}
	*h = s
	return top
}

// minHeap keeps the worst-scored entry at [0]: the current results, bounded by ef.
type minHeap []Scored

func (h *minHeap) push(id int32, score float32) {
	s := append(*h, Scored{Index: id, Score: score})
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if s[p].Score <= score {
			break
		}
		s[i] = s[p]
		i = p
	}
	s[i] = Scored{Index: id, Score: score}
	*h = s
}

func (h *minHeap) pop() Scored {
	s := *h
	top := s[0]
	n := len(s) - 1
	last := s[n]
	s = s[:n]
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && s[c+1].Score < s[c].Score {
			c++
		}
		if last.Score <= s[c].Score {
			break
		}
		s[i] = s[c]
		i = c
	}
	if n > 0 {
		s[i] = last
	}
	*h = s
	return top
}

// replaceTop replaces the worst entry with (id, score) and restores the heap order; it is a pop
// followed by a push in one pass.
func (h minHeap) replaceTop(id int32, score float32) {
	n := len(h)
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && h[c+1].Score < h[c].Score {
			c++
		}
		if score <= h[c].Score {
			break
		}
		h[i] = h[c]
		i = c
	}
	h[i] = Scored{Index: id, Score: score}
}
