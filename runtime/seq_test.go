package runtime_test

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/internal/kernel"
	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

// seqFixture is a random sequential bundle's shape.
type seqFixture struct {
	kind                          string
	items, maxLen, dim, heads, ff int
	blocks                        int
	users                         [][]int32 // stored seen items (time order)
	act                           string    // feed-forward activation (default gelu)
	skip                          string    // a section to leave out
	extra                         map[string]string
	features                      []string // modelpack feature markers
}

func (f seqFixture) bundle(t testing.TB) []byte {
	t.Helper()
	r := rand.New(rand.NewPCG(uint64(f.items), 7))
	randn := func(n int, std float64) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(r.NormFloat64() * std)
		}
		return v
	}
	d := f.dim
	man := modelpack.Manifest{Kind: f.kind, Dim: d, Metric: modelpack.MetricDot, Extra: map[string]string{
		modelpack.ExtraSeqMaxLen: strconv.Itoa(f.maxLen), modelpack.ExtraSeqBlocks: strconv.Itoa(f.blocks),
		modelpack.ExtraSeqHeads: strconv.Itoa(f.heads), modelpack.ExtraSeqFFNDim: strconv.Itoa(f.ff),
		modelpack.ExtraSeqActivation: cmp.Or(f.act, "gelu"), modelpack.ExtraSeqEmbScale: "2", modelpack.ExtraSeqNormEps: "1e-06",
	}}
	for k, v := range f.extra {
		man.Extra[k] = v
	}
	b := modelpack.NewBuilder(man)
	for _, name := range f.features {
		require.NoError(t, b.RequireFeature(name))
	}
	cat := &modelpack.Catalog{}
	for i := range f.items {
		cat.ItemIDs = append(cat.ItemIDs, itemID(i))
	}
	for u := range f.users {
		cat.UserIDs = append(cat.UserIDs, userID(u))
	}
	require.NoError(t, b.AddCatalog(cat))
	require.NoError(t, b.AddMatrix(modelpack.SectionItemEmbeddings,
		modelpack.Matrix{Rows: f.items, Cols: d, Quant: modelpack.QuantF32, F32: randn(f.items*d, 0.5)}))
	if f.users != nil {
		seen, err := modelpack.NewCSR(f.users, f.items)
		require.NoError(t, err)
		require.NoError(t, b.AddCSR(modelpack.SectionUserSeen, seen))
	}
	add := func(name string, v []float32, shape ...int) {
		if name != f.skip {
			require.NoError(t, b.AddF32(name, shape, v))
		}
	}
	add(modelpack.SectionSeqPositions, randn(f.maxLen*d, 0.5), f.maxLen, d)
	if f.kind == modelpack.KindBERT4Rec {
		add(modelpack.SectionSeqMask, randn(d, 0.5), d)
	}
	add(modelpack.SectionSeqFinalNormGamma, randn(d, 1), d)
	add(modelpack.SectionSeqFinalNormBeta, randn(d, 0.1), d)
	for i := range f.blocks {
		name := func(s string) string { return modelpack.SectionSeqBlockPrefix + strconv.Itoa(i) + "." + s }
		for _, s := range []struct {
			suffix string
			shape  []int
			std    float64
		}{
			{modelpack.SeqBlockNorm1Gamma, []int{d}, 1}, {modelpack.SeqBlockNorm1Beta, []int{d}, 0.1},
			{modelpack.SeqBlockQKVWeight, []int{3 * d, d}, 0.3}, {modelpack.SeqBlockQKVBias, []int{3 * d}, 0.1},
			{modelpack.SeqBlockOutWeight, []int{d, d}, 0.3}, {modelpack.SeqBlockOutBias, []int{d}, 0.1},
			{modelpack.SeqBlockNorm2Gamma, []int{d}, 1}, {modelpack.SeqBlockNorm2Beta, []int{d}, 0.1},
			{modelpack.SeqBlockFFN1Weight, []int{f.ff, d}, 0.3}, {modelpack.SeqBlockFFN1Bias, []int{f.ff}, 0.1},
			{modelpack.SeqBlockFFN2Weight, []int{d, f.ff}, 0.3}, {modelpack.SeqBlockFFN2Bias, []int{d}, 0.1},
		} {
			n := 1
			for _, x := range s.shape {
				n *= x
			}
			add(name(s.suffix), randn(n, s.std), s.shape...)
		}
	}
	var buf bytes.Buffer
	_, err := b.WriteTo(&buf)
	require.NoError(t, err)
	return buf.Bytes()
}

