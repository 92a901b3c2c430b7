package runtime_test

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

// contentBundle writes a 5-item TF-IDF bundle over 3 terms by hand: items 0 and 1 share term 0, items 1
// and 2 share term 1, item 3 has term 2 only, item 4 has no terms. User "u" has seen item 0.
func contentBundle(t testing.TB, mutate func(b *modelpack.Builder, rows [][]int32, w []float32) bool) []byte {
	t.Helper()
	rows := [][]int32{{0}, {0, 1}, {1}, {2}, {}}
	w := []float32{1, 0.6, 0.8, 1, 1}
	terms := [][]int32{{0, 1}, {1, 2}, {3}}
	tw := []float32{1, 0.6, 0.8, 1, 1}
	b := modelpack.NewBuilder(modelpack.Manifest{Kind: modelpack.KindTFIDF, Dim: 3, Metric: modelpack.MetricCosine})
	require.NoError(t, b.AddCatalog(&modelpack.Catalog{ItemIDs: []string{"a", "b", "c", "d", "e"}, UserIDs: []string{"u"}}))
	if mutate == nil || mutate(b, rows, w) {
		ic, err := modelpack.NewCSR(rows, 3)
		require.NoError(t, err)
		require.NoError(t, b.AddCSR(modelpack.SectionContentItems, ic))
		require.NoError(t, b.AddF32(modelpack.SectionContentItemWeights, []int{len(w)}, w))
	}
	tc, err := modelpack.NewCSR(terms, 5)
	require.NoError(t, err)
	require.NoError(t, b.AddCSR(modelpack.SectionContentTerms, tc))
	require.NoError(t, b.AddF32(modelpack.SectionContentTermWeights, []int{len(tw)}, tw))
	seen, err := modelpack.NewCSR([][]int32{{0}}, 5)
	require.NoError(t, err)
	require.NoError(t, b.AddCSR(modelpack.SectionUserSeen, seen))
	require.NoError(t, b.AddF32(modelpack.SectionItemPopularity, []int{5}, []float32{1, 2, 3, 4, 5}))
	var buf bytes.Buffer
	_, err = b.WriteTo(&buf)
	require.NoError(t, err)
	return buf.Bytes()
}

func itemIDs(res runtime.Result) []string {
	out := []string{}
	for _, it := range res.Items {
		out = append(out, it.ID)
	}
	return out
}

func TestContentBundle(t *testing.T) {
	eng, err := runtime.OpenBytes(contentBundle(t, nil), runtime.Options{})
	require.NoError(t, err)
	defer eng.Close()
	ctx := context.Background()
	cases := []struct {
		name     string
		req      runtime.Request
		want     []string
		fallback string
	}{
		{"known user: profile of seen items", runtime.Request{User: "u"}, []string{"a", "b"}, ""},
		{"exclude seen", runtime.Request{User: "u", ExcludeSeen: true}, []string{"b"}, ""},
		{"history adds to the profile", runtime.Request{User: "u", History: []string{"d"}, ExcludeSeen: true}, []string{"b"}, ""},
		{"history only", runtime.Request{History: []string{"c"}}, []string{"c", "b"}, ""},
		{"allow and deny", runtime.Request{History: []string{"b"}, Allow: []string{"a", "d"}, Deny: []string{"zz"}}, []string{"a"}, ""},
		{"no content: popular fallback", runtime.Request{History: []string{"e"}, K: 2}, []string{"e", "d"}, "popular"},
		{"unknown user: popular fallback", runtime.Request{User: "nobody", K: 1}, []string{"e"}, "popular"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := eng.Recommend(ctx, c.req)
			require.NoError(t, err)
			require.Equal(t, c.want, itemIDs(res))
			require.Equal(t, c.fallback, res.Fallback)
		})
	}
	res, err := eng.Similar(ctx, "b", 10)
	require.NoError(t, err)
	require.Equal(t, []string{"c", "a"}, itemIDs(res), "cosines 0.8 and 0.6")
	require.InDelta(t, 0.8, res.Items[0].Score, 1e-6)
	res, err = eng.Similar(ctx, "e", 10)
	require.NoError(t, err)
	require.Empty(t, res.Items, "an item without terms is similar to nothing")
	_, err = eng.Similar(ctx, "zz", 10)
	require.ErrorIs(t, err, runtime.ErrUnknownItem)
	_, err = eng.Recommend(ctx, runtime.Request{User: "u", Features: []float32{1}})
	require.ErrorIs(t, err, runtime.ErrBadRequest)
	_, err = eng.Encode(runtime.Request{User: "u"})
	require.ErrorIs(t, err, runtime.ErrBadRequest)

	strict, err := runtime.OpenBytes(contentBundle(t, nil), runtime.Options{UnknownUser: runtime.RejectUnknown})
	require.NoError(t, err)
	defer strict.Close()
	_, err = strict.Recommend(ctx, runtime.Request{User: "nobody"})
	require.ErrorIs(t, err, runtime.ErrUnknownUser)
}

func TestContentBundleDamaged(t *testing.T) {
	cases := map[string]func(b *modelpack.Builder, rows [][]int32, w []float32) bool{
		"weights too short": func(b *modelpack.Builder, rows [][]int32, w []float32) bool {
			c, _ := modelpack.NewCSR(rows, 3)
			require.NoError(t, b.AddCSR(modelpack.SectionContentItems, c))
			require.NoError(t, b.AddF32(modelpack.SectionContentItemWeights, []int{2}, w[:2]))
			return false
		},
		"rows do not match the catalog": func(b *modelpack.Builder, rows [][]int32, w []float32) bool {
			c, _ := modelpack.NewCSR(rows[:4], 3)
			require.NoError(t, b.AddCSR(modelpack.SectionContentItems, c))
			require.NoError(t, b.AddF32(modelpack.SectionContentItemWeights, []int{4}, w[:4]))
			return false
		},
		"no item vectors": func(*modelpack.Builder, [][]int32, []float32) bool { return false },
		"negative weight": func(b *modelpack.Builder, rows [][]int32, w []float32) bool {
			c, _ := modelpack.NewCSR(rows, 3)
			require.NoError(t, b.AddCSR(modelpack.SectionContentItems, c))
			w = append([]float32{-1}, w[1:]...)
			require.NoError(t, b.AddF32(modelpack.SectionContentItemWeights, []int{len(w)}, w))
			return false
		},
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := runtime.OpenBytes(contentBundle(t, mutate), runtime.Options{})
			require.ErrorIs(t, err, runtime.ErrBundle)
		})
	}
}

// Concurrent requests share the engine's pooled buffers (run with -race).
func TestContentConcurrent(t *testing.T) {
	eng, err := runtime.OpenBytes(contentBundle(t, nil), runtime.Options{})
	require.NoError(t, err)
	defer eng.Close()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range 200 {
				req := runtime.Request{History: []string{[]string{"a", "b", "c"}[(g+n)%3]}, ExcludeSeen: true}
				res, err := eng.Recommend(context.Background(), req)
				if err != nil || len(res.Items) == 0 {
					t.Errorf("request %v: %v %v", req, res.Items, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
