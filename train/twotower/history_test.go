package twotower

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/dataset/synth"
	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/train"
	"github.com/corerec/corerec/train/nn"
	"github.com/corerec/corerec/train/nn/nntest"
)

// A training bag draws at most the limit from the user's history, without repeating a position, and
// takes a short history whole; an evaluation bag is the whole history; an unknown user's bag is empty.
func TestHistoryBags(t *testing.T) {
	var ps nn.Params
	rng := rand.New(rand.NewPCG(1, 2))
	items := [][]int32{{4, 2, 4}, {1, 2, 3, 5, 6, 8, 9}, {}}
	h := newHistory(&ps, items, 10, 3, 2, 0.1, rng)
	tp := nn.NewTape(nn.Config{Workers: 1})
	tp.SetTraining(false)

	h.bag(tp, []int32{0, 1, 2, 3}, nil)
	require.Equal(t, []int32{0, 3, 10, 10, 10}, h.offsets, "whole histories; users 2 (empty) and 3 (unknown) get none")
	require.Equal(t, []int32{4, 2, 4, 1, 2, 3, 5, 6, 8, 9}, h.ids)

	for range 50 {
		h.bag(tp, []int32{0, 1}, rng)
		require.Equal(t, []int32{0, 3, 6}, h.offsets)
		require.Equal(t, []int32{4, 2, 4}, h.ids[:3], "a history within the limit is taken whole")
		second := slices.Clone(h.ids[3:6])
		slices.Sort(second)
		require.Len(t, slices.Compact(second), 3, "three distinct positions of the history")
		for _, i := range second {
			require.Contains(t, items[1], i)
		}
	}
}

// Every item of a long history is drawn about equally often.
func TestHistorySampleCoversHistory(t *testing.T) {
	var ps nn.Params
	rng := rand.New(rand.NewPCG(3, 4))
	items := [][]int32{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}}
	h := newHistory(&ps, items, 10, 2, 2, 0.1, rng)
	tp := nn.NewTape(nn.Config{Workers: 1})
	seen := map[int32]int{}
	for range 500 {
		h.bag(tp, []int32{0}, rng)
		for _, i := range h.ids {
			seen[i]++
		}
		tp.Reset()
	}
	require.Len(t, seen, 10)
	for i, n := range seen {
		require.InDelta(t, 100, n, 45, "item %d drawn %d times of an expected 100", i, n)
	}
}

// The losses' gradients with the history input, on an identity tower (bag added to the embedding) and on
// a layered one (bag beside it), match finite differences; the draws are fixed by reseeding.
func TestHistoryGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const users, items = 5, 8
	in := Input{NumUsers: users, NumItems: items, Train: make([][]int32, users)}
	for u := range users {
		for range 4 {
			in.Train[u] = append(in.Train[u], int32(rng.IntN(items)))
		}
	}
	for name, tc := range map[string]TowerConfig{
		"identity": {Identity: true, History: 2},
		"layers":   {IDDim: 3, Hidden: []int{4}, Activation: "tanh", History: 2},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := Config{Dim: 3, BatchSize: 5, Temperature: 0.5, Workers: 1, InitStd: 0.5, User: tc, Item: TowerConfig{Identity: tc.Identity}}
			tr, err := newTrainer(in, cfg.WithDefaults())
			require.NoError(t, err)
			batch := []int32{0, 4, 6, 11, 17}
			build := func(tp *nn.Tape) *nn.Tensor {
				tr.rng = rand.New(rand.NewPCG(7, 8))
				tr.fillIDs(batch)
				u := tr.m.user.forwardTrain(tp, tr.uEmb, tr.uRows, tr.rng)
				return tr.loss(tp, u, tr.m.item.forward(tp, tr.iEmb, tr.iRows))
			}
			nntest.GradCheckWith(t, nntest.Options{Eps: 1e-3, AbsTol: 1e-3, RelTol: 2e-2}, build, tr.m.params.All()...)
		})
	}
}

