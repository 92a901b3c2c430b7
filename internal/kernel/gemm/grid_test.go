package gemm

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// fakeTiles is an Accel.GemmTiles in Go: kernGo tile after tile, counting calls that batch tiles.
type fakeTiles struct{ calls, batched int }

func (ft *fakeTiles) run(k int, a *float32, rs, ss int, b, c *float32, ldc int, alpha, beta float32, tiles, panels int) {
	ft.calls++
	if tiles > 1 && panels > 1 {
		ft.batched++
	}
	for q := range panels {
		aq := (*float32)(unsafe.Add(unsafe.Pointer(a), 4*4*rs*q))
		for t := range tiles {
			bt := (*float32)(unsafe.Add(unsafe.Pointer(b), 4*16*k*t))
			ct := (*float32)(unsafe.Add(unsafe.Pointer(c), 4*(16*t+4*ldc*q)))
			kernGo(k, aq, rs, ss, bt, ct, ldc, alpha, beta)
		}
	}
}

// A grid kernel (one that computes panels × tiles per call, as the browser's SIMD128 module does) gives
// results bit-identical to goKernel on every platform: full tiles in place, the partial column of tiles
// and the partial row panel through scratch, beta 0 and not.
func TestGridKernelBitIdentical(t *testing.T) {
	ft := &fakeTiles{}
	grid := kernel{name: "grid", mr: goKernel.mr, nr: goKernel.nr, tiles: ft.run}
	rng := rand.New(rand.NewPCG(11, 12))
	for _, m := range []int{1, 4, 7, 37} {
		for _, n := range []int{3, 16, 40, 130} {
			for _, k := range []int{1, 33, 300} {
				for _, tr := range [][2]bool{{false, false}, {true, true}, {false, true}} {
					t.Run(fmt.Sprintf("m=%d/n=%d/k=%d/transA=%v/transB=%v", m, n, k, tr[0], tr[1]), func(t *testing.T) {
						lda, ldb := k+1, n+2
						if tr[0] {
							lda = m + 3
						}
						if tr[1] {
							ldb = k + 1
						}
						a := randSlice(rng, (max(m, k)+1)*lda)
						b := randSlice(rng, (max(n, k)+1)*ldb)
						c0 := randSlice(rng, m*n)
						for _, beta := range []float32{0, 0.5} {
							want, got := append([]float32(nil), c0...), append([]float32(nil), c0...)
							gemmWith(goKernel, tr[0], tr[1], m, n, k, 1.5, a, lda, b, ldb, beta, want, n)
							gemmWith(grid, tr[0], tr[1], m, n, k, 1.5, a, lda, b, ldb, beta, got, n)
							requireBits(t, want, got)
						}
					})
				}
			}
		}
	}
	require.Positive(t, ft.batched, "full tiles go in one grid")
}
