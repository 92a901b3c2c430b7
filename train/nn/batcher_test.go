package nn_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/train/nn"
)

func epoch(b *nn.Batcher) [][]int32 {
	var out [][]int32
	for b.Next() {
		out = append(out, slices.Clone(b.Batch()))
	}
	return out
}

func TestBatcher(t *testing.T) {
	b := nn.NewBatcher(10, nn.BatcherConfig{BatchSize: 4, Seed: 7})
	require.Equal(t, 3, b.Batches())
	e0 := epoch(b)
	require.Len(t, e0, 3)
	require.Len(t, e0[2], 2)
	all := slices.Concat(e0...)
	slices.Sort(all)
	require.Equal(t, []int32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, all, "each example once per epoch")
	require.Equal(t, 1, b.Epoch())
	e1 := epoch(b)
	require.NotEqual(t, e0, e1, "reshuffled each epoch")

	again := nn.NewBatcher(10, nn.BatcherConfig{BatchSize: 4, Seed: 7})
	require.Equal(t, e0, epoch(again), "same seed, same order")
	require.Equal(t, e1, epoch(again))
	other := nn.NewBatcher(10, nn.BatcherConfig{BatchSize: 4, Seed: 8})
	require.NotEqual(t, e0, epoch(other))
}

func TestBatcherOptions(t *testing.T) {
	b := nn.NewBatcher(10, nn.BatcherConfig{BatchSize: 4, DropLast: true, NoShuffle: true})
	require.Equal(t, 2, b.Batches())
	require.Equal(t, [][]int32{{0, 1, 2, 3}, {4, 5, 6, 7}}, epoch(b))
	require.Empty(t, epoch(nn.NewBatcher(0, nn.BatcherConfig{})))
	require.Equal(t, 1024, len(epoch(nn.NewBatcher(5000, nn.BatcherConfig{}))[0]), "default batch size")
}
