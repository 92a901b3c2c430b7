package rank

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/runtime"
)

func TestFunnel(t *testing.T) {
	d := synthData(4, 10, 50, 1)
	spec := d.Spec()
	spec.Model, spec.EmbedDim, spec.Cross.Layers, spec.Deep = runtime.RankDCN, 4, 1, []int{8}
	m, err := NewModel(spec, 1)
	require.NoError(t, err)
	// user 0: the pool is the target alone (rank 0, a hit); user 1: the pool lacks the target
	// (a miss); user 2: no target (not counted); user 3: every item in the pool, k = 10 (a hit).
	pools := [][]int32{{3}, {1, 2}, {4}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}}
	r, err := Funnel(m, d, pools, []int32{3, 7, -1, 5}, FunnelConfig{})
	require.NoError(t, err)
	require.Equal(t, 3, r.Users)
	require.InDelta(t, 2.0/3, r.HR, 1e-12)
	require.Greater(t, r.NDCG, 1.0/3)
	require.LessOrEqual(t, r.NDCG, r.HR)

	// A blend with a huge weight on the pool order is the pool order.
	b, err := Funnel(m, d, pools, []int32{3, 7, -1, 5}, FunnelConfig{K: 5, Blend: 1e6})
	require.NoError(t, err)
	require.Equal(t, PoolOrder(pools, []int32{3, 7, -1, 5}, 5), b)

	o := PoolOrder(pools, []int32{3, 7, -1, 5}, 10)
	require.Equal(t, 3, o.Users)
	require.InDelta(t, 2.0/3, o.HR, 1e-12)
	require.InDelta(t, (1+1/math.Log2(7))/3, o.NDCG, 1e-12, "ranks 0 and 5")

	r, err = Funnel(m, d, pools, []int32{-1, -1, -1, -1}, FunnelConfig{})
	require.NoError(t, err)
	require.Equal(t, FunnelMetrics{K: 10}, r)
}

// smallDeepFM is a small DeepFM on synthetic data with its time split.
func smallDeepFM(t *testing.T) (*Data, Split, *Model) {
	t.Helper()
	d := synthData(8, 12, 300, 2)
	split, err := SplitByUserTime(&d.Examples, 0.2, 0.1)
	require.NoError(t, err)
	spec := d.Spec()
	spec.Model, spec.EmbedDim, spec.Deep = runtime.RankDeepFM, 4, []int{8}
	m, err := NewModel(spec, 1)
	require.NoError(t, err)
	return d, split, m
}

func TestTrainValidate(t *testing.T) {
	d, split, m := smallDeepFM(t)
	scores := []float64{0.1, 0.5, 0.2, 0.3, 0.9}
	calls := 0
	res, err := Train(context.Background(), m, d, &split, Config{Epochs: 5, BatchSize: 32, Patience: 2, Validate: func(*Model) (float64, error) {
		calls++
		return scores[calls-1], nil
	}})
	require.NoError(t, err)
	require.Equal(t, 4, calls, "stops two epochs after the best score")
	require.Equal(t, 2, res.BestEpoch)
	require.Equal(t, 4, res.Epochs)
	require.Equal(t, 0.5, res.BestScore)

	// The history: one entry per epoch with Validate's score, the best flags where the score rose, and
	// the charts draw the score (it is not the AUC).
	require.Len(t, res.History, 4)
	for k, e := range res.History {
		require.Equal(t, k+1, e.Epoch)
		require.Equal(t, scores[k], e.Score)
		require.Equal(t, k < 2, e.Best, "epoch %d", e.Epoch)
		require.Positive(t, e.Loss)
		require.Positive(t, e.Valid.N)
		require.GreaterOrEqual(t, e.CPUSeconds, 0.0)
	}
	charts := Charts(res.History)
	require.Len(t, charts, 3)
	require.Equal(t, []float64{0.1, 0.5, 0.2, 0.3}, charts[2].Series[0].Y)
	require.Len(t, charts[0].Series, 2, "training and validation loss")
}

// A cancelled context stops training before the next step with the context's error; without Validate
// the early-stopping score is the validation AUC and the score chart has no points.
func TestTrainContextAndHistory(t *testing.T) {
	d, split, m := smallDeepFM(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Train(ctx, m, d, &split, Config{Epochs: 3, BatchSize: 32})
	require.ErrorIs(t, err, context.Canceled)

	res, err := Train(context.Background(), m, d, &split, Config{Epochs: 6, BatchSize: 32, LR: 0.01, Patience: 6})
	require.NoError(t, err)
	require.Len(t, res.History, 6)
	for _, e := range res.History {
		require.Equal(t, e.Valid.AUC, e.Score)
	}
	require.Less(t, res.History[5].Loss, res.History[0].Loss, "training lowers the training BCE")
	charts := Charts(res.History)
	require.Empty(t, charts[2].Series[0].X, "no Validate score to draw")
}

func TestAddInteractionFeatures(t *testing.T) {
	d := synthData(3, 4, 0, 1)
	n := len(d.Fields)
	day := int64(86400)
	train := Examples{User: []int32{0, 0, 1}, Item: []int32{2, 3, 2}, Label: []float32{1, 1, 1},
		Time: []int64{10 * day, 12 * day, 20 * day}}
	require.NoError(t, d.AddInteractionFeatures(&train))
	require.Len(t, d.Fields, n+4)
	require.InDeltaSlice(t, []float32{float32(math.Log(3)), float32(math.Log(2)), 0}, d.Users.Dense[FieldUserActivity], 1e-6)
	require.Equal(t, []float32{12, 20, 16}, d.Users.Dense[FieldUserLastTime], "user 2 has no events: the mean")
	require.InDeltaSlice(t, []float32{0, 0, float32(math.Log(3)), float32(math.Log(2))}, d.Items.Dense[FieldItemPop], 1e-6)
	require.Equal(t, []float32{13.5, 13.5, 15, 12}, d.Items.Dense[FieldItemMeanTime])
	for _, f := range d.Fields[n:] {
		require.Equal(t, runtime.FieldDense, f.Kind)
		require.Positive(t, f.Scale)
	}
	require.Error(t, d.AddInteractionFeatures(&train), "twice")
	train.Time = nil
	require.Error(t, synthData(3, 4, 0, 1).AddInteractionFeatures(&train))
}
