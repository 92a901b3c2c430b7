package runtime

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func cands(idx ...int32) []Candidate {
	out := make([]Candidate, len(idx))
	for j, i := range idx {
		out[j] = Candidate{Index: i, Score: float32(len(idx) - j)}
	}
	return out
}

func TestFuseRRF(t *testing.T) {
	lists := []retrieved{
		{spec: RetrieverSpec{Kind: RetrieverEmbedding, Weight: 1}, items: cands(1, 2, 3)},
		{spec: RetrieverSpec{Kind: RetrieverPopular, Weight: 2}, items: cands(3, 4)},
	}
	fused, at, _ := fuseLists(lists, FusionRRF, 60, false, nil)
	want := map[int32]float64{1: 1.0 / 61, 2: 1.0 / 62, 3: 1.0/63 + 2.0/61, 4: 2.0 / 62}
	require.Len(t, fused, 4)
	require.Equal(t, []int32{3, 4, 1, 2}, indices(fused))
	for p, c := range fused {
		require.InDelta(t, want[c.Index], float64(c.Score), 1e-7)
		require.Equal(t, p, at[c.Index])
	}
}

func TestFuseTiesKeepFirstAppearance(t *testing.T) {
	lists := []retrieved{
		{spec: RetrieverSpec{Weight: 1}, items: cands(5, 6)},
		{spec: RetrieverSpec{Weight: 1}, items: cands(7, 8)},
	}
	fused, _, _ := fuseLists(lists, FusionRRF, 60, false, nil)
	require.Equal(t, []int32{5, 7, 6, 8}, indices(fused))
}

func TestFuseWeighted(t *testing.T) {
	lists := []retrieved{
		{spec: RetrieverSpec{Weight: 1}, items: []Candidate{{1, 10}, {2, 5}, {3, 0}}},
		{spec: RetrieverSpec{Weight: 0.5}, items: []Candidate{{3, -1}, {4, -3}}},
		{spec: RetrieverSpec{Weight: 1}, items: []Candidate{{9, 7}, {8, 7}}}, // all equal: 1 each
	}
	fused, _, _ := fuseLists(lists, FusionWeighted, 60, false, nil)
	got := map[int32]float32{}
	for _, c := range fused {
		got[c.Index] = c.Score
	}
	require.Equal(t, map[int32]float32{1: 1, 2: 0.5, 3: 0.5, 4: 0, 9: 1, 8: 1}, got)
	require.Equal(t, []int32{1, 9, 8, 2, 3, 4}, indices(fused))
}

func indices(cs []Candidate) []int32 {
	out := make([]int32, len(cs))
	for j, c := range cs {
		out[j] = c.Index
	}
	return out
}

func itemIDs(items []Item) []string {
	out := make([]string, len(items))
	for j, it := range items {
		out[j] = it.ID
	}
	return out
}

// A bundle without a pipeline spec answers as before; a default pipeline override (one embedding
// retriever, no ranker, no rules) returns the same items in the same order.
func TestPipelineDefaultMatchesRetrieval(t *testing.T) {
	e := pipeFixture{n: 500, users: 20}.engine(t, Options{})
	_, on := e.Pipeline()
	require.False(t, on)
	ctx := context.Background()
	for u := range 5 {
		req := Request{User: pipeUser(u), K: 10, ExcludeSeen: true}
		plain, err := e.Recommend(ctx, req)
		require.NoError(t, err)
		require.Equal(t, []string{"encode", "retrieve"}, stageNames(plain))
		req.Pipeline = &PipelineOverride{}
		piped, err := e.Recommend(ctx, req)
		require.NoError(t, err)
		require.Equal(t, itemIDs(plain.Items), itemIDs(piped.Items))
		require.Equal(t, []string{"encode", "retrieve/embedding", "fuse"}, stageNames(piped))
	}
}

func stageNames(r Result) []string {
	var out []string
	for _, s := range r.Stages {
		out = append(out, s.Name)
	}
	return out
}

