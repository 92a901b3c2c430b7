package lightgcn

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/dataset/synth"
	"github.com/corerec/corerec/eval"
	"github.com/corerec/corerec/internal/cputime"
	"github.com/corerec/corerec/train/nn"
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
	for _, s := range []string{nn.SamplePairs, nn.SampleUsers} {
		t.Run("sampling="+s, func(t *testing.T) { trainBeatsPopularity(t, s) })
	}
}

func trainBeatsPopularity(t *testing.T, sampling string) {
	in, test, split := synthInput(t, 3)
	ctx := context.Background()
	m, hist, err := Train(ctx, in, Config{Dim: 32, Epochs: 30, LearningRate: 0.01, BatchSize: 512, Workers: 2, Seed: 7, Sampling: sampling})
	require.NoError(t, err)
	got, err := eval.Evaluate(ctx, m, test, eval.Options{})
	require.NoError(t, err)
	pop, err := eval.Evaluate(ctx, eval.Popularity(split), test, eval.Options{})
	require.NoError(t, err)
	t.Logf("lightgcn ndcg@10 %.4f hr@10 %.4f; popularity %.4f %.4f; %d epochs", got.NDCG[10], got.HR[10], pop.NDCG[10], pop.HR[10], len(hist))
	require.Greater(t, got.NDCG[10], 1.5*pop.NDCG[10])
	require.Less(t, hist[len(hist)-1].Loss, hist[0].Loss, "training lowers the BPR loss")
	requireCPURecorded(t, hist)
}

// requireCPURecorded checks the epochs' CPU times: never negative, and (where the platform has a CPU clock)
// adding up to some CPU time over the run.
func requireCPURecorded(t *testing.T, hist []Epoch) {
	var sum float64
	for _, e := range hist {
		require.GreaterOrEqual(t, e.CPUSeconds, 0.0, "epoch %d", e.Epoch)
		sum += e.CPUSeconds
	}
	if cputime.Available() {
		require.Positive(t, sum, "CPU time of %d epochs", len(hist))
	}
}

// The returned model is the best validation epoch's, not the last one's.
func TestReturnsBestEpoch(t *testing.T) {
	in, _, _ := synthInput(t, 4)
	ctx := context.Background()
	m, hist, err := Train(ctx, in, Config{Dim: 16, Epochs: 8, LearningRate: 0.05, BatchSize: 256, Patience: 2, Workers: 2})
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

// With LRDecay each evaluation that does not improve multiplies the learning rate of the epochs after it.
func TestLRDecayOnPlateau(t *testing.T) {
	in, _, _ := synthInput(t, 4)
	_, hist, err := Train(context.Background(), in, Config{Dim: 16, Epochs: 10, LearningRate: 0.05, LRDecay: 0.5,
		BatchSize: 256, Patience: 10, Workers: 2})
	require.NoError(t, err)
	lr, best, plateaus := float32(0.05), -1.0, 0
	for _, e := range hist {
		require.Equal(t, lr, e.LR, "epoch %d", e.Epoch)
		if e.NDCG10 > best {
			best = e.NDCG10
		} else {
			lr *= 0.5
			plateaus++
		}
	}
	require.Positive(t, plateaus, "lr 0.05 for 10 epochs must plateau on the synthetic data")
}

// Every output row is computed by one goroutine in a fixed order and the Adam shards are disjoint, so the
// worker count does not change the result.
func TestWorkersDoNotChangeResult(t *testing.T) {
	in, _, _ := synthInput(t, 5)
	in.Valid = nil
	cfg := Config{Dim: 8, Epochs: 2, BatchSize: 128, Seed: 3}
	var models []*Model
	for _, w := range []int{1, 3} {
		cfg.Workers = w
		m, _, err := Train(context.Background(), in, cfg)
		require.NoError(t, err)
		models = append(models, m)
	}
	require.Equal(t, models[0].U, models[1].U)
	require.Equal(t, models[0].V, models[1].V)
}

func TestTrainStops(t *testing.T) {
	in, _, _ := synthInput(t, 6)
	t.Run("max_seconds", func(t *testing.T) {
		_, hist, err := Train(context.Background(), in, Config{Dim: 8, Epochs: 50, MaxSeconds: 1e-9, Workers: 1})
		require.NoError(t, err)
		require.Len(t, hist, 1, "the time limit stops after the first epoch")
		require.True(t, hist[0].Best, "and that epoch is evaluated")
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, _, err := Train(ctx, in, Config{Dim: 8, Epochs: 5, Workers: 1})
		require.ErrorIs(t, err, context.Canceled)
	})
}

func TestConfigValidation(t *testing.T) {
	in, _, _ := synthInput(t, 7)
	for name, cfg := range map[string]Config{
		"dim":         {Dim: -1},
		"layers":      {Layers: 17},
		"lr":          {LearningRate: -1},
		"max_seconds": {MaxSeconds: -1},
		"batch":       {BatchSize: -5},
		"lr_decay":    {LRDecay: 1.5},
		"sampling":    {Sampling: "items"},
		"init":        {Init: "kaiming"},
		"test_every":  {TestEvery: -1},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := Train(context.Background(), in, cfg)
			require.ErrorContains(t, err, "lightgcn: ")
		})
	}
	_, _, err := Train(context.Background(), Input{NumUsers: 2, NumItems: 1, Train: [][]int32{{0}, {0}}}, Config{})
	require.ErrorIs(t, err, ErrBadInput)
}

