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
	d := synth.Generate(synth.Config{Users: 600, Items: 400, Seed: seed})
	s := dataset.LeaveOneOut(d.Dataset)
	in := Input{NumUsers: s.NumUsers, NumItems: s.NumItems, Train: s.Train, Valid: eval.LeaveOneOutCases(s, false)}
	return in, eval.LeaveOneOutCases(s, true), s
}

func TestLossesBeatPopularity(t *testing.T) {
	in, test, split := synthInput(t, 3)
	ctx := context.Background()
	pop, err := eval.Evaluate(ctx, eval.Popularity(split), test, eval.Options{})
	require.NoError(t, err)
	for _, loss := range []string{LossInBatch, LossSampled, LossBCE, LossBPR} {
		t.Run(loss, func(t *testing.T) {
			cfg := Config{Loss: loss, Workers: 1, Epochs: 30, BatchSize: 256, LearningRate: 0.01, Seed: 7}
			m, hist, err := Train(ctx, in, cfg)
			require.NoError(t, err)
			got, err := eval.Evaluate(ctx, m, test, eval.Options{})
			require.NoError(t, err)
			t.Logf("%s: ndcg@10 %.4f hr@10 %.4f (%d epochs); popularity %.4f %.4f", loss, got.NDCG[10], got.HR[10], len(hist), pop.NDCG[10], pop.HR[10])
			require.Greater(t, got.NDCG[10], 1.3*pop.NDCG[10])
			require.Less(t, hist[len(hist)-1].Loss, hist[0].Loss)
		})
	}
}