func (f seqFixture) engine(t testing.TB) *runtime.Engine {
	t.Helper()
	eng, err := runtime.OpenBytes(f.bundle(t), runtime.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { eng.Close() })
	return eng
}

var seqFixtures = []seqFixture{
	{kind: modelpack.KindSASRec, items: 30, maxLen: 7, dim: 8, heads: 2, ff: 12, blocks: 2},
	{kind: modelpack.KindSASRec, items: 31, maxLen: 5, dim: 6, heads: 1, ff: 6, blocks: 1, act: "relu"},
	{kind: modelpack.KindBERT4Rec, items: 32, maxLen: 7, dim: 8, heads: 2, ff: 16, blocks: 2},
}

func randomHistory(r *rand.Rand, n, items int) []string {
	h := make([]string, n)
	for i := range h {
		h[i] = itemID(r.IntN(items))
	}
	return h
}

// A session fed one item at a time, through window slides, always has the vector of a full forward pass
// over its window.
func TestSessionMatchesFullForward(t *testing.T) {
	for _, f := range seqFixtures {
		for _, hop := range []int{1, 3} {
			t.Run(fmt.Sprintf("%s/len=%d/heads=%d/hop=%d", f.kind, f.maxLen, f.heads, hop), func(t *testing.T) {
				eng := f.engine(t)
				s, err := eng.NewSession(runtime.SessionOptions{Hop: hop})
				require.NoError(t, err)
				if f.kind == modelpack.KindSASRec {
					require.Equal(t, make([]float32, f.dim), s.Vector(nil)) // nothing seen yet
				}
				r := rand.New(rand.NewPCG(3, 4))
				for step, id := range randomHistory(r, 3*f.maxLen, f.items) {
					require.True(t, s.Append(id))
					want, err := eng.Encode(runtime.Request{History: s.Window()})
					require.NoError(t, err)
					require.InDeltaSlice(t, want, s.Vector(nil), 1e-5, "after %d appends", step+1)
					require.LessOrEqual(t, s.Len(), f.maxLen)
				}
				if hop == 1 && f.kind == modelpack.KindSASRec {
					require.Equal(t, f.maxLen, s.Len()) // exactly the last maxLen items
				}
				require.False(t, s.Append("no-such-item"))
			})
		}
	}
}

// Recommend with a History scores every item by its dot product with Encode's vector and, with
// ExcludeSeen, leaves the history out.
func TestRecommendFromHistory(t *testing.T) {
	for _, f := range seqFixtures {
		t.Run(f.kind, func(t *testing.T) {
			eng := f.engine(t)
			r := rand.New(rand.NewPCG(5, 6))
			hist := randomHistory(r, 2*f.maxLen, f.items)
			u, err := eng.Encode(runtime.Request{History: hist})
			require.NoError(t, err)
			res, err := eng.Recommend(context.Background(), runtime.Request{History: hist, K: 5, ExcludeSeen: true})
			require.NoError(t, err)
			require.Empty(t, res.Fallback)
			require.Len(t, res.Items, 5)
			seen := map[string]bool{}
			for _, id := range hist {
				seen[id] = true
			}
			row := make([]float32, f.dim)
			items, err := eng.Bundle().Matrix(modelpack.SectionItemEmbeddings)
			require.NoError(t, err)
			for _, it := range res.Items {
				require.False(t, seen[it.ID])
				row = items.Row(int(it.Index), row[:0])
				require.InDelta(t, kernel.Dot(u, row), it.Score, 1e-4)
			}
		})
	}
}

// A known user without a history is encoded from the stored (time-ordered) seen items.
func TestRecommendKnownUserUsesStoredSequence(t *testing.T) {
	f := seqFixtures[0]
	f.users = [][]int32{{3, 1, 4, 1, 5}, {}}
	eng := f.engine(t)
	ctx := context.Background()
	byUser, err := eng.Recommend(ctx, runtime.Request{User: userID(0), K: 4})
	require.NoError(t, err)
	byHist, err := eng.Recommend(ctx, runtime.Request{History: []string{itemID(3), itemID(1), itemID(4), itemID(1), itemID(5)}, K: 4})
	require.NoError(t, err)
	require.Equal(t, byHist.Items, byUser.Items)
	empty, err := eng.Recommend(ctx, runtime.Request{User: userID(1), K: 4})
	require.NoError(t, err)
	require.Equal(t, "popular", empty.Fallback)
}

