package runtime_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

// fixture is a small random model: items, users, seen lists and popularity.
type fixture struct {
	n, users, dim int
	items, uvecs  []float32
	seen          [][]int32
	pop           []float32
}

func newFixture(n, users, dim int, seed uint64) *fixture {
	r := rand.New(rand.NewPCG(seed, 1))
	f := &fixture{n: n, users: users, dim: dim, items: make([]float32, n*dim), uvecs: make([]float32, users*dim),
		seen: make([][]int32, users), pop: make([]float32, n)}
	for i := range f.items {
		f.items[i] = float32(r.NormFloat64())
	}
	for i := range f.uvecs {
		f.uvecs[i] = float32(r.NormFloat64())
	}
	for u := range f.seen {
		for range 5 {
			f.seen[u] = append(f.seen[u], int32(r.IntN(n)))
		}
	}
	for i := range f.pop {
		f.pop[i] = float32(r.IntN(1000))
	}
	return f
}

func itemID(i int) string { return fmt.Sprintf("item-%d", i) }
func userID(u int) string { return fmt.Sprintf("user-%d", u) }

// bundle packs the fixture with the given storage and metric.
func (f *fixture) bundle(t testing.TB, q modelpack.Quant, perDim bool, metric string) []byte {
	t.Helper()
	b := modelpack.NewBuilder(modelpack.Manifest{Kind: modelpack.KindMF, Dim: f.dim, Metric: metric})
	cat := &modelpack.Catalog{}
	for i := range f.n {
		cat.ItemIDs = append(cat.ItemIDs, itemID(i))
	}
	for u := range f.users {
		cat.UserIDs = append(cat.UserIDs, userID(u))
	}
	require.NoError(t, b.AddCatalog(cat))
	items := f.items
	if metric == modelpack.MetricCosine {
		items = normalized(items, f.dim)
	}
	for _, s := range []struct {
		name string
		v    []float32
		rows int
	}{{modelpack.SectionItemEmbeddings, items, f.n}, {modelpack.SectionUserEmbeddings, f.uvecs, f.users}} {
		m := modelpack.Matrix{Rows: s.rows, Cols: f.dim, Quant: modelpack.QuantF32, F32: s.v}
		if q != modelpack.QuantF32 {
			var err error
			m, err = modelpack.Quantize(m, q, perDim)
			require.NoError(t, err)
		}
		require.NoError(t, b.AddMatrix(s.name, m))
	}
	seen, err := modelpack.NewCSR(f.seen, f.n)
	require.NoError(t, err)
	require.NoError(t, b.AddCSR(modelpack.SectionUserSeen, seen))
	require.NoError(t, b.AddF32(modelpack.SectionItemPopularity, []int{f.n}, f.pop))
	var buf bytes.Buffer
	_, err = b.WriteTo(&buf)
	require.NoError(t, err)
	return buf.Bytes()
}

// normalized returns the rows of v scaled to unit length (cosine bundles store normalised items).
func normalized(v []float32, dim int) []float32 {
	out := make([]float32, len(v))
	for lo := 0; lo < len(v); lo += dim {
		var s float64
		for _, x := range v[lo : lo+dim] {
			s += float64(x) * float64(x)
		}
		for j, x := range v[lo : lo+dim] {
			out[lo+j] = float32(float64(x) / math.Sqrt(s))
		}
	}
	return out
}

// bruteForce ranks items for user u by f32 dot product, skipping excluded, ties by index.
func (f *fixture) bruteForce(u int, k int, excluded map[int32]bool) []int32 {
	type s struct {
		i int32
		v float64
	}
	var all []s
	q := f.uvecs[u*f.dim : (u+1)*f.dim]
	for i := range f.n {
		if excluded[int32(i)] {
			continue
		}
		var d float64
		for j, x := range f.items[i*f.dim : (i+1)*f.dim] {
			d += float64(x) * float64(q[j])
		}
		all = append(all, s{int32(i), d})
	}
	sort.SliceStable(all, func(a, b int) bool { return all[a].v > all[b].v })
	out := make([]int32, 0, k)
	for _, x := range all[:min(k, len(all))] {
		out = append(out, x.i)
	}
	return out
}

