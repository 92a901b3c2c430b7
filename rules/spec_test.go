package rules_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/rules"
	"github.com/corerec/corerec/runtime"
)

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// funnelBundle is n items (dim 4) in categories c0…c3, created an hour apart, item i%9 == 0 tagged
// "promo", with user vectors, a pipeline spec and the given rules.
func funnelBundle(t testing.TB, n int, rulesJSON string) []byte {
	t.Helper()
	rng := rand.New(rand.NewPCG(3, 3))
	const dim, users = 4, 8
	b := modelpack.NewBuilder(modelpack.Manifest{Kind: modelpack.KindMF, Dim: dim, Metric: modelpack.MetricDot})
	cat := &modelpack.Catalog{}
	for i := range n {
		cat.ItemIDs = append(cat.ItemIDs, fmt.Sprintf("i%d", i))
		cat.Category = append(cat.Category, fmt.Sprintf("c%d", i%4))
		cat.CreatedAt = append(cat.CreatedAt, epoch.Add(time.Duration(i)*time.Hour).Unix())
		var tags []string
		if i%9 == 0 {
			tags = []string{"promo"}
		}
		cat.Tags = append(cat.Tags, tags)
	}
	for u := range users {
		cat.UserIDs = append(cat.UserIDs, fmt.Sprintf("u%d", u))
	}
	require.NoError(t, b.AddCatalog(cat))
	vec := func(rows int) modelpack.Matrix {
		v := make([]float32, rows*dim)
		for i := range v {
			v[i] = float32(rng.NormFloat64())
		}
		return modelpack.Matrix{Rows: rows, Cols: dim, Quant: modelpack.QuantF32, F32: v}
	}
	require.NoError(t, b.AddMatrix(modelpack.SectionItemEmbeddings, vec(n)))
	require.NoError(t, b.AddMatrix(modelpack.SectionUserEmbeddings, vec(users)))
	require.NoError(t, b.AddBytes(modelpack.SectionPipelineSpec, []byte(`{"format":1,"retrievers":[{"kind":"embedding","candidates":200},{"kind":"popular","candidates":50}],"rank":{"keep":100}}`)))
	require.NoError(t, b.AddBytes(modelpack.SectionRulesSpec, []byte(rulesJSON)))
	var buf bytes.Buffer
	_, err := b.WriteTo(&buf)
	require.NoError(t, err)
	return buf.Bytes()
}

const funnelRules = `{"rules":[
  {"kind":"blocklist","config":{"block":{"items":["i1","i2","i3","i4","i5"],"categories":["c3"]}}},
  {"kind":"freshness","config":{"weight":0.5,"half_life":"48h"}},
  {"kind":"diversity","name":"div","config":{"max_per_group":2}},
  {"kind":"pin","config":{"pins":[{"item":"i6","position":0}]}},
  {"kind":"boost","name":"promo","off":true,"config":{"match":{"tags":["promo"]},"add":100}}
]}`

func openFunnel(t testing.TB, opt runtime.Options) *runtime.Engine {
	e, err := runtime.OpenBytes(funnelBundle(t, 400, funnelRules), opt)
	require.NoError(t, err)
	t.Cleanup(func() { e.Close() })
	return e
}

// The rules travel in the bundle: importing rules registers the factory, and every request gets them.
func TestFunnelRules(t *testing.T) {
	e := openFunnel(t, runtime.Options{})
	require.True(t, e.HasRules())
	ctx := context.Background()
	req := runtime.Request{User: "u1", K: 6, Now: epoch.Add(400 * time.Hour), Explain: true}
	res, err := e.Recommend(ctx, req)
	require.NoError(t, err)
	require.Len(t, res.Items, 6)
	require.Equal(t, "i6", res.Items[0].ID, "pinned")
	count := map[int]int{}
	for _, it := range res.Items {
		require.NotContains(t, []string{"i1", "i2", "i3", "i4", "i5"}, it.ID)
		require.NotEqual(t, int32(3), it.Index%4, "category c3 is blocked")
		if it.ID != "i6" {
			count[int(it.Index%4)]++
		}
	}
	for c, k := range count {
		require.LessOrEqual(t, k, 2, "diversity caps category c%d", c)
	}
	require.Equal(t, "rerank", res.Stages[len(res.Stages)-1].Name)
	require.NotEmpty(t, res.Trace.Removed, "the blocklist removed candidates")
	for _, m := range res.Trace.Removed {
		require.Equal(t, "blocklist", m.Rule)
		require.NotEmpty(t, m.Item)
	}
	moved := map[string]bool{}
	for _, it := range res.Trace.Items {
		for _, m := range it.Moves {
			moved[m.Rule] = true
		}
	}
	require.True(t, moved["freshness"] || moved["div"], "rules moved items: %v", moved)

	// The promo boost is off by default; a request turns it on, and turns the pin off.
	req.Pipeline = &runtime.PipelineOverride{Rules: map[string]bool{"promo": true, "pin": false}}
	res, err = e.Recommend(ctx, req)
	require.NoError(t, err)
	require.NotEqual(t, "i6", res.Items[0].ID)
	require.Zero(t, res.Items[0].Index%9, "a promo item leads once boosted")
}