func TestSessionRecommend(t *testing.T) {
	f := seqFixtures[0]
	eng := f.engine(t)
	s, err := eng.NewSession(runtime.SessionOptions{})
	require.NoError(t, err)
	ctx := context.Background()
	res, err := s.Recommend(ctx, runtime.Request{K: 3})
	require.NoError(t, err)
	require.Equal(t, "popular", res.Fallback)
	hist := []string{itemID(1), itemID(2), itemID(3)}
	for _, id := range hist {
		s.Append(id)
	}
	got, err := s.Recommend(ctx, runtime.Request{K: 5, ExcludeSeen: true})
	require.NoError(t, err)
	want, err := eng.Recommend(ctx, runtime.Request{History: hist, K: 5, ExcludeSeen: true})
	require.NoError(t, err)
	require.Equal(t, want.Items, got.Items)
}

func TestSessionNeedsSequenceBundle(t *testing.T) {
	eng, err := runtime.OpenBytes(newFixture(10, 2, 4, 1).bundle(t, modelpack.QuantF32, false, "dot"), runtime.Options{})
	require.NoError(t, err)
	defer eng.Close()
	_, err = eng.NewSession(runtime.SessionOptions{})
	require.ErrorIs(t, err, runtime.ErrBundle)
}

// A bundle whose sections or manifest disagree with the model opens with ErrBundle, never a panic.
func TestSeqBundleErrors(t *testing.T) {
	base := seqFixtures[2]
	for _, tc := range []struct {
		name   string
		change func(*seqFixture)
	}{
		{"missing-mask", func(f *seqFixture) { f.skip = modelpack.SectionSeqMask }},
		{"missing-ffn", func(f *seqFixture) { f.skip = "seq.block1.ffn2.weight" }},
		{"blocks-too-many", func(f *seqFixture) { f.extra = map[string]string{modelpack.ExtraSeqBlocks: "3"} }},
		{"blocks-huge", func(f *seqFixture) { f.extra = map[string]string{modelpack.ExtraSeqBlocks: "1000000"} }},
		{"ffn-mismatch", func(f *seqFixture) { f.extra = map[string]string{modelpack.ExtraSeqFFNDim: "17"} }},
		{"heads", func(f *seqFixture) { f.extra = map[string]string{modelpack.ExtraSeqHeads: "3"} }},
		{"maxlen", func(f *seqFixture) { f.extra = map[string]string{modelpack.ExtraSeqMaxLen: "x"} }},
		{"activation", func(f *seqFixture) { f.extra = map[string]string{modelpack.ExtraSeqActivation: "swish"} }},
		{"eps", func(f *seqFixture) { f.extra = map[string]string{modelpack.ExtraSeqNormEps: "-1"} }},
		{"block", func(f *seqFixture) { f.extra = map[string]string{modelpack.ExtraSeqBlock: "post"} }},
		{"marked-sasrec-block-says-pre", func(f *seqFixture) { f.features = []string{modelpack.FeatureSeqBlockSASRec} }},
		{"marked-bert-block-says-pre", func(f *seqFixture) { f.features = []string{modelpack.FeatureSeqBlockBERT} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := base
			tc.change(&f)
			_, err := runtime.OpenBytes(f.bundle(t), runtime.Options{})
			require.ErrorIs(t, err, runtime.ErrBundle)
		})
	}
}

// Concurrent requests share the engine's pooled states: results equal the sequential ones (run with -race).
func TestSeqRecommendConcurrent(t *testing.T) {
	f := seqFixtures[0]
	eng := f.engine(t)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(8, 9))
	hists := make([][]string, 16)
	want := make([]runtime.Result, len(hists))
	for i := range hists {
		hists[i] = randomHistory(r, 1+r.IntN(2*f.maxLen), f.items)
		res, err := eng.Recommend(ctx, runtime.Request{History: hists[i], K: 5})
		require.NoError(t, err)
		want[i] = res
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for k := range 40 {
				i := (g + k) % len(hists)
				res, err := eng.Recommend(ctx, runtime.Request{History: hists[i], K: 5})
				if err != nil || len(res.Items) != len(want[i].Items) || res.Items[0] != want[i].Items[0] {
					t.Errorf("history %d: got %v, %v", i, res.Items, err)
					return
				}
			}
		})
	}
	wg.Wait()
}
