package ann

import (
	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/internal/kernel"
)

// space binds rows to a metric and scores prepared queries against them. It is read-only.
type space struct {
	v      Vectors
	metric Metric
	norms  []float32 // |x_i|² of the decoded rows: only for L2 over F16 or Int8 rows
	// lens are the row norms |x_i| while Build links an InnerProduct graph (see prune.go); nil
	// otherwise.
	lens []float32
}

func newSpace(v Vectors, metric Metric) (*space, error) {
	if err := v.Validate(); err != nil {
		return nil, err
	}
	if err := metric.validate(); err != nil {
		return nil, err
	}
	sp := &space{v: v, metric: metric}
	if metric == L2 && v.Storage != F32 {
		sp.norms = make([]float32, v.N)
		row := make([]float32, v.Dim)
		for i := range v.N {
			r := v.Row(i, row)
			sp.norms[i] = kernel.Dot(r, r)
		}
	}
	return sp, nil
}

// query is a query prepared for one space: scores are c + f(q·codes) as described on prepare.
type query struct {
	q    []float32 // the query, normalised for Cosine, per-dimension int8 scales folded in
	sumQ float32   // Σ q: the per-row int8 offset term
	c    float32   // added to every dot: Σ q_j·offset_j for per-dimension int8
	qq   float32   // |q|² for L2 over F16 or Int8 rows
}

// prepare fills qu for raw query q, using buf (len ≥ Dim) as the storage of qu.q.
func (sp *space) prepare(qu *query, q, buf []float32) error {
	d := sp.v.Dim
	if len(q) != d {
		return fmtlite.Errorf("%w: query has %d values, index has dimension %d", ErrQuery, len(q), d)
	}
	buf = buf[:d]
	copy(buf, q)
	*qu = query{q: buf}
	if sp.metric == Cosine {
		if n := kernel.Dot(buf, buf); n > 0 {
			kernel.Scale(1/sqrt32(n), buf)
		}
	}
	if sp.metric == L2 {
		qu.qq = kernel.Dot(buf, buf)
	}
	if sp.v.Storage == Int8 {
		if sp.v.PerDim {
			qu.c = kernel.Dot(buf, sp.v.Offset)
			for j := range buf {
				buf[j] *= sp.v.Scale[j]
			}
		} else {
			qu.sumQ = kernel.Sum(buf)
		}
	}
	return nil
}

// scores sets out[i] to the score of row ids[i] for qu; len(out) ≥ len(ids).
func (sp *space) scores(qu *query, ids []int32, out []float32) {
	out = out[:len(ids)]
	v := &sp.v
	switch v.Storage {
	case F32:
		if sp.metric == L2 {
			gatherNegL2(qu.q, v.F32, ids, out)
			return
		}
		gatherDot(qu.q, v.F32, ids, out)
		return
	case F16:
		gatherDotF16(qu.q, v.F16, ids, out)
	case Int8:
		if !v.PerDim {
			gatherDotI8Row(qu.q, v.I8, ids, out, v.Scale, v.Offset, qu.sumQ)
			break
		}
		gatherDotI8(qu.q, v.I8, ids, out)
		for i := range out {
			out[i] += qu.c
		}
	}
	if sp.metric == L2 {
		for i, id := range ids {
			out[i] = 2*out[i] - sp.norms[id] - qu.qq
		}
	}
}

// score returns the score of row id for qu.
func (sp *space) score(qu *query, id int32) float32 {
	var out [1]float32
	ids := [1]int32{id}
	sp.scores(qu, ids[:], out[:])
	return out[0]
}
