package runtime

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/modelpack"
)

// rankFixture writes a ranker bundle for spec with random weights and stored features (users
// and items rows), without the trainer (runtime tests must not import train). skip names
// sections to leave out and tweak edits the builder's inputs, for the error tests.
type rankFixture struct {
	spec         RankSpec
	users, items int
	skip         map[string]bool
	badCode      bool
}

func (f *rankFixture) bundle(t testing.TB) *modelpack.Bundle {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	s := f.spec
	raw, err := jsonSpec(s)
	require.NoError(t, err)
	b := modelpack.NewBuilder(modelpack.Manifest{Kind: modelpack.KindRanker})
	add := func(name string, fn func() error) {
		if !f.skip[name] {
			require.NoError(t, fn())
		}
	}
	add(modelpack.SectionRankSpec, func() error { return b.AddBytes(modelpack.SectionRankSpec, raw) })
	for _, fl := range s.Fields {
		n := f.users
		prefix := modelpack.PrefixRankUser
		if fl.Side == SideItem {
			n, prefix = f.items, modelpack.PrefixRankItem
		}
		if fl.Embedded() {
			vocab := make([]string, fl.Vocab-1)
			for i := range vocab {
				vocab[i] = fmt.Sprintf("%s%d", fl.Name, i)
			}
			add("vocab."+fl.Name, func() error { return b.AddStrings(modelpack.PrefixRankVocab+fl.Name, vocab) })
		}
		if fl.Name == s.UserKey || fl.Name == s.ItemKey {
			continue
		}
		switch fl.Kind {
		case FieldCategorical:
			codes := make([]int32, n)
			for i := range codes {
				codes[i] = int32(rng.IntN(fl.Vocab))
			}
			if f.badCode {
				codes[0] = int32(fl.Vocab)
			}
			add(prefix+fl.Name, func() error { return b.AddInt32(prefix+fl.Name, []int{n}, codes) })
		case FieldMultiHot:
			rows := make([][]int32, n)
			for i := range rows {
				for c := 1; c < fl.Vocab; c++ {
					if rng.IntN(3) == 0 {
						rows[i] = append(rows[i], int32(c))
					}
				}
			}
			c, err := modelpack.NewCSR(rows, fl.Vocab)
			require.NoError(t, err)
			add(prefix+fl.Name, func() error { return b.AddCSR(prefix+fl.Name, c) })
		case FieldDense:
			v := make([]float32, n)
			for i := range v {
				v[i] = float32(rng.NormFloat64())
			}
			add(prefix+fl.Name, func() error { return b.AddF32(prefix+fl.Name, []int{n}, v) })
		}
	}
	for name, shape := range weightShapes(&s) {
		w := make([]float32, shape[0]*shape[1])
		for i := range w {
			w[i] = float32(rng.NormFloat64() * 0.3)
		}
		add(name, func() error { return b.AddF32(modelpack.PrefixRankWeight+name, shape, w) })
	}
	var buf bytes.Buffer
	_, err = b.WriteTo(&buf)
	require.NoError(t, err)
	bundle, err := modelpack.OpenBytes(buf.Bytes(), modelpack.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { bundle.Close() })
	return bundle
}

// weightShapes lists a spec's weights (the trainer's naming, see train/rank.Model).
func weightShapes(s *RankSpec) map[string][]int {
	k, d := s.EmbedDim, s.InputDim()
	w := map[string][]int{"out.b": {1, 1}}
	nd := d - k*s.NumEmbedded()
	for _, f := range s.Fields {
		if f.Embedded() && s.Model != RankLR {
			w["emb."+f.Name] = []int{f.Vocab, k}
		}
		if f.Embedded() && s.Model != RankDCN {
			w["lin."+f.Name] = []int{f.Vocab, 1}
		}
	}
	if s.Model != RankDCN && nd > 0 {
		w["lin.dense"] = []int{1, nd}
	}
	if s.Model == RankLR {
		return w
	}
	e, r := s.Cross.experts(), s.Cross.Rank
	for l := range s.Cross.Layers {
		p := fmt.Sprintf("cross.%d.", l)
		if s.Model != RankDCN {
			break
		}
		if r == 0 {
			w[p+"w"], w[p+"b"] = []int{d, d}, []int{1, d}
			continue
		}
		w[p+"v"], w[p+"u"], w[p+"b"] = []int{e * r, d}, []int{e * d, r}, []int{e, d}
		if e > 1 {
			w[p+"g"] = []int{e, d}
		}
	}
	in := d
	for l, h := range s.Deep {
		w[fmt.Sprintf("deep.%d.w", l)], w[fmt.Sprintf("deep.%d.b", l)] = []int{h, in}, []int{1, h}
		in = h
	}
	switch {
	case s.Model == RankDeepFM && len(s.Deep) > 0:
		w["out.w"] = []int{1, in}
	case s.Model == RankDCN && len(s.Deep) == 0:
		w["out.w"] = []int{1, d}
	case s.Model == RankDCN && (s.Stacked || s.Cross.Layers == 0):
		w["out.w"] = []int{1, in}
	case s.Model == RankDCN:
		w["out.w"] = []int{1, d + in}
	}
	return w
}

func jsonSpec(s RankSpec) ([]byte, error) { return json.Marshal(s) }

