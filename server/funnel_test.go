package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/train/rank"
)

// funnelEpoch is the creation time of item 0; item i was created i hours later.
var funnelEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// funnelBundle is a whole funnel in one bundle, on small synthetic data: 60 items ("i0000"…) of dim 8 in
// categories c0…c4 (i mod 5), every 7th tagged "promo"; 10 users with vectors, seen items and popularity
// falling with the index; three retrievers (embedding, popular, item2item) fused by RRF; a DCN-v2 ranker
// (random weights: the tests assert what the stages do, not ranking quality) over user id, age, item id,
// keeping every candidate, so the rules see the popular items;
// rules: a blocklist of i0000 (the most popular item), a pin of i0005 at the top (off), and three plugins,
// all off: "rev" reverses its candidates, "loop" and "loopfail" never end (out of fuel), under policy skip
// and fail.
func funnelBundle(t testing.TB) []byte {
	t.Helper()
	const n, users, dim = 60, 10, 8
	rng := rand.New(rand.NewPCG(3, 3))
	vec := func(rows int) []float32 {
		v := make([]float32, rows*dim)
		for i := range v {
			v[i] = float32(rng.NormFloat64())
		}
		return v
	}
	cat := &modelpack.Catalog{ItemIDs: ids("i", n), UserIDs: ids("u", users)}
	for i := range n {
		cat.Category = append(cat.Category, fmt.Sprintf("c%d", i%5))
		cat.CreatedAt = append(cat.CreatedAt, funnelEpoch.Add(time.Duration(i)*time.Hour).Unix())
		var tags []string
		if i%7 == 0 {
			tags = []string{"promo"}
		}
		cat.Tags = append(cat.Tags, tags)
	}
	b := modelpack.NewBuilder(modelpack.Manifest{Kind: modelpack.KindMF, Name: "funnel", Dim: dim, Metric: modelpack.MetricDot})
	require.NoError(t, b.AddCatalog(cat))
	require.NoError(t, b.AddMatrix(modelpack.SectionItemEmbeddings, modelpack.Matrix{Rows: n, Cols: dim, F32: vec(n)}))
	require.NoError(t, b.AddMatrix(modelpack.SectionUserEmbeddings, modelpack.Matrix{Rows: users, Cols: dim, F32: vec(users)}))
	seen := make([][]int32, users)
	for u := range seen {
		seen[u] = []int32{int32(10 + u)}
	}
	csr, err := modelpack.NewCSR(seen, n)
	require.NoError(t, err)
	require.NoError(t, b.AddCSR(modelpack.SectionUserSeen, csr))
	pop := make([]float32, n)
	for i := range pop {
		pop[i] = float32(n - i)
	}
	require.NoError(t, b.AddF32(modelpack.SectionItemPopularity, []int{n}, pop))
	addFunnelRanker(t, b, cat)
	require.NoError(t, b.AddBytes(modelpack.SectionPipelineSpec, []byte(`{"format":1,"retrievers":[
		{"kind":"embedding","candidates":20},{"kind":"popular","candidates":20},{"kind":"item2item","candidates":20}],
		"rank":{"keep":60}}`)))
	require.NoError(t, b.AddBytes(modelpack.SectionRulesSpec, []byte(`{"rules":[
		{"kind":"blocklist","config":{"block":{"items":["i0000"]}}},
		{"kind":"pin","name":"promo","off":true,"config":{"pins":[{"item":"i0005","position":0}]}},
		{"kind":"plugin","name":"rev","off":true,"config":{"policy":"fail"}},
		{"kind":"plugin","name":"loop","off":true,"config":{"fuel":100000,"policy":"skip"}},
		{"kind":"plugin","name":"loopfail","off":true,"config":{"fuel":100000,"policy":"fail","section":"plugin.loop"}}]}`)))
	for name, file := range map[string]string{"rev": "reverse.wasm", "loop": "hostile/loop_forever.wasm"} {
		wasm, err := os.ReadFile("../rules/plugin/testdata/" + file)
		require.NoError(t, err)
		require.NoError(t, b.AddBytes(modelpack.SectionPlugin(name), wasm))
	}
	var buf bytes.Buffer
	_, err = b.WriteTo(&buf)
	require.NoError(t, err)
	return buf.Bytes()
}

