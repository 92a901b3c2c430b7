package runtime

import (
	"math"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/internal/kernel"
	"github.com/corerec/corerec/modelpack"
)

// itemSet is the item embedding matrix, read in place, with the scoring the bundle's metric asks for.
type itemSet struct {
	m      modelpack.Matrix
	n, dim int
	metric string
	norm2  []float32 // squared norms of the stored (dequantized) rows, only for MetricL2
}

func loadItemSet(b *modelpack.Bundle, man modelpack.Manifest, numItems int) (*itemSet, error) {
	m, err := b.Matrix(modelpack.SectionItemEmbeddings)
	if err != nil {
		return nil, bundleError(err)
	}
	if m.Rows != numItems {
		return nil, fmtlite.Errorf("%w: item embeddings have %d rows, catalog has %d items", ErrBundle, m.Rows, numItems)
	}
	if m.Cols <= 0 || (man.Dim != 0 && man.Dim != m.Cols) {
		return nil, fmtlite.Errorf("%w: item embeddings have dim %d, manifest says %d", ErrBundle, m.Cols, man.Dim)
	}
	s := &itemSet{m: m, n: m.Rows, dim: m.Cols, metric: man.Metric}
	switch s.metric {
	case "", modelpack.MetricDot, modelpack.MetricCosine:
	case modelpack.MetricL2:
		s.norm2 = rowNorms(m)
	default:
		return nil, fmtlite.Errorf("%w: unknown metric %q", ErrBundle, man.Metric)
	}
	return s, nil
}

func rowNorms(m modelpack.Matrix) []float32 {
	out := make([]float32, m.Rows)
	row := make([]float32, m.Cols)
	for i := range out {
		row = m.Row(i, row[:0])
		out[i] = kernel.Dot(row, row)
	}
	return out
}

// query is a user vector prepared once per request for scoring against the stored rows.
type query struct {
	v      []float32 // the (normalised, for cosine) query
	scaled []float32 // per-dimension int8: v_j·scale_j
	c      float32   // per-dimension int8: Σ v_j·offset_j
	sum    float32   // per-row int8: Σ v_j
	qq     float32   // L2: v·v
}

// prepare readies q (normalised in place for cosine bundles; item rows are stored normalised). scaled must
// have len dim; it is used only by per-dimension int8 bundles.
func (s *itemSet) prepare(q, scaled []float32) query {
	if s.metric == modelpack.MetricCosine {
		if n := kernel.Dot(q, q); n > 0 {
			kernel.Scale(float32(1/math.Sqrt(float64(n))), q)
		}
	}
	qr := query{v: q}
	m := s.m
	if m.Quant == modelpack.QuantInt8 {
		if m.PerDim {
			for j, v := range q {
				scaled[j] = v * m.Scale[j]
				qr.c += v * m.Offset[j]
			}
			qr.scaled = scaled
		} else {
			qr.sum = kernel.Sum(q)
		}
	}
	if s.norm2 != nil {
		qr.qq = kernel.Dot(q, q)
	}
	return qr
}

// scoreRange writes the scores of items lo..hi-1 for q into out (len hi-lo).
func (s *itemSet) scoreRange(q query, lo, hi int, out []float32) {
	m, d := s.m, s.dim
	switch m.Quant {
	case modelpack.QuantF32:
		kernel.DotBatch(q.v, m.F32[lo*d:hi*d], out)
	case modelpack.QuantF16:
		kernel.DotBatchF16(q.v, m.F16[lo*d:hi*d], out)
	case modelpack.QuantInt8:
		codes := m.I8[lo*d : hi*d]
		if m.PerDim {
			kernel.DotBatchInt8(q.scaled, codes, out)
			for i := range out {
				out[i] += q.c
			}
		} else {
			kernel.DotBatchInt8(q.v, codes, out)
			off, sc := m.Offset[lo:hi], m.Scale[lo:hi]
			for i := range out {
				out[i] = off[i]*q.sum + sc[i]*out[i]
			}
		}
	}
	if s.norm2 != nil {
		n2 := s.norm2[lo:hi]
		for i := range out {
			out[i] = -(q.qq - 2*out[i] + n2[i])
		}
	}
}

// score returns item i's score for q.
func (s *itemSet) score(q query, i int32) float32 {
	m, d := s.m, s.dim
	lo := int(i) * d
	var v float32
	switch m.Quant {
	case modelpack.QuantF32:
		v = kernel.Dot(q.v, m.F32[lo:lo+d])
	case modelpack.QuantF16:
		v = kernel.DotF16(q.v, m.F16[lo:lo+d])
	case modelpack.QuantInt8:
		if m.PerDim {
			v = q.c + kernel.DotInt8(q.scaled, m.I8[lo:lo+d])
		} else {
			v = m.Offset[i]*q.sum + m.Scale[i]*kernel.DotInt8(q.v, m.I8[lo:lo+d])
		}
	}
	if s.norm2 != nil {
		v = -(q.qq - 2*v + s.norm2[i])
	}
	return v
}

// vector appends item i's dequantized embedding to dst.
func (s *itemSet) vector(i int32, dst []float32) []float32 { return s.m.Row(int(i), dst) }