// The rank stage orders the fused candidates by the ranker's logits, computed on the ranker's rows of the
// catalog items (items unknown to the ranker get the unknown code and are still scored).
func TestPipelineRankOrders(t *testing.T) {
	const spec = `{"format":1,"retrievers":[{"kind":"embedding","candidates":200}],"rank":{"keep":50}}`
	e := pipeFixture{n: 400, users: 10, rankItems: 300, pipeline: spec}.engine(t, Options{})
	require.True(t, e.HasRanker())
	require.Equal(t, int32(-1), e.rankRows[350], "an item the ranker does not know")
	require.Equal(t, int32(299), e.rankRows[299])
	ctx := context.Background()
	attrs := &UserAttributes{Cat: map[string][]string{"gender": {"gender1"}}, Dense: map[string]float32{"age": 40}}
	res, err := e.Recommend(ctx, Request{User: pipeUser(3), K: 50, Attributes: attrs, Explain: true})
	require.NoError(t, err)
	require.Len(t, res.Items, 50)
	require.Equal(t, []string{"encode", "retrieve/embedding", "fuse", "rank"}, stageNames(res))
	require.Equal(t, Stage{Name: "rank", In: 200, Out: 50}, withoutTime(res.Stages[3]))
	rows := make([]int32, len(res.Items))
	for j, it := range res.Items {
		rows[j] = e.rankRows[it.Index]
	}
	want, err := e.ranker.RankIndices(ctx, RankUser{ID: pipeUser(3), Cat: attrs.Cat, Dense: attrs.Dense}, rows, nil)
	require.NoError(t, err)
	for j, it := range res.Items {
		require.InDelta(t, want[j], it.Score, 1e-4)
		if j > 0 {
			require.GreaterOrEqual(t, res.Items[j-1].Score, it.Score)
		}
		require.Equal(t, j, res.Trace.Items[j].Ranked)
		require.True(t, res.Trace.Items[j].Scored)
	}
}

func withoutTime(s Stage) Stage {
	s.Duration = 0
	return s
}

// Out of rank budget, the scored candidates come first by score and the rest keep the fused order; the
// result says so.
func TestPipelineRankBudget(t *testing.T) {
	const spec = `{"format":1,"retrievers":[{"kind":"embedding","candidates":1000}],"rank":{"keep":1000,"budget":"2500us"}}`
	clk := &stepClock{t: pipeEpoch, step: time.Millisecond}
	e := pipeFixture{n: 1200, users: 4, rankItems: 1200, pipeline: spec}.engine(t, Options{Clock: clk.now})
	res, err := e.Recommend(context.Background(), Request{User: pipeUser(1), K: 1000, Explain: true})
	require.NoError(t, err)
	rank := res.Stages[3]
	require.Equal(t, "rank", rank.Name)
	require.Contains(t, rank.Degraded, "budget")
	require.True(t, res.Degraded())
	scored := 0
	for _, it := range res.Trace.Items {
		if it.Scored {
			scored++
		}
	}
	require.Greater(t, scored, 0)
	require.Less(t, scored, 1000)
	require.Zero(t, scored%rankChunk)
	for j, it := range res.Trace.Items {
		require.Equal(t, j < scored, it.Scored, "the scored items come first")
		if j >= scored && j > scored {
			require.Greater(t, it.Fused, res.Trace.Items[j-1].Fused, "the unscored rest keeps the fused order")
		}
		if j > 0 {
			require.GreaterOrEqual(t, res.Items[j-1].Score, res.Items[j].Score)
		}
	}
	// Without a budget the same request scores everything.
	res, err = e.Recommend(context.Background(), Request{User: pipeUser(1), K: 1000,
		Pipeline: &PipelineOverride{RankBudget: time.Hour}})
	require.NoError(t, err)
	require.False(t, res.Degraded())
}

// item2item finds neighbours of the history, never the history items, and says through which item.
func TestPipelineItem2ItemTrace(t *testing.T) {
	const spec = `{"format":1,"retrievers":[{"kind":"embedding","candidates":50},{"kind":"item2item","candidates":50,"per_item":20},{"kind":"popular","candidates":20}]}`
	e := pipeFixture{n: 300, users: 5, graph: true, pipeline: spec}.engine(t, Options{})
	hist := []string{pipeItem(10), pipeItem(20), "nope"}
	res, err := e.Recommend(context.Background(), Request{History: hist, K: 30, Explain: true})
	require.NoError(t, err)
	require.Equal(t, []string{"nope"}, res.Ignored)
	require.Len(t, res.Items, 30)
	kinds := map[string]bool{}
	for j, it := range res.Trace.Items {
		require.Equal(t, res.Items[j].ID, it.ID)
		require.Equal(t, j, it.Final)
		require.Equal(t, -1, it.Ranked)
		require.NotEmpty(t, it.Sources)
		for _, s := range it.Sources {
			kinds[s.Retriever] = true
			if s.Retriever == RetrieverItem2Item {
				require.Contains(t, []string{pipeItem(10), pipeItem(20)}, s.Via)
				require.NotContains(t, []string{pipeItem(10), pipeItem(20)}, it.ID, "item2item never returns the history")
			} else {
				require.Empty(t, s.Via)
			}
		}
	}
	require.True(t, kinds[RetrieverItem2Item] && kinds[RetrieverEmbedding])
	require.Nil(t, (&Result{}).Trace)
}

