package runtime

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/ann"
	"github.com/corerec/corerec/modelpack"
)

// pipeFixture writes a funnel bundle: n items of dim 8 in 5 categories ("c0"…"c4"), every 7th tagged
// "promo", created an hour apart from pipeEpoch; users with vectors, seen items and popularity; optionally an
// HNSW graph, a DCN-v2 ranker that knows the first rankItems items (ids "item0"…), a pipeline spec and a
// rules section (JSON).
type pipeFixture struct {
	n, users  int
	graph     bool
	rankItems int
	pipeline  string
	rules     string
}

var pipeEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

const pipeDim = 8

func pipeItem(i int) string { return fmt.Sprintf("item%d", i) }
func pipeUser(u int) string { return fmt.Sprintf("user%d", u) }

func (p pipeFixture) bytes(t testing.TB) []byte {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 7))
	vec := func(n int) []float32 {
		v := make([]float32, n*pipeDim)
		for i := range v {
			v[i] = float32(rng.NormFloat64())
		}
		return v
	}
	items, users := vec(p.n), vec(p.users)
	b := modelpack.NewBuilder(modelpack.Manifest{Kind: modelpack.KindMF, Dim: pipeDim, Metric: modelpack.MetricDot})
	cat := &modelpack.Catalog{}
	for i := range p.n {
		cat.ItemIDs = append(cat.ItemIDs, pipeItem(i))
		cat.Category = append(cat.Category, fmt.Sprintf("c%d", i%5))
		cat.CreatedAt = append(cat.CreatedAt, pipeEpoch.Add(time.Duration(i)*time.Hour).Unix())
		var tags []string
		if i%7 == 0 {
			tags = []string{"promo"}
		}
		cat.Tags = append(cat.Tags, tags)
	}
	for u := range p.users {
		cat.UserIDs = append(cat.UserIDs, pipeUser(u))
	}
	require.NoError(t, b.AddCatalog(cat))
	require.NoError(t, b.AddMatrix(modelpack.SectionItemEmbeddings, modelpack.Matrix{Rows: p.n, Cols: pipeDim, Quant: modelpack.QuantF32, F32: items}))
	require.NoError(t, b.AddMatrix(modelpack.SectionUserEmbeddings, modelpack.Matrix{Rows: p.users, Cols: pipeDim, Quant: modelpack.QuantF32, F32: users}))
	seen := make([][]int32, p.users)
	for u := range seen {
		seen[u] = []int32{int32(rng.IntN(p.n)), int32(rng.IntN(p.n))}
	}
	csr, err := modelpack.NewCSR(seen, p.n)
	require.NoError(t, err)
	require.NoError(t, b.AddCSR(modelpack.SectionUserSeen, csr))
	pop := make([]float32, p.n)
	for i := range pop {
		pop[i] = float32(rng.IntN(1000))
	}
	require.NoError(t, b.AddF32(modelpack.SectionItemPopularity, []int{p.n}, pop))
	if p.graph {
		g, err := ann.Build(context.Background(), ann.F32Vectors(items, pipeDim), ann.InnerProduct, ann.Config{Seed: 1})
		require.NoError(t, err)
		require.NoError(t, b.AddBytes(modelpack.SectionItemGraph, g.MarshalGraph()))
	}
	if p.rankItems > 0 {
		p.addRanker(t, b)
	}
	if p.pipeline != "" {
		require.NoError(t, b.AddBytes(modelpack.SectionPipelineSpec, []byte(p.pipeline)))
	}
	if p.rules != "" {
		require.NoError(t, b.AddBytes(modelpack.SectionRulesSpec, []byte(p.rules)))
	}
	var buf bytes.Buffer
	_, err = b.WriteTo(&buf)
	require.NoError(t, err)
	return buf.Bytes()
}

// pipeRankSpec is a small DCN-v2 over user id, gender, item id and category.
func pipeRankSpec(users, items int) RankSpec {
	return RankSpec{Format: 1, Model: RankDCN, UserKey: "user", ItemKey: "item", EmbedDim: 4,
		Fields: []RankField{
			{Name: "user", Kind: FieldCategorical, Side: SideUser, Vocab: users + 1},
			{Name: "gender", Kind: FieldCategorical, Side: SideUser, Vocab: 3},
			{Name: "item", Kind: FieldCategorical, Side: SideItem, Vocab: items + 1},
			{Name: "genre", Kind: FieldCategorical, Side: SideItem, Vocab: 6},
			{Name: "age", Kind: FieldDense, Side: SideUser, Shift: 30, Scale: 0.1},
		},
		Cross: CrossSpec{Layers: 2}, Deep: []int{16}}
}

// addRanker copies the sections of a random ranker (rankFixture) into b.
func (p pipeFixture) addRanker(t testing.TB, b *modelpack.Builder) {
	fx := rankFixture{spec: pipeRankSpec(p.users, p.rankItems), users: p.users, items: p.rankItems}
	src := fx.bundle(t)
	for _, s := range src.Sections() {
		if strings.HasPrefix(s.Name, "rank.") {
			require.NoError(t, b.CopySection(src, s.Name))
		}
	}
}

func (p pipeFixture) engine(t testing.TB, opt Options) *Engine {
	t.Helper()
	e, err := OpenBytes(p.bytes(t), opt)
	require.NoError(t, err)
	t.Cleanup(func() { e.Close() })
	return e
}

// stepClock is a fake clock that advances by step at every reading.
type stepClock struct {
	t    time.Time
	step time.Duration
}

func (c *stepClock) now() time.Time {
	c.t = c.t.Add(c.step)
	return c.t
}