// Xavier initialisation draws each table (users, items) from its own Glorot-uniform range, as the paper's
// TensorFlow code does; normal draws every value from N(0, InitStd²).
func TestInitialTable(t *testing.T) {
	const users, items, dim = 500, 3000, 16
	in := Input{NumUsers: users, NumItems: items, Train: randomGraph(users, items, 3)}
	moments := func(x []float32) (maxAbs, variance float64) {
		var s, s2 float64
		for _, v := range x {
			maxAbs = max(maxAbs, math.Abs(float64(v)))
			s, s2 = s+float64(v), s2+float64(v)*float64(v)
		}
		n := float64(len(x))
		return maxAbs, s2/n - (s/n)*(s/n)
	}
	tr, err := newTrainer(in, Config{Dim: dim, Init: InitXavier, InitStd: 5}.WithDefaults())
	require.NoError(t, err)
	ego := tr.origEgo()
	for name, tc := range map[string]struct {
		table []float32
		rows  int
	}{"users": {ego[:users*dim], users}, "items": {ego[users*dim:], items}} {
		limit := math.Sqrt(6 / float64(tc.rows+dim))
		maxAbs, variance := moments(tc.table)
		require.LessOrEqual(t, maxAbs, limit, name)
		require.Greater(t, maxAbs, 0.99*limit, name)                          // uniform: the range is filled
		require.InDelta(t, limit*limit/3, variance, 0.05*limit*limit/3, name) // U(±a) has variance a²/3
	}
	tr, err = newTrainer(in, Config{Dim: dim, InitStd: 0.2}.WithDefaults())
	require.NoError(t, err)
	_, variance := moments(tr.origEgo())
	require.InDelta(t, 0.04, variance, 0.002)
}

// TestEvery scores the test cases on schedule and after the last epoch, and the scores change nothing: the
// returned model and every other field of the history equal a run without them, and each recorded score is
// the score of the model of that epoch.
func TestTestCurveIsRecordOnly(t *testing.T) {
	in, test, _ := synthInput(t, 10)
	in.Valid = nil
	ctx := context.Background()
	cfg := Config{Dim: 8, Epochs: 5, LearningRate: 0.02, BatchSize: 256, Workers: 2, Seed: 4}
	plain, plainHist, err := Train(ctx, in, cfg)
	require.NoError(t, err)

	in.Test, cfg.TestEvery = test, 2
	m, hist, err := Train(ctx, in, cfg)
	require.NoError(t, err)
	require.Equal(t, plain.U, m.U)
	require.Equal(t, plain.V, m.V)
	var tested []int
	for k, e := range hist {
		if e.Tested {
			tested = append(tested, e.Epoch)
			require.Positive(t, e.Recall20, "epoch %d", e.Epoch)
		}
		e.Tested, e.Recall20, e.NDCG20 = false, 0, 0
		require.Equal(t, withoutSeconds(plainHist)[k], withoutSeconds([]Epoch{e})[0])
	}
	require.Equal(t, []int{2, 4, 5}, tested, "every 2nd epoch and the last")

	// The last epoch's scores are those of the returned model (the last one: no validation).
	rep, err := eval.Evaluate(ctx, m, test, eval.Options{Ks: []int{20}})
	require.NoError(t, err)
	last := hist[len(hist)-1]
	require.InDelta(t, rep.Recall[20], last.Recall20, 1e-12)
	require.InDelta(t, rep.NDCG[20], last.NDCG20, 1e-12)

	// An earlier scored epoch's figures are its model's: a 2-epoch run without TestEvery scores the same.
	in.Test, cfg.TestEvery, cfg.Epochs = nil, 0, 2
	two, _, err := Train(ctx, in, cfg)
	require.NoError(t, err)
	rep, err = eval.Evaluate(ctx, two, test, eval.Options{Ks: []int{20}})
	require.NoError(t, err)
	require.InDelta(t, rep.Recall[20], hist[1].Recall20, 1e-12)
	require.InDelta(t, rep.NDCG[20], hist[1].NDCG20, 1e-12)

	// With validation in the same epochs (one propagation serves both), early stopping and the returned best
	// epoch are those of the run without test scores.
	valid, _, _ := synthInput(t, 10)
	in.Valid, cfg.Epochs, cfg.Patience = valid.Valid, 5, 2
	plain, plainHist, err = Train(ctx, in, cfg)
	require.NoError(t, err)
	in.Test, cfg.TestEvery = test, 1
	m, hist, err = Train(ctx, in, cfg)
	require.NoError(t, err)
	require.Equal(t, plain.U, m.U)
	require.Len(t, hist, len(plainHist))
	for k, e := range hist {
		require.True(t, e.Tested, "epoch %d", e.Epoch)
		e.Tested, e.Recall20, e.NDCG20 = false, 0, 0
		require.Equal(t, withoutSeconds(plainHist)[k], withoutSeconds([]Epoch{e})[0])
	}
}