func indices(res runtime.Result) []int32 {
	out := make([]int32, len(res.Items))
	for i, it := range res.Items {
		out[i] = it.Index
	}
	return out
}

func TestRecommendMatchesBruteForce(t *testing.T) {
	f := newFixture(3000, 20, 32, 1)
	eng, err := runtime.OpenBytes(f.bundle(t, modelpack.QuantF32, false, modelpack.MetricDot), runtime.Options{})
	require.NoError(t, err)
	defer eng.Close()
	for u := range f.users {
		res, err := eng.Recommend(context.Background(), runtime.Request{User: userID(u), K: 10})
		require.NoError(t, err)
		require.Equal(t, f.bruteForce(u, 10, nil), indices(res), "user %d", u)
		require.Empty(t, res.Fallback)
		for _, it := range res.Items {
			require.Equal(t, itemID(int(it.Index)), it.ID)
		}
	}
}

func TestExcludeSeenAllowDeny(t *testing.T) {
	f := newFixture(500, 5, 16, 2)
	eng, err := runtime.OpenBytes(f.bundle(t, modelpack.QuantF32, false, modelpack.MetricDot), runtime.Options{})
	require.NoError(t, err)
	defer eng.Close()
	ctx := context.Background()

	res, err := eng.Recommend(ctx, runtime.Request{User: userID(0), K: 50, ExcludeSeen: true,
		History: []string{itemID(7), "nope"}, Deny: []string{itemID(9), "nada"}})
	require.NoError(t, err)
	excluded := map[int32]bool{7: true, 9: true}
	for _, i := range f.seen[0] {
		excluded[i] = true
	}
	require.Equal(t, f.bruteForce(0, 50, excluded), indices(res))
	require.ElementsMatch(t, []string{"nope", "nada"}, res.Ignored)

	allow := []string{itemID(1), itemID(2), itemID(3), itemID(9)}
	res, err = eng.Recommend(ctx, runtime.Request{User: userID(1), K: 10, Allow: allow, Deny: []string{itemID(9)}})
	require.NoError(t, err)
	require.ElementsMatch(t, []int32{1, 2, 3}, indices(res))
}

func TestUnknownUser(t *testing.T) {
	f := newFixture(200, 3, 8, 3)
	data := f.bundle(t, modelpack.QuantF32, false, modelpack.MetricDot)
	ctx := context.Background()

	eng, err := runtime.OpenBytes(data, runtime.Options{})
	require.NoError(t, err)
	defer eng.Close()
	res, err := eng.Recommend(ctx, runtime.Request{User: "stranger", K: 5})
	require.NoError(t, err)
	require.Equal(t, "popular", res.Fallback)
	require.Len(t, res.Items, 5)
	for j := 1; j < len(res.Items); j++ {
		require.GreaterOrEqual(t, res.Items[j-1].Score, res.Items[j].Score)
	}
	require.Equal(t, maxOf(f.pop), res.Items[0].Score)

	// With a known history item, an unknown user is encoded from it.
	res, err = eng.Recommend(ctx, runtime.Request{User: "stranger", History: []string{itemID(4)}, K: 5})
	require.NoError(t, err)
	require.Empty(t, res.Fallback)

	strict, err := runtime.OpenBytes(data, runtime.Options{UnknownUser: runtime.RejectUnknown})
	require.NoError(t, err)
	defer strict.Close()
	_, err = strict.Recommend(ctx, runtime.Request{User: "stranger"})
	require.ErrorIs(t, err, runtime.ErrUnknownUser)
}

func maxOf(v []float32) float32 {
	m := v[0]
	for _, x := range v {
		m = max(m, x)
	}
	return m
}