// Trained with a history, the exported user vectors are the tower's output for the whole history
// (EncodeUser agrees), the model still learns the users' tastes, and a history cannot be combined with
// features or put on the item tower.
func TestHistoryTrains(t *testing.T) {
	in, test, _ := synthInputOf(t, synth.Config{Users: 500, Items: 300, Seed: 5, Mainstream: -1, Zipf: 0.5})
	ctx := context.Background()
	cfg := Config{Dim: 16, Workers: 1, Epochs: 5, Patience: 2, BatchSize: 256, LearningRate: 0.01, Seed: 3,
		User: TowerConfig{Identity: true, History: 20}, Item: TowerConfig{Identity: true}}
	m, hist, err := Train(ctx, in, cfg)
	require.NoError(t, err)
	for _, u := range []int32{0, 7, 123} {
		got, err := m.EncodeUser(u, nil)
		require.NoError(t, err)
		require.InDeltaSlice(t, m.Users[int(u)*16:int(u+1)*16], got, 1e-5)
	}
	ndcg, err := evalNDCG10(ctx, m, Input{Valid: test})
	require.NoError(t, err)
	base := cfg
	base.User.History = 0
	m0, _, err := Train(ctx, in, base)
	require.NoError(t, err)
	ndcg0, err := evalNDCG10(ctx, m0, Input{Valid: test})
	require.NoError(t, err)
	t.Logf("test ndcg@10: history %.4f, id only %.4f (%d epochs)", ndcg, ndcg0, len(hist))
	require.Greater(t, ndcg, 0.5*ndcg0, "the history input does not break learning")
	require.Less(t, hist[len(hist)-1].Loss, hist[0].Loss)

	rows := make([][]float32, in.NumUsers)
	for u := range rows {
		rows[u] = []float32{float32(u % 3)}
	}
	f, err := NewFeatures(rows)
	require.NoError(t, err)
	withFeat := in
	withFeat.UserFeatures = f
	_, _, err = Train(ctx, withFeat, Config{Workers: 1, Epochs: 1, User: TowerConfig{History: 5}})
	require.ErrorIs(t, err, ErrInput)
	_, _, err = Train(ctx, in, Config{Workers: 1, Epochs: 1, Item: TowerConfig{History: 5}})
	require.ErrorContains(t, err, "history is a user tower input")
}

// A bundle of a history model carries the history tower: the runtime encodes a request's history as
// EncodeHistory does (beside a known user's ID row or the unknown row; identity and layered towers), and
// a known user without a history keeps the exported vector, which is the tower over all their items.
func TestRuntimeHistoryTowerEqualsTrainer(t *testing.T) {
	d := synth.Generate(synth.Config{Users: 200, Items: 150, Seed: 9, Mainstream: -1, Zipf: 0.5})
	split := dataset.LeaveOneOut(d.Dataset)
	in := Input{NumUsers: split.NumUsers, NumItems: split.NumItems, Train: split.Train}
	e := train.Embeddings{ItemIDs: d.Dataset.Items.IDs(), UserIDs: d.Dataset.Users.IDs()}
	rng := rand.New(rand.NewPCG(4, 5))
	for name, tc := range map[string]TowerConfig{
		"identity": {Identity: true, History: 10},
		"layers":   {IDDim: 8, Hidden: []int{12}, Activation: "tanh", History: 10},
		"no id":    {NoID: true, Hidden: []int{12}, Activation: "relu", History: 10},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := Config{Dim: 8, Workers: 1, Epochs: 2, BatchSize: 128, LearningRate: 0.01, Seed: 2, User: tc,
				Item: TowerConfig{Identity: tc.Identity}}
			m, _, err := Train(context.Background(), in, cfg)
			require.NoError(t, err)
			eng := packEmbeddings(t, m, e, train.PackOptions{})
			for _, u := range []int32{-1, 0, 37} {
				items := make([]int32, 1+rng.IntN(6))
				ids := make([]string, len(items))
				for k := range items {
					items[k] = int32(rng.IntN(in.NumItems))
					ids[k] = e.ItemIDs[items[k]]
				}
				want, err := m.EncodeHistory(u, items)
				require.NoError(t, err)
				req := runtime.Request{User: "new user", History: ids}
				if u >= 0 {
					req.User = e.UserIDs[u]
				}
				got, err := eng.Encode(req)
				require.NoError(t, err)
				require.InDeltaSlice(t, want, got, 1e-5, "user %d, history %v", u, items)

				if u >= 0 {
					stored, err := eng.Encode(runtime.Request{User: e.UserIDs[u]})
					require.NoError(t, err)
					require.InDeltaSlice(t, m.Users[int(u)*8:int(u+1)*8], stored, 1e-6)
					whole, err := m.EncodeHistory(u, in.Train[u])
					require.NoError(t, err)
					require.InDeltaSlice(t, whole, stored, 1e-5, "the exported vector is the tower over every training item")
				}
			}
			_, err = m.EncodeHistory(0, nil)
			require.ErrorIs(t, err, ErrInput)
			_, err = m.EncodeHistory(0, []int32{int32(in.NumItems)})
			require.ErrorIs(t, err, ErrInput)
		})
	}
}
