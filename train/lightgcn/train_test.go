package lightgcn

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

// On data with planted taste structure (synth: users focused on a few categories), LightGCN must rank the
// held-out items well above popularity.
func TestTrainBeatsPopularity(t *testing.T) {
	in, test, split := synthInput(t, 3)
	ctx := context.Background()
	m, hist, err := Train(ctx, in, Config{Dim: 32, Epochs: 30, LearningRate: 0.01, BatchSize: 512, Workers: 2, Seed: 7})
	require.NoError(t, err)
	got, err := eval.Evaluate(ctx, m, test, eval.Options{})
	require.NoError(t, err)
	pop, err := eval.Evaluate(ctx, eval.Popularity(split), test, eval.Options{})
	require.NoError(t, err)
	t.Logf("lightgcn ndcg@10 %.4f hr@10 %.4f; popularity %.4f %.4f; %d epochs", got.NDCG[10], got.HR[10], pop.NDCG[10], pop.HR[10], len(hist))
	require.Greater(t, got.NDCG[10], 1.5*pop.NDCG[10])
	require.Less(t, hist[len(hist)-1].Loss, hist[0].Loss, "training lowers the BPR loss")
}