func TestBadRequests(t *testing.T) {
	f := newFixture(100, 2, 8, 4)
	eng, err := runtime.OpenBytes(f.bundle(t, modelpack.QuantF32, false, modelpack.MetricDot), runtime.Options{})
	require.NoError(t, err)
	ctx := context.Background()
	for name, req := range map[string]runtime.Request{
		"empty":      {},
		"negative k": {User: userID(0), K: -1},
		"huge k":     {User: userID(0), K: runtime.MaxK + 1},
	} {
		_, err := eng.Recommend(ctx, req)
		require.ErrorIs(t, err, runtime.ErrBadRequest, name)
	}
	_, err = eng.Similar(ctx, "missing", 3)
	require.ErrorIs(t, err, runtime.ErrUnknownItem)

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = eng.Recommend(cctx, runtime.Request{User: userID(0)})
	require.ErrorIs(t, err, context.Canceled)

	require.NoError(t, eng.Close())
	_, err = eng.Recommend(ctx, runtime.Request{User: userID(0)})
	require.True(t, errors.Is(err, runtime.ErrClosed))
}

func TestSimilarExcludesItself(t *testing.T) {
	f := newFixture(300, 2, 16, 5)
	eng, err := runtime.OpenBytes(f.bundle(t, modelpack.QuantF32, false, modelpack.MetricCosine), runtime.Options{})
	require.NoError(t, err)
	defer eng.Close()
	res, err := eng.Similar(context.Background(), itemID(10), 5)
	require.NoError(t, err)
	require.Len(t, res.Items, 5)
	for _, it := range res.Items {
		require.NotEqual(t, int32(10), it.Index)
		require.LessOrEqual(t, it.Score, float32(1.0001), "cosine scores are at most 1")
	}
}

// Quantized storage ranks nearly like f32: the top-10 overlap stays high and scores stay close.
func TestQuantizedStorageAgrees(t *testing.T) {
	f := newFixture(2000, 20, 64, 6)
	ctx := context.Background()
	ref, err := runtime.OpenBytes(f.bundle(t, modelpack.QuantF32, false, modelpack.MetricDot), runtime.Options{})
	require.NoError(t, err)
	defer ref.Close()
	for _, c := range []struct {
		name    string
		q       modelpack.Quant
		perDim  bool
		overlap float64
	}{{"f16", modelpack.QuantF16, false, 0.99}, {"int8-row", modelpack.QuantInt8, false, 0.8},
		{"int8-dim", modelpack.QuantInt8, true, 0.8}} {
		t.Run(c.name, func(t *testing.T) {
			eng, err := runtime.OpenBytes(f.bundle(t, c.q, c.perDim, modelpack.MetricDot), runtime.Options{})
			require.NoError(t, err)
			defer eng.Close()
			hits := 0
			for u := range f.users {
				a, err := ref.Recommend(ctx, runtime.Request{User: userID(u), K: 10})
				require.NoError(t, err)
				b, err := eng.Recommend(ctx, runtime.Request{User: userID(u), K: 10})
				require.NoError(t, err)
				set := map[int32]bool{}
				for _, i := range indices(a) {
					set[i] = true
				}
				for _, i := range indices(b) {
					if set[i] {
						hits++
					}
				}
			}
			require.GreaterOrEqual(t, float64(hits)/float64(10*f.users), c.overlap)
		})
	}
}

// Hammer: many goroutines share one engine (run with -race).
func TestConcurrentRequests(t *testing.T) {
	f := newFixture(1000, 50, 16, 7)
	eng, err := runtime.OpenBytes(f.bundle(t, modelpack.QuantInt8, false, modelpack.MetricDot), runtime.Options{})
	require.NoError(t, err)
	defer eng.Close()
	ctx := context.Background()
	want := make([][]int32, f.users)
	for u := range want {
		res, err := eng.Recommend(ctx, runtime.Request{User: userID(u), K: 10, ExcludeSeen: true})
		require.NoError(t, err)
		want[u] = indices(res)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 200 {
				u := (g*31 + j) % f.users
				res, err := eng.Recommend(ctx, runtime.Request{User: userID(u), K: 10, ExcludeSeen: true})
				if err != nil {
					errs <- err
					return
				}
				if fmt.Sprint(indices(res)) != fmt.Sprint(want[u]) {
					errs <- fmt.Errorf("user %d: got %v want %v", u, indices(res), want[u])
					return
				}
				if j%10 == 0 {
					if _, err := eng.Similar(ctx, itemID(j), 5); err != nil {
						errs <- err
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
}