// Out of rerank budget, the blocklist and the pin still hold and the soft rules are skipped.
func TestFunnelRerankBudget(t *testing.T) {
	clock := epoch
	tick := func() time.Time { clock = clock.Add(time.Millisecond); return clock }
	e := openFunnel(t, runtime.Options{Clock: tick})
	res, err := e.Recommend(context.Background(), runtime.Request{User: "u2", K: 10, Now: epoch.Add(400 * time.Hour),
		Pipeline: &runtime.PipelineOverride{RerankBudget: time.Nanosecond}})
	require.NoError(t, err)
	last := res.Stages[len(res.Stages)-1]
	require.Equal(t, "rerank", last.Name)
	require.Contains(t, last.Degraded, "freshness")
	require.Contains(t, last.Degraded, "div")
	require.True(t, res.Degraded())
	require.Equal(t, "i6", res.Items[0].ID)
	for _, it := range res.Items {
		require.NotEqual(t, int32(3), it.Index%4)
	}
}

// A bundle whose rules do not parse fails to open, naming the section.
func TestFunnelBadRules(t *testing.T) {
	_, err := runtime.OpenBytes(funnelBundle(t, 20, `{"rules":[{"kind":"teleport"}]}`), runtime.Options{})
	require.ErrorIs(t, err, runtime.ErrBundle)
	require.ErrorIs(t, err, rules.ErrConfig)
	require.Contains(t, err.Error(), modelpack.SectionRulesSpec)
}

func TestParseChain(t *testing.T) {
	for _, tc := range []struct{ spec, err string }{
		{funnelRules, ""},
		{`{"rules":[]}`, ""},
		{`{"rules":[{"kind":"mmr"}]}`, ""},
		{`{"rules":[{"kind":"x"}]}`, "unknown rule kind"},
		{`{"rules":[{"kind":"diversity","config":{"max_per_group":-1}}]}`, "max_per_group"},
		{`{"rules":[{"kind":"diversity","config":{"cap":1}}]}`, "unknown field"},
		{`{"rules":[{"kind":"boost"},{"kind":"boost"}]}`, "twice"},
		{`{"rules":[]} []`, "after"},
		{`{"rulez":[]}`, "unknown field"},
	} {
		c, err := rules.ParseChain([]byte(tc.spec))
		if tc.err == "" {
			require.NoError(t, err, tc.spec)
			require.NotNil(t, c)
			continue
		}
		require.ErrorIs(t, err, rules.ErrConfig, tc.spec)
		require.Contains(t, err.Error(), tc.err, tc.spec)
	}
}

func FuzzParseChain(f *testing.F) {
	for _, s := range []string{funnelRules, `{"rules":[{"kind":"fairness","config":{"shares":{"c0":0.5}}}]}`,
		`{"rules":[{"kind":"filter","config":{"max_age":"1h"}}]}`, `{}`, `null`} {
		f.Add([]byte(s))
	}
	cat := &modelpack.Catalog{ItemIDs: []string{"i0", "i1", "i2", "i3"}, Category: []string{"c0", "c1", "c0", "c3"}}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := rules.ParseChain(data)
		if err != nil {
			require.ErrorIs(t, err, rules.ErrConfig)
			return
		}
		cands := []runtime.Candidate{{Index: 0, Score: 3}, {Index: 1, Score: 2}, {Index: 2, Score: 1}, {Index: 3}}
		emb := func(i int32, dst []float32) []float32 { return append(dst, float32(i), 1) }
		out, err := c.Rerank(context.Background(), &runtime.RerankInput{K: 3, Catalog: cat, Now: epoch, Embedding: emb}, cands)
		require.NoError(t, err)
		require.LessOrEqual(t, len(out), 3)
	})
}
