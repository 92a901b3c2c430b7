package ann

import (
	"math/bits"

	"github.com/corerec/corerec/internal/kernel"
)

// scanBlock is how many rows an exact scan scores per kernel call.
const scanBlock = 256

// scoreRange sets out[i] to the score of row lo+i for qu.
func (sp *space) scoreRange(qu *query, lo int, out []float32) {
	v := &sp.v
	d := v.Dim
	n := len(out)
	switch v.Storage {
	case F32:
		rows := v.F32[lo*d : (lo+n)*d]
		if sp.metric == L2 {
			for i := range out {
				out[i] = -kernel.SquaredL2(qu.q, rows[i*d:(i+1)*d])
			}
			return
		}
		kernel.DotBatch(qu.q, rows, out)
		return
	case F16:
		kernel.DotBatchF16(qu.q, v.F16[lo*d:(lo+n)*d], out)
	case Int8:
		kernel.DotBatchInt8(qu.q, v.I8[lo*d:(lo+n)*d], out)
		if v.PerDim {
			for i := range out {
				out[i] += qu.c
			}
		} else {
			sc, off := v.Scale[lo:lo+n], v.Offset[lo:lo+n]
			for i := range out {
				out[i] = off[i]*qu.sumQ + sc[i]*out[i]
			}
		}
	}
	if sp.metric == L2 {
		norms := sp.norms[lo : lo+n]
		for i := range out {
			out[i] = 2*out[i] - norms[i] - qu.qq
		}
	}
}

// offer keeps (id, score) in s.res if it is among the k best seen; NaN scores are dropped.
func (s *searcher) offer(k int, id int32, score float32) {
	switch {
	case score != score:
	case len(s.res) < k:
		s.res.push(id, score)
	case score > s.res[0].Score:
		s.res.replaceTop(id, score)
	}
}

// scanAll leaves the k best rows allowed by f (nil: all rows) in s.res.
func (sp *space) scanAll(s *searcher, qu *query, k int, f *filterState) {
	s.res = s.res[:0]
	out := s.out[:scanBlock]
	for lo := 0; lo < sp.v.N; lo += scanBlock {
		blk := out[:min(scanBlock, sp.v.N-lo)]
		sp.scoreRange(qu, lo, blk)
		for i, sc := range blk {
			id := int32(lo + i)
			if len(s.res) == k && !(sc > s.res[0].Score) {
				continue
			}
			if f == nil || f.allows(id) {
				s.offer(k, id, sc)
			}
		}
	}
}

// scanBits leaves in s.res the k best of the rows whose bit is set in f.bits and that f.fn (if
// set) accepts, scoring them in batches gathered from the bitset.
func (sp *space) scanBits(s *searcher, qu *query, k int, f *filterState) {
	s.res = s.res[:0]
	batch := s.batch[:0]
	for w, word := range f.bits {
		for word != 0 {
			id := int32(w*64 + bits.TrailingZeros64(word))
			word &= word - 1
			if f.fn != nil && !f.fn(id) {
				continue
			}
			batch = append(batch, id)
			if len(batch) == scanBlock {
				sp.offerAll(s, qu, k, batch)
				batch = batch[:0]
			}
		}
	}
	sp.offerAll(s, qu, k, batch)
}

// offerAll scores the rows ids and offers them to the k best in s.res.
func (sp *space) offerAll(s *searcher, qu *query, k int, ids []int32) {
	out := s.out[:len(ids)]
	sp.scores(qu, ids, out)
	for i, sc := range out {
		s.offer(k, ids[i], sc)
	}
}
