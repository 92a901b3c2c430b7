package ann

import (
	"cmp"
	"slices"

	"github.com/corerec/corerec/internal/kernel"
)

// compareBestFirst orders results by score, higher first, then by smaller index; NaN scores
// rank last.
func compareBestFirst(a, b Scored) int {
	if c := cmp.Compare(b.Score, a.Score); c != 0 {
		return c
	}
	return cmp.Compare(a.Index, b.Index)
}

// before reports whether a ranks before b under compareBestFirst.
func before(a, b Scored) bool {
	switch aNaN, bNaN := a.Score != a.Score, b.Score != b.Score; {
	case aNaN != bNaN:
		return bNaN // NaN ranks last
	case !aNaN && a.Score != b.Score:
		return a.Score > b.Score
	}
	return a.Index < b.Index
}

// sortBestFirst sorts s by compareBestFirst: by insertion when short, the usual case.
func sortBestFirst(s []Scored) {
	if len(s) > 32 {
		slices.SortFunc(s, compareBestFirst)
		return
	}
	for i := 1; i < len(s); i++ {
		x := s[i]
		j := i
		for ; j > 0 && before(x, s[j-1]); j-- {
			s[j] = s[j-1]
		}
		s[j] = x
	}
}

// finish appends to dst the o.K best of the candidates in s.res (a min-heap), best first,
// re-scoring the best o.Rescore from o.Fine first when it is set. q is the raw query.
func (s *searcher) finish(dst []Scored, sp *space, q []float32, o SearchOptions) ([]Scored, error) {
	keep := o.K
	if o.Fine != nil {
		keep = o.Rescore
	}
	for len(s.res) > keep {
		s.res.pop()
	}
	s.sorted = append(s.sorted[:0], s.res...)
	if o.Fine != nil {
		s.rescore(sp.metric, q, o)
	}
	sortBestFirst(s.sorted)
	return append(dst, s.sorted[:min(o.K, len(s.sorted))]...), nil
}

// rescore replaces the scores of s.sorted by their scores from o.Fine.
func (s *searcher) rescore(metric Metric, q []float32, o SearchOptions) {
	fq := s.fbuf[:len(q)]
	copy(fq, q)
	if metric == Cosine {
		if n := kernel.Dot(fq, fq); n > 0 {
			kernel.Scale(1/sqrt32(n), fq)
		}
	}
	fine := o.Fine
	d := fine.Dim
	for i, r := range s.sorted {
		var row []float32
		if fine.Storage == F32 {
			row = fine.F32[int(r.Index)*d : int(r.Index+1)*d]
		} else {
			row = fine.Row(int(r.Index), s.row)
		}
		if metric == L2 {
			s.sorted[i].Score = -kernel.SquaredL2(fq, row)
		} else {
			s.sorted[i].Score = kernel.Dot(fq, row)
		}
	}
}