// Attribute filters hold in every answer, through HNSW and the exact scan, with and without a pipeline.
func TestPipelineItemFilter(t *testing.T) {
	e := pipeFixture{n: 2000, users: 5, graph: true}.engine(t, Options{})
	f := &ItemFilter{CategoryIn: []string{"c1", "c2"}, WithoutTags: []string{"promo"},
		CreatedAfter: pipeEpoch.Add(100 * time.Hour), CreatedBefore: pipeEpoch.Add(1500 * time.Hour)}
	for _, tc := range []struct {
		name string
		req  Request
	}{
		{"hnsw", Request{User: pipeUser(0)}},
		{"exact", Request{User: pipeUser(0), Exact: true}},
		{"popular", Request{User: "stranger"}},
		{"pipeline", Request{User: pipeUser(0), Pipeline: &PipelineOverride{Retrievers: []RetrieverSpec{{Kind: RetrieverEmbedding}, {Kind: RetrieverPopular}}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := tc.req
			req.K, req.Filter = 50, f
			res, err := e.Recommend(context.Background(), req)
			require.NoError(t, err)
			require.Len(t, res.Items, 50)
			for _, it := range res.Items {
				i := int(it.Index)
				require.Contains(t, []int{1, 2}, i%5)
				require.NotZero(t, i%7)
				require.True(t, i >= 100 && i < 1500, "item %d", i)
			}
		})
	}
}

func TestPipelineRulesNeedFactory(t *testing.T) {
	p := pipeFixture{n: 50, users: 2, rules: `{"rules":[]}`}
	_, err := OpenBytes(p.bytes(t), Options{})
	require.ErrorIs(t, err, ErrBundle)
	require.Contains(t, err.Error(), `import _ "github.com/corerec/corerec/rules"`)
	e, err := OpenBytes(p.bytes(t), Options{SkipRules: true})
	require.NoError(t, err)
	require.False(t, e.HasRules())
	e.Close()
}

// A reranker from Options.Rules sees the request's K, switches and the candidates best first; an answer
// with foreign or repeated items is cleaned.
func TestPipelineRerankInput(t *testing.T) {
	var got *RerankInput
	var gotN int
	bad := RerankerFunc(func(ctx context.Context, in *RerankInput, cs []Candidate) ([]Candidate, error) {
		got, gotN = in, len(cs)
		out := append([]Candidate{{Index: -5}, {Index: 1 << 30}}, cs...)
		return append(out, cs[0]), nil
	})
	p := pipeFixture{n: 300, users: 3, rules: `{"anything":true}`}
	e := p.engine(t, Options{Rules: func(spec []byte) (Reranker, error) {
		require.Equal(t, `{"anything":true}`, string(spec))
		return bad, nil
	}})
	sw := map[string]bool{"div": false}
	res, err := e.Recommend(context.Background(), Request{User: pipeUser(0), K: 7, Pipeline: &PipelineOverride{Rules: sw, Keep: 40}})
	require.NoError(t, err)
	require.Equal(t, 7, got.K)
	require.Equal(t, sw, got.Rules)
	require.Equal(t, 40, gotN)
	require.Len(t, res.Items, 7)
	requireUnique(t, res.Items)
	res, err = e.Recommend(context.Background(), Request{User: pipeUser(0), K: 7, Pipeline: &PipelineOverride{NoRerank: true}})
	require.NoError(t, err)
	require.NotContains(t, stageNames(res), "rerank")
}

func requireUnique(t *testing.T, items []Item) {
	t.Helper()
	seen := map[int32]bool{}
	for _, it := range items {
		require.False(t, seen[it.Index], "item %s twice", it.ID)
		seen[it.Index] = true
	}
}

func TestPipelineBadOverride(t *testing.T) {
	e := pipeFixture{n: 50, users: 2}.engine(t, Options{})
	for _, o := range []PipelineOverride{
		{Fusion: "max"},
		{Retrievers: []RetrieverSpec{{Kind: "graph"}}},
		{Candidates: -1},
		{Keep: -3},
	} {
		_, err := e.Recommend(context.Background(), Request{User: pipeUser(0), Pipeline: &o})
		require.ErrorIs(t, err, ErrBadRequest, "%+v", o)
	}
}

// Unknown users without history fall back to the popular items, through the rank stage.
func TestPipelineFallback(t *testing.T) {
	const spec = `{"format":1,"retrievers":[{"kind":"embedding"}]}`
	e := pipeFixture{n: 300, users: 3, rankItems: 300, pipeline: spec}.engine(t, Options{})
	res, err := e.Recommend(context.Background(), Request{User: "stranger", K: 5})
	require.NoError(t, err)
	require.Equal(t, "popular", res.Fallback)
	require.Len(t, res.Items, 5)
	require.Contains(t, stageNames(res), "rank")
}

// Property test: random requests over a funnel bundle never repeat an item, respect K, never return a
// denied, seen or filtered item, and give the same answer twice.
func TestPipelineProperties(t *testing.T) {
	const spec = `{"format":1,"retrievers":[{"kind":"embedding","candidates":100},{"kind":"item2item","candidates":60},{"kind":"popular","candidates":30}],"fusion":"weighted","rank":{"keep":80}}`
	e := pipeFixture{n: 700, users: 30, graph: true, rankItems: 650, pipeline: spec}.engine(t, Options{})
	ctx := context.Background()
	for trial := range 60 {
		req := Request{K: 1 + trial%25, ExcludeSeen: trial%2 == 0, Explain: trial%3 == 0}
		if trial%4 != 3 {
			req.User = pipeUser(trial % 30)
		}
		for j := range trial % 6 {
			req.History = append(req.History, pipeItem((trial*37+j*11)%700))
		}
		if req.User == "" && len(req.History) == 0 {
			req.User = "stranger"
		}
		for j := range 20 {
			req.Deny = append(req.Deny, pipeItem((trial*13+j*29)%700))
		}
		if trial%5 == 0 {
			req.Filter = &ItemFilter{CategoryNotIn: []string{"c0"}}
		}
		a, err := e.Recommend(ctx, req)
		require.NoError(t, err)
		b, err := e.Recommend(ctx, req)
		require.NoError(t, err)
		require.Equal(t, itemIDs(a.Items), itemIDs(b.Items), "deterministic")
		require.LessOrEqual(t, len(a.Items), req.K)
		require.Len(t, a.Items, req.K, "enough candidates for K")
		requireUnique(t, a.Items)
		for _, it := range a.Items {
			require.NotContains(t, req.Deny, it.ID)
			if req.ExcludeSeen {
				require.NotContains(t, req.History, it.ID)
			}
			if req.Filter != nil {
				require.NotZero(t, it.Index%5)
			}
			require.False(t, math.IsNaN(float64(it.Score)))
		}
	}
}

// Hammer: concurrent requests on one engine (run with -race) give each the answer it gets alone.
func TestPipelineConcurrent(t *testing.T) {
	const spec = `{"format":1,"retrievers":[{"kind":"embedding","candidates":100},{"kind":"item2item"}],"rank":{"keep":50}}`
	e := pipeFixture{n: 500, users: 16, graph: true, rankItems: 500, pipeline: spec}.engine(t, Options{})
	ctx := context.Background()
	req := func(u int) Request {
		return Request{User: pipeUser(u), History: []string{pipeItem(u), pipeItem(u + 100)}, K: 10, Explain: u%2 == 0}
	}
	want := make([][]string, 16)
	for u := range want {
		res, err := e.Recommend(ctx, req(u))
		require.NoError(t, err)
		want[u] = itemIDs(res.Items)
	}
	errs := make(chan error, 8)
	for w := range 8 {
		go func() {
			for it := range 40 {
				u := (w*7 + it) % 16
				res, err := e.Recommend(ctx, req(u))
				if err == nil && !slices.Equal(itemIDs(res.Items), want[u]) {
					err = fmt.Errorf("user %d: %v, want %v", u, itemIDs(res.Items), want[u])
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		require.NoError(t, <-errs)
	}
}

func TestParsePipelineSpec(t *testing.T) {
	for _, tc := range []struct {
		spec, err string
	}{
		{`{"format":1}`, ""},
		{`{"format":1,"retrievers":[{"kind":"item2item","per_item":5,"max_history":3}],"fusion":"weighted","rank":{"keep":10,"budget":"3ms"},"rerank":{"budget":2.5}}`, ""},
		{`{"format":2}`, "format 2"},
		{`{"format":1,"retrievers":[{"kind":"x"}]}`, `kind "x"`},
		{`{"format":1,"fusion":"max"}`, `fusion "max"`},
		{`{"format":1,"rank":{"keep":-1}}`, "keep -1"},
		{`{"format":1,"rank":{"budget":"soon"}}`, "duration"},
		{`{"format":1,"extra":1}`, "unknown field"},
		{`{"format":1}{}`, "after"},
		{`{"format":1,"retrievers":[{"kind":"popular","weight":-1}]}`, "weight"},
	} {
		s, err := ParsePipelineSpec([]byte(tc.spec))
		if tc.err == "" {
			require.NoError(t, err, tc.spec)
			require.Equal(t, 1, s.Format)
			continue
		}
		require.ErrorIs(t, err, ErrBundle, tc.spec)
		require.True(t, strings.Contains(err.Error(), tc.err), "%s: %v", tc.spec, err)
	}
	s, err := ParsePipelineSpec([]byte(`{"format":1,"rerank":{"budget":2.5}}`))
	require.NoError(t, err)
	require.Equal(t, Duration(2500*time.Microsecond), s.Rerank.Budget)
}

func FuzzPipelineSpec(f *testing.F) {
	for _, s := range []string{`{"format":1}`, `{"format":1,"retrievers":[{"kind":"embedding","candidates":5}],"rank":{"keep":3,"budget":"1ms"}}`,
		`{"format":1,"fusion":"weighted","rrf_k":1e400}`, `[]`, `{"format":1,"rerank":{"budget":1e300}}`} {
		f.Add([]byte(s))
	}
	e := pipeFixture{n: 60, users: 2}.engine(f, Options{})
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParsePipelineSpec(data)
		if err != nil {
			require.ErrorIs(t, err, ErrBundle)
			return
		}
		require.NoError(t, s.Validate())
		d := s.withDefaults()
		require.NotEmpty(t, d.Retrievers)
		if len(s.Retrievers) > 3 || d.Rank.Keep > 1000 {
			return
		}
		for k := range d.Retrievers {
			d.Retrievers[k].Candidates = min(d.Retrievers[k].Candidates, 100)
		}
		res, err := e.Recommend(context.Background(), Request{User: pipeUser(1), History: []string{pipeItem(3)}, K: 5,
			Pipeline: &PipelineOverride{Retrievers: d.Retrievers, Fusion: d.Fusion}})
		require.NoError(t, err)
		require.LessOrEqual(t, len(res.Items), 5)
	})
}

func TestBlend(t *testing.T) {
	s := []float32{3, 1, 2}
	BlendScores(s, 1, 60)
	require.InDelta(t, 2.0/61, s[0], 1e-7)
	require.InDelta(t, 1.0/63+1.0/62, s[1], 1e-7)
	require.InDelta(t, 1.0/62+1.0/63, s[2], 1e-7)
}

// A heavy blend keeps the retrieval order; none keeps the ranker's.
func TestPipelineBlend(t *testing.T) {
	const spec = `{"format":1,"retrievers":[{"kind":"embedding","candidates":100}],"rank":{"keep":100}}`
	e := pipeFixture{n: 300, users: 4, rankItems: 300, pipeline: spec}.engine(t, Options{})
	ctx := context.Background()
	plain, err := e.Recommend(ctx, Request{User: pipeUser(2), K: 20, Pipeline: &PipelineOverride{NoRank: true}})
	require.NoError(t, err)
	heavy, err := e.Recommend(ctx, Request{User: pipeUser(2), K: 20, Pipeline: &PipelineOverride{Blend: 1e5}})
	require.NoError(t, err)
	require.Equal(t, itemIDs(plain.Items), itemIDs(heavy.Items))
	ranked, err := e.Recommend(ctx, Request{User: pipeUser(2), K: 20})
	require.NoError(t, err)
	require.NotEqual(t, itemIDs(plain.Items), itemIDs(ranked.Items))
}
