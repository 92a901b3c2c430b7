package twotower

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/dataset/synth"
	"github.com/corerec/corerec/eval"
	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/train"
)

// coldSplit holds out every fifth user entirely: the model trains on the others (users renumbered
// 0..n-1), and each held-out user's items are the targets of a case.
type coldSplit struct {
	in       Input
	userIDs  []string
	features [][]float32 // of the training users
	cold     []int       // original indices of the held-out users
	cases    []eval.Case // User: index into cold
}

func newColdSplit(t *testing.T, d *synth.Data) coldSplit {
	t.Helper()
	seqs := d.Dataset.Sequences()
	var s coldSplit
	for u, seq := range seqs {
		if u%5 == 0 {
			s.cases = append(s.cases, eval.Case{User: int32(len(s.cold)), Targets: unique(seq)})
			s.cold = append(s.cold, u)
			continue
		}
		s.in.Train = append(s.in.Train, seq)
		s.userIDs = append(s.userIDs, d.Dataset.Users.ID(int32(u)))
		s.features = append(s.features, d.UserFeatures[u])
	}
	s.in.NumUsers, s.in.NumItems = len(s.in.Train), d.Dataset.Items.Len()
	f, err := NewFeatures(s.features)
	require.NoError(t, err)
	s.in.UserFeatures = f
	return s
}

func unique(items []int32) []int32 {
	seen := map[int32]bool{}
	var out []int32
	for _, i := range items {
		if !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	return out
}

// recommendCold asks the engine for each held-out user (unknown to the bundle) with their features.
func recommendCold(t *testing.T, eng *runtime.Engine, d *synth.Data, s coldSplit, withFeatures bool) (eval.Report, int) {
	t.Helper()
	ranked := map[int32][]int32{}
	fallbacks := 0
	for k, u := range s.cold {
		req := runtime.Request{User: d.Dataset.Users.ID(int32(u)), K: 10}
		if withFeatures {
			req.Features = d.UserFeatures[u]
		}
		res, err := eng.Recommend(context.Background(), req)
		require.NoError(t, err)
		if res.Fallback != "" {
			fallbacks++
		}
		for _, it := range res.Items {
			i, ok := d.Dataset.Items.Index(it.ID)
			require.True(t, ok)
			ranked[int32(k)] = append(ranked[int32(k)], i)
		}
	}
	rep, err := eval.FromLists(ranked, s.cases, d.Dataset.Items.Len(), eval.Options{Ks: []int{10}})
	require.NoError(t, err)
	return rep, fallbacks
}

// Features matter: users absent from training, served through the runtime from their features, get far
// better recommendations from a Two-Tower with a user-feature tower than from an ID-only one (which can
// only fall back to popular items).
func TestColdUsersServedByFeatures(t *testing.T) {
	if testing.Short() {
		t.Skip("trains two models")
	}
	// Taste-driven data: items come from the users' favourite categories (no popularity-only draws), and
	// the features are a projection of the taste plus noise.
	d := synth.Generate(synth.Config{Users: 1500, Items: 500, Seed: 21, Mainstream: -1, Zipf: 0.5})
	s := newColdSplit(t, d)
	ctx := context.Background()
	e := train.Embeddings{ItemIDs: d.Dataset.Items.IDs(), UserIDs: s.userIDs,
		Popularity: train.Popularity(s.in.Train, s.in.NumItems)}
	cfg := Config{Dim: 32, Epochs: 8, BatchSize: 256, LearningRate: 0.005, Workers: 2,
		User: TowerConfig{Hidden: []int{64}, IDDropout: 0.5}}

	withF, _, err := Train(ctx, s.in, cfg)
	require.NoError(t, err)
	featRep, fallbacks := recommendCold(t, packEmbeddings(t, withF, e, train.PackOptions{}), d, s, true)
	require.Zero(t, fallbacks, "every cold user is encoded from features")

	idOnly := s.in
	idOnly.UserFeatures = nil
	cfg.User.IDDropout = 0
	ids, _, err := Train(ctx, idOnly, cfg)
	require.NoError(t, err)
	idRep, fallbacks := recommendCold(t, packEmbeddings(t, ids, e, train.PackOptions{}), d, s, false)
	require.Equal(t, len(s.cold), fallbacks, "an ID-only bundle can only fall back for cold users")

	t.Logf("%d cold users: features ndcg@10 %.4f recall@10 %.4f; id-only (popular fallback) %.4f %.4f",
		len(s.cold), featRep.NDCG[10], featRep.Recall[10], idRep.NDCG[10], idRep.Recall[10])
	require.Greater(t, featRep.NDCG[10], 1.5*idRep.NDCG[10])
	require.Greater(t, featRep.Recall[10], 1.5*idRep.Recall[10])
}