// addFunnelRanker adds a DCN-v2 over user id, the user's age (dense) and item id, with random weights.
func addFunnelRanker(t testing.TB, b *modelpack.Builder, cat *modelpack.Catalog) {
	nu, ni := len(cat.UserIDs), len(cat.ItemIDs)
	d := &rank.Data{UserKey: "user", ItemKey: "item",
		Fields: []runtime.RankField{
			{Name: "user", Kind: runtime.FieldCategorical, Side: runtime.SideUser, Vocab: nu + 1},
			{Name: "age", Kind: runtime.FieldDense, Side: runtime.SideUser, Shift: 40, Scale: 0.05},
			{Name: "item", Kind: runtime.FieldCategorical, Side: runtime.SideItem, Vocab: ni + 1},
		},
		Vocabs: map[string][]string{"user": cat.UserIDs, "item": cat.ItemIDs},
		Users:  rank.NewTable(nu), Items: rank.NewTable(ni)}
	d.Users.Dense["age"] = make([]float32, nu)
	for u := range nu {
		d.Users.Dense["age"][u] = float32(20 + 5*u)
	}
	spec := d.Spec()
	spec.Model, spec.EmbedDim, spec.Cross, spec.Deep = runtime.RankDCN, 4, runtime.CrossSpec{Layers: 1}, []int{8}
	m, err := rank.NewModel(spec, 1)
	require.NoError(t, err)
	require.NoError(t, m.AddTo(b, d))
}

func stageNames(res RecommendResponse) []string {
	var out []string
	for _, s := range res.Stages {
		out = append(out, s.Stage)
	}
	return out
}

func itemIDs(res RecommendResponse) []string {
	var out []string
	for _, it := range res.Items {
		out = append(out, it.ID)
	}
	return out
}

func stage(t *testing.T, res RecommendResponse, name string) Stage {
	t.Helper()
	for _, s := range res.Stages {
		if s.Stage == name {
			return s
		}
	}
	require.Failf(t, "no stage", "%s in %v", name, stageNames(res))
	return Stage{}
}

// The whole funnel answers over HTTP with its stages, and explain tells where each item came from.
func TestFunnelExplain(t *testing.T) {
	ts := start(t, bytesOpt(funnelBundle(t)))
	code, res, bad := ts.recommend(t, `{"user":"u0001","history":["i0030"],"k":5,"explain":true}`)
	require.Equal(t, http.StatusOK, code, bad.Error)
	require.Equal(t, []string{"encode", "retrieve/embedding", "retrieve/popular", "retrieve/item2item", "fuse", "rank", "rerank"}, stageNames(res))
	require.False(t, res.Degraded)
	require.Len(t, res.Items, 5)
	require.NotContains(t, itemIDs(res), "i0000", "blocked")
	require.NotNil(t, res.Trace)
	require.Len(t, res.Trace.Items, 5)
	because := false
	for p, it := range res.Trace.Items {
		require.Equal(t, res.Items[p].ID, it.ID)
		require.Equal(t, p, it.Final)
		require.NotEmpty(t, it.Sources)
		require.GreaterOrEqual(t, it.Ranked, 0, "the ranker ran")
		require.True(t, it.Scored)
		for _, s := range it.Sources {
			require.NotEmpty(t, s.Reason)
			if s.Retriever == runtime.RetrieverItem2Item {
				require.Equal(t, "i0030", s.Via)
				require.Equal(t, "because you viewed i0030", s.Reason)
				because = true
			}
		}
	}
	require.True(t, because, "some item comes from the history item's neighbours")
	require.Contains(t, removedBy(res), "blocklist", "the blocklist removed the most popular item")
}

