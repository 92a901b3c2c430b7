package eval_test

import (
	"context"
	"math"
	"testing"

	"github.com/corerec/corerec/eval"
	"github.com/stretchr/testify/require"
)

var nan = float32(math.NaN())

// table is a Scorer with a fixed score row per user.
func table(rows ...[]float32) eval.Scorer {
	return eval.ScorerFunc(len(rows[0]), func(u int32, out []float32) { copy(out, rows[u]) })
}

func l2(x float64) float64 { return 1 / math.Log2(x) } // gain at 1-based rank x-1

func TestEvaluateHandComputed(t *testing.T) {
	s := table(
		[]float32{0.9, 0.1, 0.5, 0.7, 0.3, 0.2},
		[]float32{1, 1, 1, 1, 1, 1},
		[]float32{nan, 0.2, nan, float32(math.Inf(-1)), 0.1, 0.3},
		[]float32{0.6, 0.5, 0.4, 0.3, 0.2, 0.1},
	)
	tests := []struct {
		name             string
		c                eval.Case
		hr, ndcg, recall [2]float64 // @1, @3
		mrr              float64
	}{
		// Ranking 3 2 4 5 1 (0 masked): target at rank 1.
		{"masked", eval.Case{User: 0, Seen: []int32{0}, Targets: []int32{2}}, [2]float64{0, 1}, [2]float64{0, l2(3)}, [2]float64{0, 1}, 1.0 / 2},
		// Without the mask item 0 ranks first: target at rank 2.
		{"unmasked", eval.Case{User: 0, Targets: []int32{2}}, [2]float64{0, 1}, [2]float64{0, l2(4)}, [2]float64{0, 1}, 1.0 / 3},
		// All tied: index order 0 2 3 4 5 (1 masked): target 4 at rank 3.
		{"ties", eval.Case{User: 1, Seen: []int32{1}, Targets: []int32{4}}, [2]float64{}, [2]float64{}, [2]float64{}, 1.0 / 4},
		// Ranking 5 1 4 3 0 2: NaN last, NaNs by index.
		{"nan", eval.Case{User: 2, Targets: []int32{0}}, [2]float64{}, [2]float64{}, [2]float64{}, 1.0 / 5},
		{"nan-last", eval.Case{User: 2, Targets: []int32{2}}, [2]float64{}, [2]float64{}, [2]float64{}, 1.0 / 6},
		{"-inf", eval.Case{User: 2, Targets: []int32{3}}, [2]float64{}, [2]float64{}, [2]float64{}, 1.0 / 4},
		// Ranking 1 2 3 4 5 (0 masked), targets {1,2,5} at ranks 0, 1, 4.
		{"multi", eval.Case{User: 3, Seen: []int32{0}, Targets: []int32{2, 5, 1}},
			[2]float64{1, 1}, [2]float64{1, (1 + l2(3)) / (1 + l2(3) + l2(4))}, [2]float64{1.0 / 3, 2.0 / 3}, 1},
		// A repeated target counts once; a target also in Seen is not masked.
		{"repeat+seen", eval.Case{User: 3, Seen: []int32{0, 1}, Targets: []int32{1, 1}},
			[2]float64{1, 1}, [2]float64{1, 1}, [2]float64{1, 1}, 1},
		// Two targets, K=1: IDCG over min(K, |targets|) = 1 hit.
		{"multi-miss", eval.Case{User: 3, Targets: []int32{1, 4}},
			[2]float64{0, 1}, [2]float64{0, l2(3) / (1 + l2(3))}, [2]float64{0, 0.5}, 1.0 / 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := eval.Evaluate(context.Background(), s, []eval.Case{tc.c}, eval.Options{Ks: []int{3, 1}})
			require.NoError(t, err)
			require.Equal(t, 1, r.Users)
			require.Equal(t, 3, r.MaxK)
			for j, k := range []int{1, 3} {
				require.InDelta(t, tc.hr[j], r.HR[k], 1e-12, "HR@%d", k)
				require.InDelta(t, tc.ndcg[j], r.NDCG[k], 1e-12, "NDCG@%d", k)
				require.InDelta(t, tc.recall[j], r.Recall[k], 1e-12, "Recall@%d", k)
			}
			require.InDelta(t, tc.mrr, r.MRR, 1e-12)
		})
	}
}

func TestEvaluateAverageAndCoverage(t *testing.T) {
	s := table(
		[]float32{0.9, 0.1, 0.5, 0.7, 0.3, 0.2},
		[]float32{0, 0, 0, 0, 0, 1},
	)
	cases := []eval.Case{
		{User: 0, Seen: []int32{0}, Targets: []int32{3}}, // top-2: 3 2, hit at rank 0
		{User: 1, Targets: []int32{4}},                   // top-2: 5 0, target at rank 5
	}
	r, err := eval.Evaluate(context.Background(), s, cases, eval.Options{Ks: []int{1, 2}})
	require.NoError(t, err)
	require.Equal(t, 0.5, r.HR[1])
	require.Equal(t, 0.5, r.HR[2])
	require.InDelta(t, (1+1.0/6)/2, r.MRR, 1e-12)   // ranks 0 and 5
	require.InDelta(t, 2.0/6, r.Coverage[1], 1e-12) // {3, 5}
	require.InDelta(t, 4.0/6, r.Coverage[2], 1e-12) // {3, 2, 5, 0}
	j := r.JSON()
	require.Equal(t, map[string]float64{
		"users": 2, "mrr": r.MRR,
		"hr@1": 0.5, "ndcg@1": 0.5, "recall@1": 0.5, "coverage@1": r.Coverage[1],
		"hr@2": 0.5, "ndcg@2": 0.5, "recall@2": 0.5, "coverage@2": r.Coverage[2],
		// two cases a and b: standard error |a-b|/2
		"hr@1_se": 0.5, "ndcg@1_se": 0.5, "recall@1_se": 0.5,
		"hr@2_se": 0.5, "ndcg@2_se": 0.5, "recall@2_se": 0.5, "mrr_se": r.MRRSE,
	}, j)
	require.InDelta(t, (1-1.0/6)/2, r.MRRSE, 1e-12)
}

func TestEvaluateErrors(t *testing.T) {
	s := table([]float32{1, 2, 3})
	ctx := context.Background()
	for name, c := range map[string]eval.Case{
		"no targets":       {User: 0},
		"target too large": {Targets: []int32{3}},
		"negative seen":    {Targets: []int32{1}, Seen: []int32{-1}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := eval.Evaluate(ctx, s, []eval.Case{c}, eval.Options{})
			require.ErrorIs(t, err, eval.ErrInvalidCase)
			_, err = eval.FromLists(nil, []eval.Case{c}, 3, eval.Options{})
			require.ErrorIs(t, err, eval.ErrInvalidCase)
		})
	}
	_, err := eval.Evaluate(ctx, eval.ScorerFunc(0, nil), nil, eval.Options{})
	require.ErrorIs(t, err, eval.ErrEmptyCatalog)
	require.Panics(t, func() { _, _ = eval.Evaluate(ctx, s, nil, eval.Options{Ks: []int{0}}) })

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = eval.Evaluate(cancelled, s, []eval.Case{{Targets: []int32{1}}}, eval.Options{})
	require.ErrorIs(t, err, context.Canceled)
}

func TestEvaluateNoCases(t *testing.T) {
	r, err := eval.Evaluate(context.Background(), table([]float32{1}), nil, eval.Options{})
	require.NoError(t, err)
	require.Equal(t, 0, r.Users)
	require.Equal(t, 0.0, r.HR[10])
}
