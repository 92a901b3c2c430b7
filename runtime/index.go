package runtime

import (
	"github.com/corerec/corerec/ann"
	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/modelpack"
)

// AnnVectors views a bundle matrix as ann rows (no copy).
func AnnVectors(m modelpack.Matrix) ann.Vectors {
	v := ann.Vectors{N: m.Rows, Dim: m.Cols, F32: m.F32, F16: m.F16, I8: m.I8, Scale: m.Scale, Offset: m.Offset, PerDim: m.PerDim}
	switch m.Quant {
	case modelpack.QuantF16:
		v.Storage = ann.F16
	case modelpack.QuantInt8:
		v.Storage = ann.Int8
	default:
		v.Storage = ann.F32
	}
	return v
}

// AnnMetric maps a manifest metric to the ann package's.
func AnnMetric(metric string) (ann.Metric, error) {
	switch metric {
	case "", modelpack.MetricDot:
		return ann.InnerProduct, nil
	case modelpack.MetricCosine:
		return ann.Cosine, nil
	case modelpack.MetricL2:
		return ann.L2, nil
	}
	return 0, fmtlite.Errorf("%w: unknown metric %q", ErrBundle, metric)
}

// loadGraph loads the bundle's HNSW graph over the item embeddings, or returns nil when it has none.
func (s *itemSet) loadGraph(b *modelpack.Bundle) (*ann.HNSW, error) {
	if !b.Has(modelpack.SectionItemGraph) {
		return nil, nil
	}
	raw, _, err := b.Raw(modelpack.SectionItemGraph)
	if err != nil {
		return nil, bundleError(err)
	}
	metric, err := AnnMetric(s.metric)
	if err != nil {
		return nil, err
	}
	g, err := ann.LoadGraph(AnnVectors(s.m), metric, raw)
	if err != nil {
		return nil, fmtlite.Errorf("%w: section %q: %w", ErrBundle, modelpack.SectionItemGraph, err)
	}
	return g, nil
}
