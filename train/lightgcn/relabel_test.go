package lightgcn

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// The relabelling is a permutation that keeps users among users and items among items, and the graph the
// trainer builds in its numbering is the caller's graph with its rows and columns permuted.
func TestRelabelPermutesTheGraph(t *testing.T) {
	users, items := 23, 17
	train := randomGraph(users, items, 12)
	orig, err := NewAdjacency(users, items, train)
	require.NoError(t, err)
	rl := newRelabel(orig)
	require.NotEqual(t, identityRelabel(orig).toInt, rl.toInt, "this graph is reordered, so the tests exercise the relabelling")
	for n := range orig.Nodes() {
		require.Equal(t, int32(n), rl.toOrig[rl.toInt[n]])
		require.Equal(t, n < users, int(rl.toInt[n]) < users, "node %d stays on its side", n)
	}
	in, err := NewAdjacency(users, items, rl.train(train))
	require.NoError(t, err)
	dense, got := denseAdjacency(users, items, train), denseAdjacency(users, items, rl.train(train))
	for r := range dense {
		for c := range dense {
			require.Equal(t, dense[r][c], got[rl.toInt[r]][rl.toInt[c]], "(%d,%d)", r, c)
		}
	}
	require.Equal(t, orig.NNZ(), in.NNZ())

	tab := randomMatrix(orig.Nodes()*3, 1)
	require.Equal(t, tab, rl.toOriginal(rl.toInternal(tab, 3), 3))
}

// Training with the relabelling gives the model training without it gives, to float rounding (the
// summation order within a row changes), in the caller's numbering.
func TestRelabelDoesNotChangeTheModel(t *testing.T) {
	in, _, _ := synthInput(t, 7)
	in.Valid = nil
	cfg := Config{Dim: 8, Epochs: 2, BatchSize: 64, Seed: 3, Workers: 2}
	with, _, err := Train(context.Background(), in, cfg)
	require.NoError(t, err)
	relabelNodes = false
	defer func() { relabelNodes = true }()
	without, _, err := Train(context.Background(), in, cfg)
	require.NoError(t, err)
	var maxDiff, scale float64
	for k := range with.U {
		maxDiff = math.Max(maxDiff, math.Abs(float64(with.U[k]-without.U[k])))
		scale = math.Max(scale, math.Abs(float64(without.U[k])))
	}
	for k := range with.V {
		maxDiff = math.Max(maxDiff, math.Abs(float64(with.V[k]-without.V[k])))
	}
	require.Less(t, maxDiff, 1e-4*scale, "max |with − without| %g (largest value %g)", maxDiff, scale)
	require.NotEqual(t, with.U, without.U, "the summation order did change: the two runs are not the same code path")
}
