package wire_test

import (
	"context"
	"math"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/wasm/testbundle"
	"github.com/corerec/corerec/wasm/wire"
)

var engine = sync.OnceValues(func() (*runtime.Engine, error) {
	data, err := testbundle.Make(testbundle.Config{Items: 500, Categories: 5})
	if err != nil {
		return nil, err
	}
	return runtime.OpenBytes(data, runtime.Options{})
})

func open(t *testing.T) *runtime.Engine {
	eng, err := engine()
	require.NoError(t, err)
	return eng
}

func TestRecommendMatchesEngine(t *testing.T) {
	eng := open(t)
	ctx := context.Background()
	hist := []string{"i000001", "i000007", "nope"}
	got, err := wire.Recommend(ctx, eng, wire.Request{History: hist, K: 7, ExcludeSeen: true})
	require.NoError(t, err)
	want, err := eng.Recommend(ctx, runtime.Request{History: hist, K: 7, ExcludeSeen: true})
	require.NoError(t, err)
	require.Len(t, got.Items, 7)
	for j, it := range got.Items {
		require.Equal(t, want.Items[j].ID, it.ID)
		require.Equal(t, want.Items[j].Score, it.Score)
		require.Equal(t, eng.Catalog().ItemCategory(it.Index), it.Category)
		require.Contains(t, hist[:2], it.Because)
	}
	require.Equal(t, []string{"nope"}, got.Ignored)
}

func TestRecommendCategories(t *testing.T) {
	eng := open(t)
	for _, tc := range []struct {
		name string
		cats []string
		want int
	}{
		{"one", []string{"c03"}, 10},
		{"two", []string{"c01", "c04"}, 10},
		{"none match", []string{"zz"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := wire.Recommend(context.Background(), eng, wire.Request{History: []string{"i000002"},
				Categories: tc.cats})
			require.NoError(t, err)
			require.Len(t, res.Items, tc.want)
			require.Empty(t, res.Ignored)
			for _, it := range res.Items {
				require.Contains(t, tc.cats, it.Category)
			}
		})
	}
}

func TestExplainPicksClosestHistoryItem(t *testing.T) {
	eng := open(t)
	// Items of one category sit around one centre: a recommendation restricted to c02 is explained by the
	// history item of c02, not by the one of c00.
	res, err := wire.Recommend(context.Background(), eng, wire.Request{History: []string{"i000000", "i000002"},
		Categories: []string{"c02"}, K: 5})
	require.NoError(t, err)
	for _, it := range res.Items {
		require.Equal(t, "i000002", it.Because, it.ID)
	}
}

func TestSimilarDescribeItems(t *testing.T) {
	eng := open(t)
	res, err := wire.Similar(context.Background(), eng, "i000003", 4)
	require.NoError(t, err)
	require.Len(t, res.Items, 4)
	_, err = wire.Similar(context.Background(), eng, "missing", 4)
	require.ErrorIs(t, err, runtime.ErrUnknownItem)

	info := wire.Describe(eng)
	require.Equal(t, 500, info.Items)
	require.Len(t, info.Categories, 5)
	require.Equal(t, wire.CategoryCount{Name: "c00", Items: 100}, info.Categories[0])

	for _, tc := range []struct{ off, lim, want int }{{0, 0, 100}, {490, 50, 10}, {600, 5, 0}, {-3, 2, 2}} {
		p := wire.Items(eng, tc.off, tc.lim)
		require.Len(t, p.Items, tc.want)
		require.Equal(t, 500, p.Total)
	}
}

