package mf

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/dataset/synth"
	"github.com/corerec/corerec/eval"
	"github.com/corerec/corerec/train/nn"
)

func synthInput(t *testing.T, seed int64) (Input, []eval.Case, dataset.Split) {
	t.Helper()
	d := synth.Generate(synth.Config{Users: 600, Items: 400, Seed: seed})
	s := dataset.LeaveOneOut(d.Dataset)
	in := Input{NumUsers: s.NumUsers, NumItems: s.NumItems, Train: s.Train, Valid: eval.LeaveOneOutCases(s, false)}
	return in, eval.LeaveOneOutCases(s, true), s
}

// The default sampler must beat popularity by half again; user-uniform sampling, which weighs the synthetic
// data's many-item users less, scores lower here (NDCG@10 0.103 vs 0.120) and only has to beat it.
func TestTrainBeatsPopularity(t *testing.T) {
	t.Run("sampling=pairs", func(t *testing.T) { trainBeatsPopularity(t, nn.SamplePairs, 1.5) })
	t.Run("sampling=users", func(t *testing.T) { trainBeatsPopularity(t, nn.SampleUsers, 1) })
}

func trainBeatsPopularity(t *testing.T, sampling string, factor float64) {
	in, test, split := synthInput(t, 3)
	ctx := context.Background()
	m, hist, err := Train(ctx, in, Config{Workers: 1, Epochs: 30, Seed: 7, Sampling: sampling})
	require.NoError(t, err)
	require.NotEmpty(t, hist)
	got, err := eval.Evaluate(ctx, m, test, eval.Options{})
	require.NoError(t, err)
	pop, err := eval.Evaluate(ctx, eval.Popularity(split), test, eval.Options{})
	require.NoError(t, err)
	t.Logf("mf ndcg@10 %.4f hr@10 %.4f; popularity %.4f %.4f", got.NDCG[10], got.HR[10], pop.NDCG[10], pop.HR[10])
	require.Greater(t, got.NDCG[10], factor*pop.NDCG[10])
	require.Less(t, hist[len(hist)-1].Loss, hist[0].Loss, "training lowers the BPR loss")
}

// The returned model is the best validation epoch's, not the last one's.
func TestReturnsBestEpoch(t *testing.T) {
	in, _, _ := synthInput(t, 4)
	ctx := context.Background()
	m, hist, err := Train(ctx, in, Config{Workers: 1, Epochs: 12, Patience: 3, Seed: 1})
	require.NoError(t, err)
	best := 0.0
	for _, e := range hist {
		if e.Best {
			best = e.NDCG10
		}
	}
	rep, err := eval.Evaluate(ctx, m, in.Valid, eval.Options{Ks: []int{10}})
	require.NoError(t, err)
	require.InDelta(t, best, rep.NDCG[10], 1e-12)
}

// With LRDecay each evaluation that does not improve (an epoch not marked Best; every epoch is evaluated
// here) halves the learning rate of the epochs after it.
func TestLRDecayOnPlateau(t *testing.T) {
	in, _, _ := synthInput(t, 4)
	_, hist, err := Train(context.Background(), in, Config{Workers: 1, Epochs: 20, Patience: 20, LearningRate: 0.1, LRDecay: 0.5, Seed: 1})
	require.NoError(t, err)
	halvings := 0
	for _, e := range hist {
		require.InDelta(t, 0.1*math.Pow(0.5, float64(halvings)), e.LR, 1e-7, "epoch %d", e.Epoch)
		if !e.Best {
			halvings++
		}
	}
	require.Positive(t, halvings, "lr 0.1 for 20 epochs must plateau on the synthetic data")
}

func TestSingleWorkerIsReproducible(t *testing.T) {
	in, _, _ := synthInput(t, 5)
	in.Valid = nil
	ctx := context.Background()
	a, _, err := Train(ctx, in, Config{Workers: 1, Epochs: 3, Seed: 9})
	require.NoError(t, err)
	b, _, err := Train(ctx, in, Config{Workers: 1, Epochs: 3, Seed: 9})
	require.NoError(t, err)
	require.Equal(t, a.U, b.U)
	require.Equal(t, a.V, b.V)
	c, _, err := Train(ctx, in, Config{Workers: 1, Epochs: 3, Seed: 10})
	require.NoError(t, err)
	require.NotEqual(t, a.V, c.V)
}

func TestMultiWorker(t *testing.T) {
	if raceEnabled {
		t.Skip("Hogwild updates race by design")
	}
	in, test, _ := synthInput(t, 6)
	ctx := context.Background()
	m, _, err := Train(ctx, in, Config{Workers: 2, Epochs: 20, Seed: 2})
	require.NoError(t, err)
	rep, err := eval.Evaluate(ctx, m, test, eval.Options{})
	require.NoError(t, err)
	require.Greater(t, rep.NDCG[10], 0.0)
}

func TestInvalidInput(t *testing.T) {
	ctx := context.Background()
	for name, c := range map[string]struct {
		in  Input
		cfg Config
	}{
		"rows != users": {Input{NumUsers: 2, NumItems: 5, Train: [][]int32{{1}}}, Config{}},
		"item range":    {Input{NumUsers: 1, NumItems: 5, Train: [][]int32{{7}}}, Config{}},
		"empty":         {Input{NumUsers: 1, NumItems: 5, Train: [][]int32{{}}}, Config{}},
		"bad dim":       {Input{NumUsers: 1, NumItems: 5, Train: [][]int32{{1}}}, Config{Dim: -3}},
		"bad lr":        {Input{NumUsers: 1, NumItems: 5, Train: [][]int32{{1}}}, Config{LearningRate: -1}},
		"bad lr decay":  {Input{NumUsers: 1, NumItems: 5, Train: [][]int32{{1}}}, Config{LRDecay: 1}},
		"bad sampling":  {Input{NumUsers: 1, NumItems: 5, Train: [][]int32{{1}}}, Config{Sampling: "items"}},
	} {
		_, _, err := Train(ctx, c.in, c.cfg)
		require.Error(t, err, name)
	}
}

func TestCancel(t *testing.T) {
	in, _, _ := synthInput(t, 7)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := Train(ctx, in, Config{Workers: 1})
	require.ErrorIs(t, err, context.Canceled)
}
