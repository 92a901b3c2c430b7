package twotower

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDefaults(t *testing.T) {
	c := Config{}.WithDefaults()
	require.NoError(t, c.validate())
	require.Equal(t, 64, c.Dim)
	require.Equal(t, LossInBatch, c.Loss)
	require.Equal(t, float32(0.05), c.Temperature)
	require.Equal(t, float32(1), c.LogQ)
	require.Equal(t, 64, c.User.IDDim)
	require.Equal(t, "relu", c.Item.Activation)
	require.Equal(t, 1024, c.BatchSize)

	s := Config{Loss: LossSampled, NoNormalize: true, LogQ: -1, Optimizer: OptSGD}.WithDefaults()
	require.Equal(t, 1024, s.Negatives)
	require.Equal(t, float32(0.75), s.SamplerAlpha)
	require.Equal(t, float32(1), s.Temperature)
	require.Zero(t, s.LogQ)
	require.Equal(t, float32(0.05), s.LearningRate)
	b := Config{Loss: LossBPR, SamplerAlpha: -2}.WithDefaults()
	require.Equal(t, 16, b.Negatives)
	require.Zero(t, b.SamplerAlpha)
}

func TestConfigJSON(t *testing.T) {
	var c Config
	dec := json.NewDecoder(strings.NewReader(`{"dim":32,"user":{"hidden":[64],"id_dropout":0.2},"loss":"bce","batch":512,"lr":0.01}`))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&c))
	require.Equal(t, []int{64}, c.User.Hidden)
	require.Equal(t, float32(0.2), c.User.IDDropout)
	require.Equal(t, 512, c.BatchSize)
}

func TestInvalidConfig(t *testing.T) {
	for name, c := range map[string]Config{
		"dim":        {Dim: -1},
		"loss":       {Loss: "hinge"},
		"optimizer":  {Optimizer: "lbfgs"},
		"tau":        {Temperature: -1},
		"batch":      {BatchSize: 1},
		"hidden":     {User: TowerConfig{Hidden: []int{0}}},
		"activation": {Item: TowerConfig{Activation: "swish"}},
		"dropout":    {User: TowerConfig{IDDropout: 1.5}},
		"negatives":  {Negatives: -3},
		"lr_decay":   {LRDecay: 1},
	} {
		require.Error(t, c.WithDefaults().validate(), name)
	}
}

func TestInvalidInput(t *testing.T) {
	ctx := context.Background()
	f, err := NewFeatures([][]float32{{1}, {2}})
	require.NoError(t, err)
	for name, in := range map[string]Input{
		"rows != users":   {NumUsers: 2, NumItems: 5, Train: [][]int32{{1}}},
		"item range":      {NumUsers: 1, NumItems: 5, Train: [][]int32{{7}}},
		"empty":           {NumUsers: 1, NumItems: 5, Train: [][]int32{{}}},
		"feature rows":    {NumUsers: 1, NumItems: 5, Train: [][]int32{{1}}, UserFeatures: f},
		"one item":        {NumUsers: 1, NumItems: 1, Train: [][]int32{{0}}},
		"no users at all": {NumItems: 3},
	} {
		_, _, err := Train(ctx, in, Config{Epochs: 1})
		require.Error(t, err, name)
	}
	_, _, err = Train(ctx, Input{NumUsers: 1, NumItems: 3, Train: [][]int32{{1}}}, Config{User: TowerConfig{NoID: true}})
	require.ErrorIs(t, err, ErrInput)
}

func TestCancel(t *testing.T) {
	in, _, _ := synthInput(t, 9)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := Train(ctx, in, Config{Workers: 1})
	require.ErrorIs(t, err, context.Canceled)
}

