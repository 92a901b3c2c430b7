package ann

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestBuildDeterministic checks that the graph depends on the seed but not on Workers.
func TestBuildDeterministic(t *testing.T) {
	data := clustered(3000, 16, 20, 5)
	vecs := F32Vectors(data, 16)
	graph := func(seed uint64, workers int) []byte {
		h, err := Build(context.Background(), vecs, L2, Config{M: 8, EfConstruction: 60, Seed: seed, Workers: workers})
		require.NoError(t, err)
		return h.MarshalGraph()
	}
	one := graph(7, 1)
	require.Equal(t, one, graph(7, 1), "same seed, same workers")
	require.Equal(t, one, graph(7, 3), "same seed, more workers")
	require.Equal(t, one, graph(7, 8), "same seed, many workers")
	require.NotEqual(t, one, graph(8, 1), "another seed")
}

func TestBuildEdgeSizes(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 17, 100} {
		data := clustered(n, 8, 3, uint64(n))
		h, err := Build(context.Background(), F32Vectors(data, 8), InnerProduct, Config{M: 4})
		require.NoError(t, err)
		require.Equal(t, n, h.Len())
		q := clustered(1, 8, 3, 99)
		res, err := h.Search(q, SearchOptions{K: 5, Ef: 200})
		require.NoError(t, err)
		require.Len(t, res, min(5, n), "n=%d: a full beam finds every row of a tiny graph", n)
		h2, err := LoadGraph(F32Vectors(data, 8), InnerProduct, h.MarshalGraph())
		require.NoError(t, err)
		res2, err := h2.Search(q, SearchOptions{K: 5, Ef: 200})
		require.NoError(t, err)
		require.Equal(t, res, res2)
	}
}

func TestBuildCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Build(ctx, F32Vectors(clustered(500, 8, 3, 1), 8), L2, Config{})
	require.ErrorIs(t, err, context.Canceled)
}

func TestBuildRejectsBadInput(t *testing.T) {
	ctx := context.Background()
	_, err := Build(ctx, Vectors{N: 10, Dim: 4, F32: make([]float32, 39)}, L2, Config{})
	require.ErrorIs(t, err, ErrVectors)
	_, err = Build(ctx, Vectors{N: 2, Dim: 2, Storage: Int8, I8: make([]int8, 4), Scale: []float32{1}}, L2, Config{})
	require.ErrorIs(t, err, ErrVectors)
	_, err = Build(ctx, F32Vectors(make([]float32, 8), 4), Metric(9), Config{})
	require.ErrorIs(t, err, ErrMetric)
	require.Panics(t, func() { _, _ = Build(ctx, F32Vectors(make([]float32, 8), 4), L2, Config{M: 1}) })
	require.Panics(t, func() { _, _ = Build(ctx, F32Vectors(make([]float32, 8), 4), L2, Config{Workers: -1}) })
}

func TestSearchRejectsBadRequests(t *testing.T) {
	h := fixtureGraph()
	f := fixture()
	q := f.queries[:f.dim]
	_, err := h.Search(q[:3], SearchOptions{})
	require.ErrorIs(t, err, ErrQuery)
	_, err = h.Search(q, SearchOptions{K: -1})
	require.ErrorIs(t, err, ErrOptions)
	_, err = h.Search(q, SearchOptions{FilterPlan: 7})
	require.ErrorIs(t, err, ErrOptions)
	other := F32Vectors(make([]float32, 10*f.dim), f.dim)
	_, err = h.Search(q, SearchOptions{Fine: &other})
	require.ErrorIs(t, err, ErrOptions)
	bad := Vectors{N: f.n, Dim: f.dim}
	_, err = h.Search(q, SearchOptions{Fine: &bad})
	require.True(t, errors.Is(err, ErrVectors))
	_, err = h.WithVectors(other)
	require.ErrorIs(t, err, ErrGraphMismatch)
}

func TestNewPicksExactForSmallSets(t *testing.T) {
	ctx := context.Background()
	small := F32Vectors(clustered(100, 8, 3, 1), 8)
	idx, err := New(ctx, small, L2, Config{})
	require.NoError(t, err)
	require.IsType(t, &Exact{}, idx)
	idx, err = New(ctx, small, L2, Config{ExactBelow: -1})
	require.NoError(t, err)
	require.IsType(t, &HNSW{}, idx)
	require.Equal(t, 100, idx.Len())
}
