package eval_test

import (
	"context"
	"testing"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/dataset/synth"
	"github.com/corerec/corerec/eval"
	"github.com/stretchr/testify/require"
)

// TestBaselinesOnSynth ranks three scorers on synthetic data: random,
// popularity, and popularity weighted by the user's true taste for the
// item's category (what a model can learn from the data). Each must beat the
// one before it clearly.
func TestBaselinesOnSynth(t *testing.T) {
	d := synth.Generate(synth.Config{Seed: 5})
	split := dataset.LeaveOneOut(d.Dataset)
	cases := eval.LeaveOneOutCases(split, true)
	require.Len(t, cases, d.Config.Users)

	pop := eval.Popularity(split)
	n := pop.NumItems()
	popScores := make([]float32, n)
	pop.Score(0, popScores)
	taste := eval.ScorerFunc(n, func(u int32, out []float32) {
		for i := range out {
			out[i] = (1 + popScores[i]) * d.UserTaste[u][d.ItemCategory[i]]
		}
	})
	ctx := context.Background()
	var hr []float64
	for _, s := range []eval.Scorer{eval.Random(n, 1), pop, taste} {
		r, err := eval.Evaluate(ctx, s, cases, eval.Options{})
		require.NoError(t, err)
		hr = append(hr, r.HR[10])
		t.Logf("HR@10 %.4f  NDCG@10 %.4f  coverage@10 %.3f", r.HR[10], r.NDCG[10], r.Coverage[10])
	}
	require.Greater(t, hr[1], 2*hr[0], "popularity beats random")
	require.Greater(t, hr[2], 1.5*hr[1], "taste-aware scoring beats popularity")
}
