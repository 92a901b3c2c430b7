package nn_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/train/nn"
)

func TestAliasSamplerDistribution(t *testing.T) {
	weights := []float64{1, 0, 3, 6, 0.5, 9.5}
	s, err := nn.NewAliasSampler(weights)
	require.NoError(t, err)
	const draws = 200000
	counts := make([]int, len(weights))
	rng := newRand(60)
	for range draws {
		counts[s.Sample(rng)]++
	}
	for i, w := range weights {
		p := w / 20
		sd := math.Sqrt(p * (1 - p) / draws)
		require.InDelta(t, p, float64(counts[i])/draws, 5*sd+1e-9, "item %d", i)
		require.InDelta(t, math.Log(p), float64(s.LogQ(int32(i))), 1e-6, "item %d", i)
	}
	require.Zero(t, counts[1], "zero weight is never drawn")
	ids := make([]int32, 5)
	s.SampleN(rng, ids)
	q := s.LogQs(ids, make([]float32, 5))
	for i, id := range ids {
		require.Equal(t, s.LogQ(id), q[i])
	}
}

func TestAliasSamplerErrors(t *testing.T) {
	for _, w := range [][]float64{nil, {0, 0}, {1, -1}, {math.NaN()}, {math.Inf(1)}} {
		_, err := nn.NewAliasSampler(w)
		require.ErrorIs(t, err, nn.ErrBadWeights, "%v", w)
	}
}

func TestPopularityWeights(t *testing.T) {
	require.Equal(t, []float64{0, 1, 8}, nn.PopularityWeights([]int{0, 1, 4}, 1.5))
}
