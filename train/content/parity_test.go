package content

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/internal/kernel"
	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

// randomCorpus makes n items whose titles draw words from a small vocabulary and whose genres come from
// a few values, so items share terms in many ways (and some have none).
func randomCorpus(n int, seed uint64) Corpus {
	r := rand.New(rand.NewPCG(seed, 1))
	c := Corpus{}
	for i := range n {
		c.IDs = append(c.IDs, fmt.Sprintf("item-%d", i))
		var d Doc
		if r.IntN(20) > 0 {
			title := ""
			for range 1 + r.IntN(4) {
				title += fmt.Sprintf(" w%d", r.IntN(60))
			}
			d.Text = []string{title}
			d.Attrs = []string{AttributeToken("genre", fmt.Sprint(r.IntN(6)))}
		}
		c.Docs = append(c.Docs, d)
	}
	return c
}

// openBundle packs m with users' seen items and opens it in the runtime.
func openBundle(t testing.TB, m *Model, seen [][]int32) *runtime.Engine {
	t.Helper()
	users := make([]string, len(seen))
	for u := range users {
		users[u] = fmt.Sprintf("user-%d", u)
	}
	pop := make([]float32, m.NumItems())
	for _, s := range seen {
		for _, i := range s {
			pop[i]++
		}
	}
	b, err := m.Builder(Export{UserIDs: users, Seen: seen, Popularity: pop})
	require.NoError(t, err)
	var buf bytes.Buffer
	_, err = b.WriteTo(&buf)
	require.NoError(t, err)
	eng, err := runtime.OpenBytes(buf.Bytes(), runtime.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { eng.Close() })
	return eng
}

func ids(res runtime.Result) []int32 {
	out := make([]int32, len(res.Items))
	for j, it := range res.Items {
		out[j] = it.Index
	}
	return out
}

func indices(s []kernel.Scored) []int32 {
	out := make([]int32, len(s))
	for j, v := range s {
		out[j] = v.Index
	}
	return out
}

// The runtime serves exactly what the trainer computes: Similar and profile recommendations (stored
// seen items, or a request history) from the bundle equal the Model's, items and scores.
func TestRuntimeEqualsModel(t *testing.T) {
	c := randomCorpus(300, 3)
	m, err := Fit(c, Config{StopWords: true})
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(5, 5))
	seen := make([][]int32, 40)
	for u := range seen {
		for range 1 + r.IntN(8) {
			seen[u] = append(seen[u], int32(r.IntN(m.NumItems())))
		}
	}
	eng := openBundle(t, m, seen)
	require.Equal(t, modelpack.KindTFIDF, eng.Manifest().Kind)
	ctx := context.Background()
	for i := range int32(50) {
		res, err := eng.Similar(ctx, c.IDs[i], 15)
		require.NoError(t, err)
		want := m.Similar(i, 15)
		require.Equal(t, indices(want), ids(res), "item %d", i)
		for j := range want {
			require.Equal(t, want[j].Score, res.Items[j].Score)
		}
	}
	for u, s := range seen {
		p, err := m.Profile(s)
		require.NoError(t, err)
		skip := func(i int32) bool {
			for _, j := range s {
				if i == j {
					return true
				}
			}
			return false
		}
		want := indices(m.Top(p, 20, skip))
		res, err := eng.Recommend(ctx, runtime.Request{User: fmt.Sprintf("user-%d", u), K: 20, ExcludeSeen: true})
		require.NoError(t, err)
		require.Equal(t, want, ids(res), "user %d", u)
		hist := make([]string, len(s))
		for j, i := range s {
			hist[j] = c.IDs[i]
		}
		res, err = eng.Recommend(ctx, runtime.Request{History: hist, K: 20, ExcludeSeen: true})
		require.NoError(t, err)
		require.Equal(t, want, ids(res), "history of user %d", u)
	}
}
