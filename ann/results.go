package ann

import (
	"cmp"
	"slices"

	"github.com/corerec/corerec/internal/kernel"
)

// compareBestFirst orders results by score, higher first, then by smaller index.
func compareBestFirst(a, b Scored) int {
	if c := cmp.Compare(b.Score, a.Score); c != 0 {
		return c
	}
	return cmp.Compare(a.Index, b.Index)
}

// finish appends to dst the o.K best of the candidates in s.res, best first, re-scoring them from
// o.Fine first when it is set. q is the raw query.
func (s *searcher) finish(dst []Scored, sp *space, q []float32, o SearchOptions) ([]Scored, error) {
	s.sorted = append(s.sorted[:0], s.res...)
	slices.SortFunc(s.sorted, compareBestFirst)
	if o.Fine != nil {
		s.rescore(sp.metric, q, o)
	}
	return append(dst, s.sorted[:min(o.K, len(s.sorted))]...), nil
}

// rescore replaces the scores of the best o.Rescore entries of s.sorted by their scores from
// o.Fine, drops the rest and sorts again.
func (s *searcher) rescore(metric Metric, q []float32, o SearchOptions) {
	s.sorted = s.sorted[:min(o.Rescore, len(s.sorted))]
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
	slices.SortFunc(s.sorted, compareBestFirst)
}