// One Engine serves concurrent wire calls (run with -race).
func TestConcurrentCalls(t *testing.T) {
	eng := open(t)
	want, err := wire.Recommend(context.Background(), eng, wire.Request{History: []string{"i000009"}, K: 5})
	require.NoError(t, err)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for range 50 {
				got, err := wire.Recommend(context.Background(), eng, wire.Request{History: []string{"i000009"}, K: 5,
					Categories: []string{"c0" + string(rune('0'+g%5))}})
				if err != nil {
					t.Error(err)
					return
				}
				if len(got.Items) != 5 {
					t.Errorf("%d items", len(got.Items))
				}
				if _, err := wire.Similar(context.Background(), eng, "i000003", 3); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	again, err := wire.Recommend(context.Background(), eng, wire.Request{History: []string{"i000009"}, K: 5})
	require.NoError(t, err)
	require.Equal(t, want.Items, again.Items)
}

// Ef and Exact reach the engine: on a bundle with a graph index, a beam of 1 and an exact scan give the
// engine's own answers for the same knobs.
func TestRecommendEfAndExact(t *testing.T) {
	data, err := testbundle.Make(testbundle.Config{Items: 3000, Categories: 5, Index: "hnsw"})
	require.NoError(t, err)
	eng, err := runtime.OpenBytes(data, runtime.Options{})
	require.NoError(t, err)
	defer eng.Close()
	ctx := context.Background()
	hist := []string{"i000001", "i000007"}
	for _, c := range []struct {
		name string
		w    wire.Request
		r    runtime.Request
	}{
		{"ef", wire.Request{History: hist, K: 20, Ef: 1}, runtime.Request{History: hist, K: 20, Ef: 1}},
		{"exact", wire.Request{History: hist, K: 20, Exact: true}, runtime.Request{History: hist, K: 20, Exact: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := wire.Recommend(ctx, eng, c.w)
			require.NoError(t, err)
			want, err := eng.Recommend(ctx, c.r)
			require.NoError(t, err)
			require.Len(t, got.Items, len(want.Items))
			for j, it := range got.Items {
				require.Equal(t, want.Items[j].ID, it.ID)
			}
		})
	}
}

// BenchmarkRecommend measures what wire adds to a recommendation (request conversion, the answer's
// categories and "because" explanations) over the engine's own call, on the same requests. Under
// GOOS=js it runs in node: GOOS=js GOARCH=wasm go test -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec"
// -run '^$' -bench Recommend ./wasm/wire (add -gcflags=github.com/corerec/corerec/wasm/wire=-l to see what
// inlining is worth here).
func BenchmarkRecommend(b *testing.B) {
	eng, err := engine()
	require.NoError(b, err)
	ctx := context.Background()
	hist := []string{"i000001", "i000007", "i000042", "i000100", "i000250"}
	b.Run("engine", func(b *testing.B) {
		for b.Loop() {
			if _, err := eng.Recommend(ctx, runtime.Request{History: hist, K: 10, ExcludeSeen: true}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("wire", func(b *testing.B) {
		for b.Loop() {
			if _, err := wire.Recommend(ctx, eng, wire.Request{History: hist, K: 10, ExcludeSeen: true}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestExplainEqualsArgmaxCosine checks every explanation against the highest cosine computed here
// directly (earliest history position on ties), over a history with unknown ids and repeats.
func TestExplainEqualsArgmaxCosine(t *testing.T) {
	eng := open(t)
	m, err := eng.Bundle().Matrix(modelpack.SectionItemEmbeddings)
	require.NoError(t, err)
	hist := []string{"nope", "i000003", "i000120", "i000003", "", "i000301", "i000499", "i000042"}
	res, err := wire.Recommend(context.Background(), eng, wire.Request{History: hist, K: 30})
	require.NoError(t, err)
	require.Len(t, res.Items, 30)
	cosine := func(a, b []float32) float64 {
		var ab, aa, bb float64
		for i := range a {
			ab, aa, bb = ab+float64(a[i])*float64(b[i]), aa+float64(a[i])*float64(a[i]), bb+float64(b[i])*float64(b[i])
		}
		return ab / math.Sqrt(aa*bb)
	}
	for _, it := range res.Items {
		row := m.Row(int(it.Index), nil)
		want, best := "", math.Inf(-1)
		for _, id := range hist {
			i, ok := eng.Catalog().ItemIndex(id)
			if !ok {
				continue
			}
			if c := cosine(m.Row(int(i), nil), row); c > best+1e-6 {
				want, best = id, c
			}
		}
		require.Equal(t, want, it.Because, it.ID)
	}
}
