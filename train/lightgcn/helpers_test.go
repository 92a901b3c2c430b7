package lightgcn

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// randomGraph returns each of users' training items: a random bipartite graph with some duplicate pairs
// and one user and one item left without edges.
func randomGraph(users, items int, seed uint64) [][]int32 {
	r := rand.New(rand.NewPCG(seed, 1))
	train := make([][]int32, users)
	for u := range users - 1 {
		for range 1 + r.IntN(4) {
			train[u] = append(train[u], int32(r.IntN(items-1)))
		}
		if u == 0 && len(train[u]) > 0 {
			train[u] = append(train[u], train[u][0]) // a duplicate
		}
	}
	return train
}

// denseAdjacency builds Â densely, in float64, from its definition.
func denseAdjacency(users, items int, train [][]int32) [][]float64 {
	n := users + items
	a := make([][]float64, n)
	for r := range a {
		a[r] = make([]float64, n)
	}
	for u, row := range train {
		for _, i := range row {
			a[u][users+int(i)], a[users+int(i)][u] = 1, 1
		}
	}
	deg := make([]float64, n)
	for r := range n {
		for _, v := range a[r] {
			deg[r] += v
		}
	}
	for r := range n {
		for c := range n {
			if a[r][c] != 0 {
				a[r][c] /= sqrt(deg[r] * deg[c])
			}
		}
	}
	return a
}

// denseMul returns a·x for x n×dim (row-major), in float64.
func denseMul(a [][]float64, x []float64, dim int) []float64 {
	out := make([]float64, len(x))
	for r := range a {
		for c, v := range a[r] {
			for d := range dim {
				out[r*dim+d] += v * x[c*dim+d]
			}
		}
	}
	return out
}

func randomMatrix(n int, seed uint64) []float32 {
	r := rand.New(rand.NewPCG(seed, 2))
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(r.NormFloat64())
	}
	return x
}

func to64(x []float32) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = float64(v)
	}
	return out
}

func requireClose(t *testing.T, want []float64, got []float32, tol float64) {
	t.Helper()
	require.Len(t, got, len(want))
	for i := range want {
		require.InDelta(t, want[i], float64(got[i]), tol, "index %d", i)
	}
}

// origEgo and origGrad are the trainer's E⁰ and dL/dE⁰ with rows in the caller's numbering (the trainer
// keeps them in its internal one).
func (t *trainer) origEgo() []float32  { return t.rl.toOriginal(t.ego, t.cfg.Dim) }
func (t *trainer) origGrad() []float32 { return t.rl.toOriginal(t.grad, t.cfg.Dim) }
