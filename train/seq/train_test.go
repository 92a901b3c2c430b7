package seq

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/eval"
	"github.com/corerec/corerec/internal/cputime"
)

// cycleData makes users who walk a fixed random cycle over the items from a random start: the next item
// is a function of the current one, which a sequential model learns and a popularity model cannot.
func cycleData(users, items, minLen, maxLen int, seed uint64) [][]int32 {
	rng := rand.New(rand.NewPCG(seed, 1))
	next := rng.Perm(items)
	seqs := make([][]int32, users)
	for u := range seqs {
		n := minLen + rng.IntN(maxLen-minLen+1)
		it := rng.IntN(items)
		for range n {
			seqs[u] = append(seqs[u], int32(it))
			it = next[it]
		}
	}
	return seqs
}

// looSplit splits sequences like dataset.LeaveOneOut.
func looSplit(seqs [][]int32, items int) dataset.Split {
	s := dataset.Split{NumUsers: len(seqs), NumItems: items, Train: make([][]int32, len(seqs)),
		Valid: make([]int32, len(seqs)), Test: make([]int32, len(seqs))}
	for u, seq := range seqs {
		n := len(seq)
		s.Train[u], s.Valid[u], s.Test[u] = seq[:n-2], seq[n-2], seq[n-1]
		s.Stats.Evaluable++
	}
	return s
}

func TestTrainLearnsCycle(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		min  float64
	}{
		{"sasrec-ce", Config{Model: SASRec}, 0.9},
		{"sasrec-bce", Config{Model: SASRec, Loss: LossBCE}, 0.5},
		{"sasrec-block", Config{Model: SASRec, Block: BlockSASRec, Init: InitTorch}, 0.9},
		{"sasrec-windows-all", Config{Model: SASRec, Windows: WindowsAll}, 0.9}, // histories up to 14 > MaxLen 8
		{"bert4rec", Config{Model: BERT4Rec, Epochs: 40}, 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() && tc.name != "sasrec-ce" {
				t.Skip("long: the other losses in the full suite")
			}
			const items = 40
			split := looSplit(cycleData(150, items, 5, 14, 3), items)
			cfg := tc.cfg
			cfg.MaxLen, cfg.Dim, cfg.BatchSize, cfg.LearningRate, cfg.Workers = 8, 16, 32, 1e-2, 2
			if cfg.Epochs == 0 {
				cfg.Epochs = 15
			}
			in := Input{NumItems: items, Train: split.Train, Valid: eval.LeaveOneOutCases(split, false)}
			m, epochs, err := Train(context.Background(), in, cfg)
			require.NoError(t, err)
			require.NotEmpty(t, epochs)
			var cpu float64
			for _, e := range epochs {
				require.GreaterOrEqual(t, e.CPUSeconds, 0.0)
				cpu += e.CPUSeconds
			}
			if cputime.Available() {
				require.Positive(t, cpu, "the epochs' CPU time is recorded")
			}
			test := eval.LeaveOneOutCases(split, true)
			hist := make([][]int32, len(split.Train))
			for u := range hist {
				hist[u] = split.TrainValid(u)
			}
			rep, err := m.Evaluate(context.Background(), hist, test, eval.Options{Ks: []int{10}})
			require.NoError(t, err)
			t.Logf("%s: %d epochs, test HR@10 %.3f NDCG@10 %.3f", tc.name, len(epochs), rep.HR[10], rep.NDCG[10])
			require.Greater(t, rep.HR[10], tc.min)
		})
	}
}

func TestTrainMaxSecondsStopsAfterAnEpoch(t *testing.T) {
	const items = 20
	split := looSplit(cycleData(40, items, 5, 10, 4), items)
	in := Input{NumItems: items, Train: split.Train, Valid: eval.LeaveOneOutCases(split, false)}
	cfg := Config{MaxLen: 8, Dim: 8, BatchSize: 16, Epochs: 5, Workers: 1, MaxSeconds: 1e-9}
	m, epochs, err := Train(context.Background(), in, cfg)
	require.NoError(t, err)
	require.NotNil(t, m)
	require.Len(t, epochs, 1, "no epoch starts once the time limit has passed")
	require.True(t, epochs[0].Best, "the only evaluated epoch is the one kept")

	cfg.MaxSeconds = -1
	_, _, err = Train(context.Background(), in, cfg)
	require.ErrorContains(t, err, "max_seconds")
}

func TestWarmupRamp(t *testing.T) {
	for _, tc := range []struct {
		name   string
		warmup int
		want   []float32
	}{
		{"none", 0, []float32{0.01, 0.01, 0.01}},
		{"four", 4, []float32{0.0025, 0.005, 0.0075, 0.01, 0.01, 0.01}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := New(10, Config{MaxLen: 4, Dim: 4, LearningRate: 0.01, WarmupSteps: tc.warmup})
			require.NoError(t, err)
			tr := &trainer{m: m}
			for i, want := range tc.want {
				tr.steps = i
				require.InDelta(t, want, tr.learningRate(), 1e-9, "step %d", i)
			}
		})
	}
	_, err := New(10, Config{WarmupSteps: -1})
	require.ErrorContains(t, err, "warmup_steps")
	_, err = New(10, Config{Windows: "some"})
	require.ErrorContains(t, err, "windows")
}