// The returned model is the best validation epoch's, and the curve draws every epoch.
func TestBestEpochAndCurve(t *testing.T) {
	in, _, _ := synthInput(t, 4)
	ctx := context.Background()
	m, hist, err := Train(ctx, in, Config{Workers: 1, Epochs: 6, Patience: 2, BatchSize: 256, LearningRate: 0.02, Seed: 3})
	require.NoError(t, err)
	best := -1.0
	for _, e := range hist {
		require.True(t, e.Evaluated)
		require.Positive(t, e.ExamplesPerSec)
		if e.Best {
			best = e.NDCG10
		}
	}
	got, err := evalNDCG10(ctx, m, in)
	require.NoError(t, err)
	require.InDelta(t, best, got, 1e-9)

	var buf bytes.Buffer
	require.NoError(t, WriteCurve(&buf, hist))
	img, err := png.Decode(&buf)
	require.NoError(t, err)
	require.Equal(t, 800, img.Bounds().Dx())
	require.Equal(t, 800, img.Bounds().Dy())
	hist[0].Evaluated, hist[1].Evaluated = false, false
	buf.Reset()
	require.NoError(t, WriteCurve(&buf, hist[:2]))
	img, err = png.Decode(&buf)
	require.NoError(t, err)
	require.Equal(t, 400, img.Bounds().Dy(), "no validation chart without evaluations")
	loss, ndcg := Charts(hist)
	require.Len(t, loss.Series[0].Y, len(hist))
	require.Len(t, ndcg.Series[0].X, len(hist)-2)
}

func TestLRDecayOnPlateau(t *testing.T) {
	in, _, _ := synthInput(t, 4)
	for _, decay := range []float32{0, 0.5} {
		_, hist, err := Train(context.Background(), in, Config{Workers: 1, Epochs: 12, Patience: 12, BatchSize: 256,
			LearningRate: 0.05, LRDecay: decay, Seed: 3})
		require.NoError(t, err)
		lr, best, plateaus := float32(0.05), -1.0, 0
		for _, e := range hist {
			require.Equal(t, lr, e.LR, "epoch %d, decay %g", e.Epoch, decay)
			if e.NDCG10 > best {
				best = e.NDCG10
			} else if decay > 0 {
				lr *= decay
				plateaus++
			}
		}
		if decay > 0 {
			require.Positive(t, plateaus, "lr 0.05 for 12 epochs must plateau on the synthetic data")
		}
	}
}

func TestReproducible(t *testing.T) {
	in, _, _ := synthInput(t, 5)
	in.Valid = nil
	ctx := context.Background()
	cfg := Config{Workers: 2, Epochs: 2, BatchSize: 128, Seed: 9, User: TowerConfig{IDDropout: 0.2}}
	a, _, err := Train(ctx, in, cfg)
	require.NoError(t, err)
	b, _, err := Train(ctx, in, cfg)
	require.NoError(t, err)
	require.Equal(t, a.Items, b.Items)
	require.Equal(t, a.Users, b.Users)
	cfg.Seed = 10
	c, _, err := Train(ctx, in, cfg)
	require.NoError(t, err)
	require.NotEqual(t, a.Items, c.Items)
}

// The learned temperature moves and stays within its bounds.
func TestLearnedTemperature(t *testing.T) {
	in, _, _ := synthInput(t, 6)
	in.Valid = nil
	m, hist, err := Train(context.Background(), in, Config{Workers: 1, Epochs: 3, BatchSize: 128, LearningRate: 0.01, LearnTemperature: true, Temperature: 0.2})
	require.NoError(t, err)
	require.NotEqual(t, float32(0.2), m.Temperature())
	require.Equal(t, m.Temperature(), hist[len(hist)-1].Temperature)
	require.True(t, m.Temperature() >= 0.01 && m.Temperature() <= 2)
}

// Identity towers are matrix factorisation: the outputs are the (normalised) embedding rows.
func TestIdentityTowers(t *testing.T) {
	in, _, _ := synthInput(t, 8)
	in.Valid = nil
	id := TowerConfig{Identity: true, Hidden: []int{99}}
	m, _, err := Train(context.Background(), in, Config{Dim: 8, Workers: 1, Epochs: 1, BatchSize: 128, User: id, Item: id, NoNormalize: true})
	require.NoError(t, err)
	require.Empty(t, m.user.layers)
	require.Equal(t, 8, m.user.emb.Cols)
	require.Equal(t, m.item.emb.Data[:len(m.Items)], m.Items)

	rows := make([][]float32, in.NumUsers)
	for u := range rows {
		rows[u] = []float32{float32(u)}
	}
	in.UserFeatures, err = NewFeatures(rows)
	require.NoError(t, err)
	_, _, err = Train(context.Background(), in, Config{Epochs: 1, User: id})
	require.ErrorIs(t, err, ErrInput)
}
