package twotower

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/dataset/synth"
	"github.com/corerec/corerec/eval"
)

func synthInput(t *testing.T, seed int64) (Input, []eval.Case, dataset.Split) {
	t.Helper()
	return synthInputOf(t, synth.Config{Users: 600, Items: 400, Seed: seed})
}

func synthInputOf(t *testing.T, cfg synth.Config) (Input, []eval.Case, dataset.Split) {
	t.Helper()
	d := synth.Generate(cfg)
	s := dataset.LeaveOneOut(d.Dataset)
	in := Input{NumUsers: s.NumUsers, NumItems: s.NumItems, Train: s.Train, Valid: eval.LeaveOneOutCases(s, false)}
	return in, eval.LeaveOneOutCases(s, true), s
}

// Every loss learns the users' tastes: on taste-driven data (no popularity-only draws) each beats the
// popularity baseline by far.
func TestLossesBeatPopularity(t *testing.T) {
	in, test, split := synthInputOf(t, synth.Config{Users: 600, Items: 400, Seed: 3, Mainstream: -1, Zipf: 0.5})
	ctx := context.Background()
	pop, err := eval.Evaluate(ctx, eval.Popularity(split), test, eval.Options{})
	require.NoError(t, err)
	for _, loss := range []string{LossInBatch, LossSampled, LossBCE, LossBPR} {
		t.Run(loss, func(t *testing.T) {
			cfg := Config{Loss: loss, Workers: 1, Epochs: 6, Patience: 2, BatchSize: 256, LearningRate: 0.01, Seed: 7}
			if loss == LossSampled {
				cfg.Negatives = 128
			}
			m, hist, err := Train(ctx, in, cfg)
			require.NoError(t, err)
			got, err := eval.Evaluate(ctx, m, test, eval.Options{})
			require.NoError(t, err)
			t.Logf("%s: ndcg@10 %.4f hr@10 %.4f (%d epochs); popularity %.4f %.4f", loss, got.NDCG[10], got.HR[10], len(hist), pop.NDCG[10], pop.HR[10])
			require.Greater(t, got.NDCG[10], 5*pop.NDCG[10])
			require.Less(t, hist[len(hist)-1].Loss, hist[0].Loss)
		})
	}
}

func evalNDCG10(ctx context.Context, m *Model, in Input) (float64, error) {
	rep, err := eval.Evaluate(ctx, m, in.Valid, eval.Options{Ks: []int{10}})
	return rep.NDCG[10], err
}

// An item tower can read features alone: with each item's category (one-hot) and no item ids, items of
// a category share a vector, and the model still ranks well above popularity.
func TestItemFeaturesOnly(t *testing.T) {
	d := synth.Generate(synth.Config{Users: 600, Items: 400, Seed: 3, Mainstream: -1, Zipf: 0.5})
	s := dataset.LeaveOneOut(d.Dataset)
	rows := make([][]float32, s.NumItems)
	for i := range rows {
		rows[i] = make([]float32, len(d.Categories))
		rows[i][d.ItemCategory[i]] = 1
	}
	f, err := NewFeatures(rows)
	require.NoError(t, err)
	in := Input{NumUsers: s.NumUsers, NumItems: s.NumItems, Train: s.Train, ItemFeatures: f}
	ctx := context.Background()
	m, _, err := Train(ctx, in, Config{Dim: 16, Workers: 1, Epochs: 4, BatchSize: 256, LearningRate: 0.01, Item: TowerConfig{NoID: true}})
	require.NoError(t, err)
	c0, c1 := -1, -1
	for i, c := range d.ItemCategory {
		if c == d.ItemCategory[0] && i > 0 && c1 < 0 {
			c1 = i
		}
		if c != d.ItemCategory[0] && c0 < 0 {
			c0 = i
		}
	}
	require.Equal(t, m.Items[:16], m.Items[c1*16:(c1+1)*16], "same category, same features, same vector")
	require.NotEqual(t, m.Items[:16], m.Items[c0*16:(c0+1)*16])
	test := eval.LeaveOneOutCases(s, true)
	got, err := eval.Evaluate(ctx, m, test, eval.Options{})
	require.NoError(t, err)
	pop, err := eval.Evaluate(ctx, eval.Popularity(s), test, eval.Options{})
	require.NoError(t, err)
	t.Logf("category-only items: ndcg@10 %.4f; popularity %.4f", got.NDCG[10], pop.NDCG[10])
	require.Greater(t, got.NDCG[10], 2*pop.NDCG[10])
}
