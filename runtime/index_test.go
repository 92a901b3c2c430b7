package runtime_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/ann"
	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

// clustered returns n unit-ish vectors around c centres, plus users drawn the same way.
func clustered(n, users, dim, c int, seed uint64) *fixture {
	r := rand.New(rand.NewPCG(seed, 9))
	centres := make([]float32, c*dim)
	for i := range centres {
		centres[i] = float32(r.NormFloat64())
	}
	draw := func(dst []float32) {
		k := r.IntN(c)
		for j := range dst {
			dst[j] = centres[k*dim+j] + 0.3*float32(r.NormFloat64())
		}
	}
	f := &fixture{n: n, users: users, dim: dim, items: make([]float32, n*dim), uvecs: make([]float32, users*dim),
		seen: make([][]int32, users), pop: make([]float32, n)}
	for i := range n {
		draw(f.items[i*dim : (i+1)*dim])
	}
	for u := range users {
		draw(f.uvecs[u*dim : (u+1)*dim])
		for range 20 {
			f.seen[u] = append(f.seen[u], int32(r.IntN(n)))
		}
	}
	return f
}

// withGraph appends an HNSW section over the fixture's f32 items to a bundle built like f.bundle.
func (f *fixture) withGraph(t *testing.T, q modelpack.Quant) []byte {
	t.Helper()
	g, err := ann.Build(context.Background(), ann.F32Vectors(f.items, f.dim), ann.InnerProduct, ann.Config{Seed: 1})
	require.NoError(t, err)
	src, err := modelpack.OpenBytes(f.bundle(t, q, false, modelpack.MetricDot), modelpack.Options{})
	require.NoError(t, err)
	defer src.Close()
	b := modelpack.NewBuilder(src.Manifest())
	for _, s := range src.Sections() {
		require.NoError(t, b.CopySection(src, s.Name))
	}
	require.NoError(t, b.AddBytes(modelpack.SectionItemGraph, g.MarshalGraph()))
	var buf bytes.Buffer
	_, err = b.WriteTo(&buf)
	require.NoError(t, err)
	return buf.Bytes()
}

// The graph answers like the exact scan: recall@10 ≥ 0.95 at the default ef for every storage, with seen
// items excluded and with an allow-list, and never returns an excluded item.
func TestGraphRetrievalRecall(t *testing.T) {
	f := clustered(5000, 40, 32, 20, 3)
	ctx := context.Background()
	for _, s := range storages {
		t.Run(s.name, func(t *testing.T) {
			eng, err := runtime.OpenBytes(f.withGraph(t, s.q), runtime.Options{})
			require.NoError(t, err)
			defer eng.Close()
			require.Equal(t, "hnsw", eng.Index())
			hits, total := 0, 0
			for u := range f.users {
				for _, req := range []runtime.Request{
					{User: userID(u), K: 10, ExcludeSeen: true},
					{User: userID(u), K: 10, Allow: allowEvery(f.n, 7)},
				} {
					got, err := eng.Recommend(ctx, req)
					require.NoError(t, err)
					req.Exact = true
					want, err := eng.Recommend(ctx, req)
					require.NoError(t, err)
					set := map[int32]bool{}
					for _, it := range want.Items {
						set[it.Index] = true
					}
					for _, it := range got.Items {
						if set[it.Index] {
							hits++
						}
						if req.ExcludeSeen {
							require.NotContains(t, f.seen[u], it.Index)
						} else {
							require.Zero(t, it.Index%7, "allow-list holds")
						}
					}
					total += len(want.Items)
				}
			}
			require.GreaterOrEqual(t, float64(hits)/float64(total), 0.95)
		})
	}
}

func allowEvery(n, step int) []string {
	var ids []string
	for i := 0; i < n; i += step {
		ids = append(ids, itemID(i))
	}
	return ids
}

// A corrupt graph section is refused at open with ErrBundle, never a panic.
func TestCorruptGraphRefused(t *testing.T) {
	f := clustered(3000, 2, 16, 5, 4)
	b := modelpack.NewBuilder(modelpack.Manifest{Kind: modelpack.KindMF, Dim: f.dim, Metric: modelpack.MetricDot})
	cat := &modelpack.Catalog{}
	for i := range f.n {
		cat.ItemIDs = append(cat.ItemIDs, itemID(i))
	}
	require.NoError(t, b.AddCatalog(cat))
	require.NoError(t, b.AddMatrix(modelpack.SectionItemEmbeddings, modelpack.Matrix{Rows: f.n, Cols: f.dim, F32: f.items}))
	require.NoError(t, b.AddBytes(modelpack.SectionItemGraph, []byte("not a graph at all")))
	var buf bytes.Buffer
	_, err := b.WriteTo(&buf)
	require.NoError(t, err)
	_, err = runtime.OpenBytes(buf.Bytes(), runtime.Options{})
	require.ErrorIs(t, err, runtime.ErrBundle)
}
