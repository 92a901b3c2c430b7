package lightgcn

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/internal/kernel"
)

func sqrt(x float64) float64 { return math.Sqrt(x) }

func TestAdjacencyIsSymmetricNormalised(t *testing.T) {
	users, items := 9, 7
	train := randomGraph(users, items, 1)
	a, err := NewAdjacency(users, items, train)
	require.NoError(t, err)
	dense := denseAdjacency(users, items, train)
	got := make([][]float64, a.Nodes())
	for r := range got {
		got[r] = make([]float64, a.Nodes())
		for k := a.RowPtr[r]; k < a.RowPtr[r+1]; k++ {
			got[r][a.Col[k]] = float64(a.Val[k])
		}
	}
	for r := range dense {
		for c := range dense {
			require.InDelta(t, dense[r][c], got[r][c], 1e-7, "(%d,%d)", r, c)
			require.Equal(t, got[r][c], got[c][r], "Â is symmetric")
		}
	}
	require.Equal(t, 0, a.Degree(users-1), "a user without items has an empty row")
	require.Equal(t, 0, a.Degree(a.Nodes()-1), "an item without users has an empty row")
}

func TestAdjacencyRejectsBadInput(t *testing.T) {
	_, err := NewAdjacency(2, 3, [][]int32{{0}, {3}})
	require.ErrorIs(t, err, ErrBadInput)
	_, err = NewAdjacency(2, 3, [][]int32{{0}})
	require.ErrorIs(t, err, ErrBadInput)
	_, err = NewAdjacency(2, 3, [][]int32{{}, {}})
	require.ErrorIs(t, err, ErrNoInteractions)
}

// mul, mulRows and mulSparse against the dense product, for every row-kernel implementation the CPU has,
// row widths that do and do not fit the AVX2 kernel's blocks, and several worker counts.
func TestMulEqualsDense(t *testing.T) {
	users, items := 23, 17
	train := randomGraph(users, items, 2)
	a, err := NewAdjacency(users, items, train)
	require.NoError(t, err)
	dense := denseAdjacency(users, items, train)
	for _, impl := range kernel.Implementations() {
		for _, dim := range []int{1, 6, 8, 64, 72, 136} {
			for _, workers := range []int{1, 2, 3, 8} {
				t.Run(fmt.Sprintf("impl=%s/dim=%d/workers=%d", impl, dim, workers), func(t *testing.T) {
					defer kernel.SetImpl(impl)()
					testMulEqualsDense(t, a, dense, dim, workers)
				})
			}
		}
	}
}

func testMulEqualsDense(t *testing.T, a *Adjacency, dense [][]float64, dim, workers int) {
	n := a.Nodes()
	x := randomMatrix(n*dim, 3)
	want := denseMul(dense, to64(x), dim)
	{
		dst := make([]float32, n*dim)
		acc := randomMatrix(n*dim, 4)
		acc0 := to64(acc)
		a.mul(dst, x, acc, dim, workers)
		requireClose(t, want, dst, 1e-5)
		for i := range acc0 {
			acc0[i] += want[i]
		}
		requireClose(t, acc0, acc, 1e-5)

		rows := []int32{5, 0, int32(n - 1), 30, 5}
		packed := make([]float32, len(rows)*dim)
		a.mulRows(packed, x, dim, rows, workers)
		for k, r := range rows {
			requireClose(t, want[int(r)*dim:int(r+1)*dim], packed[k*dim:(k+1)*dim], 1e-5)
		}

		// mulSparse of a y that is zero outside some rows equals the dense Â·y, in every row; its buffers
		// carry nothing from one call to the next.
		var h hitList
		for _, nodes := range [][]int32{{3, 25, 0, 39, 22}, {7, 1}, {3, 25, 0, 39, 22}} {
			g := randomMatrix(len(nodes)*dim, 5)
			y := make([]float64, n*dim)
			for k, r := range nodes {
				copy(y[int(r)*dim:], to64(g[k*dim:(k+1)*dim]))
			}
			got := randomMatrix(n*dim, 6) // overwritten
			a.mulSparse(got, g, dim, nodes, &h, workers)
			requireClose(t, denseMul(dense, y, dim), got, 1e-5)
		}
	}
}

// Â is symmetric, so the product is self-adjoint: ⟨Âx, y⟩ = ⟨x, Ây⟩. This is what lets the backward of
// y = Â·x be Mul again.
func TestMulIsSelfAdjoint(t *testing.T) {
	users, items, dim := 31, 19, 4
	a, err := NewAdjacency(users, items, randomGraph(users, items, 6))
	require.NoError(t, err)
	n := a.Nodes() * dim
	x, y := randomMatrix(n, 7), randomMatrix(n, 8)
	ax, ay := make([]float32, n), make([]float32, n)
	a.mul(ax, x, nil, dim, 2)
	a.mul(ay, y, nil, dim, 2)
	var l, r float64
	for i := range n {
		l += float64(ax[i]) * float64(y[i])
		r += float64(x[i]) * float64(ay[i])
	}
	require.InDelta(t, l, r, 1e-4*math.Max(1, math.Abs(l)))
}
