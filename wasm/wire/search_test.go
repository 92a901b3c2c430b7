package wire_test

import (
	"context"
	"math"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/ann"
	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/wasm/testbundle"
	"github.com/corerec/corerec/wasm/wire"
)

// graphEngine opens a bundle large enough for pack to give it an HNSW graph.
var graphEngine = sync.OnceValues(func() (*runtime.Engine, error) {
	data, err := testbundle.Make(testbundle.Config{Items: 3000, Dim: 24, Categories: 8, Seed: 3})
	if err != nil {
		return nil, err
	}
	return runtime.OpenBytes(data, runtime.Options{})
})

func openGraph(t *testing.T) *runtime.Engine {
	eng, err := graphEngine()
	require.NoError(t, err)
	require.Equal(t, "hnsw", eng.Index())
	return eng
}

// A search for a one-item history's user vector returns what the recommendation's retrieve stage finds
// for that history (the same graph, beam width and scores), and what package ann returns over the
// bundle's graph and vectors.
func TestSearchMatchesRecommendAndAnn(t *testing.T) {
	eng := openGraph(t)
	s, err := wire.NewSearcher(eng)
	require.NoError(t, err)
	require.Equal(t, 24, s.Dim())
	g := bundleGraph(t, eng)
	ctx := context.Background()
	for _, tc := range []struct {
		item  string
		k, ef int
	}{{"i000000", 10, 0}, {"i000017", 5, 10}, {"i001234", 10, 64}, {"i002999", 30, 200}, {"i000500", 1, 1}} {
		t.Run(tc.item, func(t *testing.T) {
			q, err := eng.Encode(runtime.Request{History: []string{tc.item}})
			require.NoError(t, err)
			got, err := s.Search(q, tc.k, tc.ef, false)
			require.NoError(t, err)
			require.Len(t, got, tc.k)
			res, err := eng.Recommend(ctx, runtime.Request{History: []string{tc.item}, K: tc.k, Ef: tc.ef})
			require.NoError(t, err)
			require.Len(t, res.Items, tc.k)
			for j, it := range res.Items {
				require.Equal(t, it.Index, got[j].Index, "rank %d", j)
				require.Equal(t, it.Score, got[j].Score, "rank %d", j)
			}
			want, err := g.Search(q, ann.SearchOptions{K: tc.k, Ef: tc.ef})
			require.NoError(t, err)
			require.Equal(t, want, got)
		})
	}
}

// bundleGraph loads the bundle's graph over its item vectors with package ann directly.
func bundleGraph(t *testing.T, eng *runtime.Engine) *ann.HNSW {
	m, err := eng.Bundle().Matrix(modelpack.SectionItemEmbeddings)
	require.NoError(t, err)
	require.Equal(t, modelpack.QuantInt8, m.Quant)
	raw, _, err := eng.Bundle().Raw(modelpack.SectionItemGraph)
	require.NoError(t, err)
	v := ann.Vectors{N: m.Rows, Dim: m.Cols, Storage: ann.Int8, I8: m.I8, Scale: m.Scale, Offset: m.Offset, PerDim: m.PerDim}
	g, err := ann.LoadGraph(v, ann.InnerProduct, raw)
	require.NoError(t, err)
	return g
}

// exact scans every item: the same items as the recommendation's exact retrieval, scores equal to
// rounding (the two scans add in different orders), and the graph's answer at a wide beam.
func TestSearchExact(t *testing.T) {
	for _, tc := range []struct {
		name string
		eng  func(t *testing.T) *runtime.Engine
	}{{"graph bundle, exact", openGraph}, {"bundle without a graph", open}} {
		t.Run(tc.name, func(t *testing.T) {
			eng := tc.eng(t)
			s, err := wire.NewSearcher(eng)
			require.NoError(t, err)
			for _, item := range []string{"i000003", "i000042", "i000499"} {
				q, err := eng.Encode(runtime.Request{History: []string{item}})
				require.NoError(t, err)
				got, err := s.Search(q, 10, 0, true)
				require.NoError(t, err)
				got = append([]ann.Scored(nil), got...)
				res, err := eng.Recommend(context.Background(), runtime.Request{History: []string{item}, K: 10, Exact: true})
				require.NoError(t, err)
				require.Len(t, got, 10)
				for j, it := range res.Items {
					require.Equal(t, it.Index, got[j].Index, "rank %d", j)
					require.InDelta(t, it.Score, got[j].Score, 1e-4, "rank %d", j)
				}
			}
		})
	}
}

func TestSearchBadInput(t *testing.T) {
	eng := openGraph(t)
	s, err := wire.NewSearcher(eng)
	require.NoError(t, err)
	q := make([]float32, 24)
	nan, inf := make([]float32, 24), make([]float32, 24)
	nan[3], inf[23] = float32(math.NaN()), float32(math.Inf(-1))
	for _, tc := range []struct {
		name  string
		q     []float32
		k, ef int
		msg   string
	}{
		{"short query", q[:23], 10, 0, "query has 23 values, the bundle's dim is 24"},
		{"long query", make([]float32, 25), 10, 0, "query has 25 values"},
		{"empty query", nil, 10, 0, "query has 0 values"},
		{"k zero", q, 0, 0, "k = 0 is outside 1..10000"},
		{"k negative", q, -3, 0, "k = -3"},
		{"k too large", q, runtime.MaxK + 1, 0, "k = 10001"},
		{"ef negative", q, 10, -1, "ef = -1 is outside 0..100000"},
		{"ef too large", q, 10, wire.MaxSearchEf + 1, "ef = 100001"},
		{"NaN", nan, 10, 0, "not finite"},
		{"infinity", inf, 10, 0, "not finite"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, exact := range []bool{false, true} {
				_, err := s.Search(tc.q, tc.k, tc.ef, exact)
				require.ErrorIs(t, err, runtime.ErrBadRequest)
				require.ErrorContains(t, err, tc.msg)
			}
		})
	}
	// k above the number of items: every item, best first
	got, err := s.Search(q, runtime.MaxK, 0, true)
	require.NoError(t, err)
	require.Len(t, got, 3000)
}