func removedBy(res RecommendResponse) []string {
	var out []string
	for _, m := range res.Trace.Removed {
		out = append(out, m.Rule)
	}
	return out
}

// Per-request overrides change the answer as they say.
func TestFunnelOverrides(t *testing.T) {
	ts := start(t, bytesOpt(funnelBundle(t)))
	base := func(extra string) RecommendResponse {
		t.Helper()
		code, res, bad := ts.recommend(t, `{"user":"u0002","k":6,"explain":true`+extra+`}`)
		require.Equal(t, http.StatusOK, code, bad.Error)
		return res
	}
	plain := base("")
	t.Run("candidates", func(t *testing.T) {
		res := base(`,"pipeline":{"candidates":3}`)
		for _, name := range []string{"retrieve/embedding", "retrieve/popular"} {
			require.LessOrEqual(t, stage(t, res, name).Out, 3)
		}
		require.Equal(t, 20, stage(t, plain, "retrieve/popular").Out)
	})
	t.Run("retrievers", func(t *testing.T) {
		res := base(`,"pipeline":{"retrievers":[{"kind":"popular"}]}`)
		require.Equal(t, []string{"encode", "retrieve/popular", "fuse", "rank", "rerank"}, stageNames(res))
	})
	t.Run("keep", func(t *testing.T) {
		require.Equal(t, stage(t, plain, "fuse").Out, stage(t, plain, "rank").Out, "the bundle keeps every candidate")
		require.Equal(t, 7, stage(t, base(`,"pipeline":{"keep":7}`), "rank").Out)
	})
	t.Run("no_rank", func(t *testing.T) {
		res := base(`,"pipeline":{"no_rank":true}`)
		require.NotContains(t, stageNames(res), "rank")
		for _, it := range res.Trace.Items {
			require.Equal(t, -1, it.Ranked)
		}
	})
	t.Run("no_rerank", func(t *testing.T) {
		res := base(`,"pipeline":{"no_rerank":true}`)
		require.NotContains(t, stageNames(res), "rerank")
		require.Empty(t, res.Trace.Removed)
	})
	t.Run("pin on", func(t *testing.T) {
		res := base(`,"pipeline":{"rules":{"promo":true}}`)
		require.Equal(t, "i0005", res.Items[0].ID)
		require.NotEqual(t, "i0005", plain.Items[0].ID)
	})
	t.Run("plugin on", func(t *testing.T) {
		res := base(`,"pipeline":{"rules":{"rev":true}}`)
		require.NotEqual(t, itemIDs(plain), itemIDs(res), "the plugin reversed the candidates")
		require.NotContains(t, itemIDs(res), "i0000", "the blocklist holds after the plugin")
		moved := false
		for _, it := range res.Trace.Items {
			for _, m := range it.Moves {
				moved = moved || m.Rule == "rev"
			}
		}
		require.True(t, moved)
		both := base(`,"pipeline":{"rules":{"rev":true,"promo":true}}`)
		require.Equal(t, "i0005", both.Items[0].ID, "the pin holds after the plugin")
	})
	t.Run("blocklist off", func(t *testing.T) {
		res := base(`,"pipeline":{"rules":{"blocklist":false},"retrievers":[{"kind":"popular"}],"no_rank":true}`)
		require.Contains(t, itemIDs(res), "i0000")
	})
	t.Run("attributes", func(t *testing.T) {
		young := base(`,"attributes":{"dense":{"age":18}},"pipeline":{"no_rerank":true}`)
		old := base(`,"attributes":{"dense":{"age":90}},"pipeline":{"no_rerank":true}`)
		require.NotEqual(t, young.Items, old.Items, "the ranker reads the user's attributes")
	})
	t.Run("budgets accepted", func(t *testing.T) { // whether a budget runs out depends on the clock: see runtime's tests
		res := base(`,"pipeline":{"rank_budget_ms":50,"rerank_budget_ms":50}`)
		require.Equal(t, stageNames(plain), stageNames(res))
	})
}