func mlSpec(model string, k int) RankSpec {
	return RankSpec{Format: 1, Model: model, UserKey: "user", ItemKey: "item", EmbedDim: k,
		Fields: []RankField{
			{Name: "user", Kind: FieldCategorical, Side: SideUser, Vocab: 944},
			{Name: "age_bucket", Kind: FieldCategorical, Side: SideUser, Vocab: 8},
			{Name: "gender", Kind: FieldCategorical, Side: SideUser, Vocab: 3},
			{Name: "occupation", Kind: FieldCategorical, Side: SideUser, Vocab: 22},
			{Name: "item", Kind: FieldCategorical, Side: SideItem, Vocab: 1683},
			{Name: "genres", Kind: FieldMultiHot, Side: SideItem, Vocab: 20},
			{Name: "age", Kind: FieldDense, Side: SideUser, Shift: 0, Scale: 1},
			{Name: "year", Kind: FieldDense, Side: SideItem, Shift: 0, Scale: 1},
		},
		Cross: CrossSpec{Layers: 3}, Deep: []int{128, 64}}
}

func TestRankerErrors(t *testing.T) {
	spec := mlSpec(RankDCN, 4)
	for _, tc := range []struct {
		name string
		fx   rankFixture
	}{
		{"no spec", rankFixture{skip: map[string]bool{modelpack.SectionRankSpec: true}}},
		{"no weight", rankFixture{skip: map[string]bool{"cross.1.w": true}}},
		{"no vocabulary", rankFixture{skip: map[string]bool{"vocab.gender": true}}},
		{"no stored feature", rankFixture{skip: map[string]bool{modelpack.PrefixRankItem + "genres": true}}},
		{"stored code out of range", rankFixture{badCode: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fx := tc.fx
			fx.spec, fx.users, fx.items = spec, 943, 1682
			_, err := NewRanker(fx.bundle(t), RankerOptions{})
			require.ErrorIs(t, err, ErrBundle)
		})
	}
}

func TestRankerNoAllocs(t *testing.T) {
	for _, model := range []string{RankDCN, RankDeepFM, RankLR} {
		t.Run(model, func(t *testing.T) {
			fx := rankFixture{spec: mlSpec(model, 8), users: 943, items: 1682}
			r, err := NewRanker(fx.bundle(t), RankerOptions{})
			require.NoError(t, err)
			items := make([]string, 600)
			for i := range items {
				items[i] = fmt.Sprintf("item%d", i*2)
			}
			ctx := context.Background()
			user := RankUser{ID: "user7"}
			scores, err := r.Rank(ctx, user, items, nil)
			require.NoError(t, err)
			for _, v := range scores {
				require.False(t, math.IsNaN(float64(v)) || math.IsInf(float64(v), 0))
			}
			if rankerRace {
				return
			}
			allocs := testing.AllocsPerRun(20, func() { scores, _ = r.Rank(ctx, user, items, scores) })
			require.Zero(t, allocs)
		})
	}
}

func TestRankerCanceled(t *testing.T) {
	fx := rankFixture{spec: mlSpec(RankDCN, 4), users: 943, items: 1682}
	r, err := NewRanker(fx.bundle(t), RankerOptions{})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = r.Rank(ctx, RankUser{}, []string{"item1"}, nil)
	require.True(t, errors.Is(err, context.Canceled))
}

func BenchmarkRank(b *testing.B) {
	for _, model := range []string{RankDCN, RankDeepFM} {
		for _, n := range []int{100, 1000} {
			b.Run(fmt.Sprintf("model=%s/k=16/n=%d", model, n), func(b *testing.B) {
				fx := rankFixture{spec: mlSpec(model, 16), users: 943, items: 1682}
				r, err := NewRanker(fx.bundle(b), RankerOptions{})
				require.NoError(b, err)
				items := make([]string, n)
				for i := range items {
					items[i] = fmt.Sprintf("item%d", i)
				}
				ctx := context.Background()
				var scores []float32
				b.ReportAllocs()
				for b.Loop() {
					scores, _ = r.Rank(ctx, RankUser{ID: "user1"}, items, scores)
				}
			})
		}
	}
}

// Concurrent requests share the Ranker (and its scratch pool) and get the sequential answers.
func TestRankerConcurrent(t *testing.T) {
	fx := rankFixture{spec: mlSpec(RankDCN, 4), users: 943, items: 1682}
	r, err := NewRanker(fx.bundle(t), RankerOptions{})
	require.NoError(t, err)
	ctx := context.Background()
	items := []string{"item1", "item5", "item9", "nope", "item1600"}
	want := make([][]float32, 8)
	for u := range want {
		want[u], err = r.Rank(ctx, RankUser{ID: fmt.Sprintf("user%d", u)}, items, nil)
		require.NoError(t, err)
	}
	errs := make(chan error, 4)
	for g := range 4 {
		go func() {
			var scores []float32
			for i := range 50 {
				u := (g + i) % len(want)
				var err error
				if scores, err = r.Rank(ctx, RankUser{ID: fmt.Sprintf("user%d", u)}, items, scores); err != nil {
					errs <- err
					return
				}
				if !slices.Equal(scores, want[u]) {
					errs <- fmt.Errorf("user %d: %v, want %v", u, scores, want[u])
					return
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		require.NoError(t, <-errs)
	}
}
