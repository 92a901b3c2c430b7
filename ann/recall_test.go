package ann

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// recallFixture is a clustered data set with its queries, shared by the recall tests.
type recallFixture struct {
	n, dim, nq    int
	base, queries []float32
}

var fixture = sync.OnceValue(func() recallFixture {
	f := recallFixture{n: 4000, dim: 32, nq: 100}
	data := clustered(f.n+f.nq, f.dim, 40, 3)
	f.base, f.queries = data[:f.n*f.dim], data[f.n*f.dim:]
	return f
})

// meanRecall searches every query of f with idx and returns the mean tie-aware recall@10 against
// the exact float64 ranking.
func meanRecall(t *testing.T, f recallFixture, idx Index, m Metric, opt SearchOptions) float64 {
	t.Helper()
	tr := exactTruth(f.base, f.dim, f.queries, m, 10, nil)
	var sum float64
	for qi := range f.nq {
		q := f.queries[qi*f.dim : (qi+1)*f.dim]
		res, err := idx.Search(q, opt)
		require.NoError(t, err)
		require.Len(t, res, 10)
		sum += tr.recall(qi, q, res, 10)
	}
	return sum / float64(f.nq)
}

// TestRecallEveryStorageAndMetric checks recall@10 ≥ 0.95 at the default ef for every storage
// (graph built on the f32 rows, searched on each storage) and metric.
func TestRecallEveryStorageAndMetric(t *testing.T) {
	f := fixture()
	f32 := F32Vectors(f.base, f.dim)
	f16 := EncodeF16(f.base, f.dim)
	storages := []struct {
		name string
		vecs Vectors
		fine *Vectors
	}{
		{"f32", f32, nil},
		{"f16", f16, nil},
		{"int8", QuantizeInt8(f.base, f.dim, false), nil},
		{"int8-per-dim", QuantizeInt8(f.base, f.dim, true), nil},
		{"int8+f32", QuantizeInt8(f.base, f.dim, false), &f32},
		{"int8+f16", QuantizeInt8(f.base, f.dim, false), &f16},
	}
	for _, m := range []Metric{InnerProduct, Cosine, L2} {
		g, err := Build(context.Background(), f32, m, Config{Seed: 1})
		require.NoError(t, err)
		for _, st := range storages {
			t.Run(fmt.Sprintf("metric=%s/storage=%s", m, st.name), func(t *testing.T) {
				h, err := g.WithVectors(st.vecs)
				require.NoError(t, err)
				r := meanRecall(t, f, h, m, SearchOptions{Fine: st.fine})
				t.Logf("recall@10 = %.4f", r)
				require.GreaterOrEqual(t, r, 0.95)
				if st.fine != nil {
					require.GreaterOrEqual(t, r, 0.99, "rescoring from a fine copy")
				}
			})
		}
	}
}

// TestRecallBuiltOnQuantizedRows builds the graph from the quantized rows themselves.
func TestRecallBuiltOnQuantizedRows(t *testing.T) {
	f := fixture()
	for _, vecs := range []Vectors{EncodeF16(f.base, f.dim), QuantizeInt8(f.base, f.dim, false)} {
		t.Run("storage="+vecs.Storage.String(), func(t *testing.T) {
			h, err := Build(context.Background(), vecs, InnerProduct, Config{Seed: 1})
			require.NoError(t, err)
			r := meanRecall(t, f, h, InnerProduct, SearchOptions{})
			t.Logf("recall@10 = %.4f", r)
			require.GreaterOrEqual(t, r, 0.95)
		})
	}
}

// TestExactMatchesTruth checks that the exact index returns the exact top 10 (tie-aware, so
// float32 rounding cannot matter) for every storage with rescoring and for f32 alone.
func TestExactMatchesTruth(t *testing.T) {
	f := fixture()
	f32 := F32Vectors(f.base, f.dim)
	for _, m := range []Metric{InnerProduct, Cosine, L2} {
		t.Run("metric="+m.String(), func(t *testing.T) {
			e, err := NewExact(f32, m)
			require.NoError(t, err)
			require.InDelta(t, 1.0, meanRecall(t, f, e, m, SearchOptions{}), 1e-9)
			e8, err := NewExact(QuantizeInt8(f.base, f.dim, false), m)
			require.NoError(t, err)
			require.GreaterOrEqual(t, meanRecall(t, f, e8, m, SearchOptions{Fine: &f32, Rescore: 50}), 0.999)
		})
	}
}