// Attribute filters hold whatever the retrievers find.
func TestFunnelFilters(t *testing.T) {
	ts := start(t, bytesOpt(funnelBundle(t)))
	after := funnelEpoch.Add(40 * time.Hour)
	for name, tc := range map[string]struct {
		filter string
		keep   func(i int) bool
	}{
		"category_in":     {`{"category_in":["c1","c3"]}`, func(i int) bool { return i%5 == 1 || i%5 == 3 }},
		"category_not_in": {`{"category_not_in":["c0"]}`, func(i int) bool { return i%5 != 0 }},
		"with_tags":       {`{"with_tags":["promo"]}`, func(i int) bool { return i%7 == 0 }},
		"without_tags":    {`{"without_tags":["promo"]}`, func(i int) bool { return i%7 != 0 }},
		"created_after":   {`{"created_after":"` + after.Format(time.RFC3339) + `"}`, func(i int) bool { return i >= 40 }},
		"created_before":  {`{"created_before":"` + after.Format(time.RFC3339) + `"}`, func(i int) bool { return i < 40 }},
	} {
		t.Run(name, func(t *testing.T) {
			code, res, bad := ts.recommend(t, `{"user":"u0003","history":["i0011"],"k":8,"filter":`+tc.filter+`}`)
			require.Equal(t, http.StatusOK, code, bad.Error)
			require.NotEmpty(t, res.Items)
			for _, it := range res.Items {
				var i int
				_, err := fmt.Sscanf(it.ID, "i%04d", &i)
				require.NoError(t, err)
				require.True(t, tc.keep(i), "%s kept %s", tc.filter, it.ID)
			}
		})
	}
}

// A failing plugin under policy skip is counted and reported, and the request answers; under policy fail
// the request is a 500 that names the plugin. The server is unharmed either way.
func TestFunnelPluginFailures(t *testing.T) {
	ts := start(t, bytesOpt(funnelBundle(t)))
	code, res, bad := ts.recommend(t, `{"user":"u0004","k":5,"explain":true,"pipeline":{"rules":{"loop":true}}}`)
	require.Equal(t, http.StatusOK, code, bad.Error)
	require.Len(t, res.Items, 5)
	require.True(t, res.Degraded)
	require.Contains(t, stage(t, res, "rerank").Degraded, `plugin "loop" skipped (fuel)`)
	require.Len(t, res.Trace.PluginFailures, 1)
	require.Equal(t, "loop", res.Trace.PluginFailures[0].Plugin)
	require.Equal(t, "fuel", res.Trace.PluginFailures[0].Reason)

	code, _, bad = ts.recommend(t, `{"user":"u0004","k":5,"pipeline":{"rules":{"loopfail":true}}}`)
	require.Equal(t, http.StatusInternalServerError, code)
	require.Equal(t, CodePluginFailed, bad.Code)
	require.Contains(t, bad.Error, `plugin "loopfail"`)
	require.Contains(t, bad.Error, "fuel")

	code, res, bad = ts.recommend(t, `{"user":"u0004","k":5}`)
	require.Equal(t, http.StatusOK, code, bad.Error)
	require.False(t, res.Degraded)

	_, metrics, _ := ts.do(t, http.MethodGet, "/metrics", "")
	require.Contains(t, string(metrics), `edge_plugin_failures_total{variant="a",plugin="loop",reason="fuel"} 1`)
	require.Contains(t, string(metrics), `edge_plugin_failures_total{variant="a",plugin="loopfail",reason="fuel"} 1`)
	require.Contains(t, string(metrics), `edge_stage_degraded_total{variant="a",stage="rerank"} 1`)
	require.Contains(t, string(metrics), `edge_stage_duration_seconds_count{variant="a",stage="rank"}`)
}

// Pipeline options are checked strictly: unknown fields, wrong types and values over the limits are 400s.
func TestFunnelBadOptions(t *testing.T) {
	ts := start(t, bytesOpt(funnelBundle(t)))
	long := `["` + string(bytes.Repeat([]byte("x"), 300)) + `"]`
	for name, tc := range map[string]struct{ body, code, msg string }{
		"unknown pipeline field": {`{"user":"u0001","pipeline":{"candidate":5}}`, CodeUnknownField, `unknown field "candidate"`},
		"unknown filter field":   {`{"user":"u0001","filter":{"category":"c1"}}`, CodeUnknownField, `unknown field "category"`},
		"negative candidates":    {`{"user":"u0001","pipeline":{"candidates":-1}}`, CodeBadRequest, "candidates"},
		"huge keep":              {`{"user":"u0001","pipeline":{"keep":1000000}}`, CodeBadRequest, "keep"},
		"bad fusion":             {`{"user":"u0001","pipeline":{"fusion":"max"}}`, CodeBadRequest, "fusion"},
		"bad retriever":          {`{"user":"u0001","pipeline":{"retrievers":[{"kind":"magic"}]}}`, CodeBadRequest, "magic"},
		"budget a string":        {`{"user":"u0001","pipeline":{"rank_budget_ms":"5ms"}}`, CodeWrongType, "rank_budget_ms"},
		"rules not bools":        {`{"user":"u0001","pipeline":{"rules":{"promo":1}}}`, CodeWrongType, "rules"},
		"empty time window":      {`{"user":"u0001","filter":{"created_after":"2026-02-01T00:00:00Z","created_before":"2026-01-01T00:00:00Z"}}`, CodeBadRequest, "created_after"},
		"bad time":               {`{"user":"u0001","filter":{"created_after":"yesterday"}}`, CodeWrongType, "RFC 3339"},
		"long tag":               {`{"user":"u0001","filter":{"with_tags":` + long + `}}`, CodeBadRequest, "with_tags"},
	} {
		t.Run(name, func(t *testing.T) {
			code, _, bad := ts.recommend(t, tc.body)
			require.Equal(t, http.StatusBadRequest, code)
			require.Equal(t, tc.code, bad.Code, bad.Error)
			require.Contains(t, bad.Error, tc.msg)
		})
	}
	lim := Options{}.withDefaults().Limits
	tags := make([]string, lim.MaxList+1)
	for i := range tags {
		tags[i] = "t"
	}
	raw, err := json.Marshal(tags)
	require.NoError(t, err)
	_, e := decodeRecommend(bytes.NewReader(fmt.Appendf(nil, `{"user":"u","filter":{"without_tags":%s}}`, raw)), lim)
	require.NotNil(t, e)
	require.Equal(t, http.StatusBadRequest, e.status)
	require.Contains(t, e.msg, "without_tags has")
}

// Requests that run plugins (one reversing, one failing under skip) from several goroutines while the
// bundle reloads: every request answers 200 on the bundle it started with, and each replaced bundle's
// plugins and host are released after its last request.
func TestFunnelPluginsUnderReload(t *testing.T) {
	ts := start(t, bytesOpt(funnelBundle(t)))
	const workers, each, reloads = 4, 15, 5
	bodies := []string{
		`{"user":"u0001","k":5,"pipeline":{"rules":{"rev":true}}}`,
		`{"user":"u0002","k":5,"explain":true,"pipeline":{"rules":{"loop":true,"promo":true}}}`,
		`{"history":["i0007"],"k":5,"filter":{"without_tags":["promo"]}}`,
	}
	errs := make(chan error, workers*each)
	done := make(chan struct{})
	for w := range workers {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range each {
				resp, err := ts.client.Post(ts.url+"/v1/recommend", "application/json", strings.NewReader(bodies[(w+i)%len(bodies)]))
				if err != nil {
					errs <- err
					continue
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					errs <- fmt.Errorf("status %d: %s", resp.StatusCode, b)
				}
			}
		}()
	}
	for range reloads {
		require.NoError(t, ts.Reload(t.Context()))
	}
	for range workers {
		<-done
	}
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	eventually(t, func() bool { return ts.metrics.bundlesOpen.Load() == 1 })
}
