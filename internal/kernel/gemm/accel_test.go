//go:build !amd64 || purego

package gemm

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	corekernel "github.com/corerec/corerec/internal/kernel"
)

// With an accelerator's GemmTiles installed, Gemm and GemmPacked hand it grids of tiles and give results bit-identical to goKernel's, on shapes with and without partial tiles.
func TestAccelGemmTilesBitIdentical(t *testing.T) {
	ft := &fakeTiles{}
	require.True(t, corekernel.InstallAccel(corekernel.Accel{Name: "fake", GemmTiles: ft.run}))
	t.Cleanup(func() { corekernel.SetImpl("generic") })
	rng := rand.New(rand.NewPCG(7, 8))
	for _, m := range []int{1, 4, 5, 9, 37} {
		for _, n := range []int{1, 16, 17, 40, 98, 130} {
			for _, k := range []int{1, 7, 98, 300} {
				for _, transA := range []bool{false, true} {
					t.Run(fmt.Sprintf("m=%d/n=%d/k=%d/transA=%v", m, n, k, transA), func(t *testing.T) {
						lda := k + 1
						if transA {
							lda = m + 2
						}
						a := randSlice(rng, (max(m, k)+1)*lda)
						b := randSlice(rng, n*k)
						c0 := randSlice(rng, m*n)
						pb := PackB(make([]float32, PackedSize(k, n)), true, k, n, b, k)
						var got, want [2][]float32
						for i, impl := range []string{"fake", "generic"} {
							restore := corekernel.SetImpl(impl)
							require.Equal(t, map[string]string{"fake": "fake", "generic": "go"}[impl], Impl())
							c := append([]float32(nil), c0...)
							Gemm(transA, true, m, n, k, 1.5, a, lda, b, k, 0.5, c, n)
							cp := append([]float32(nil), c0...)
							GemmPacked(transA, m, 1, a, lda, pb, 0, cp, n)
							got[i], want[i] = c, cp
							restore()
						}
						requireBits(t, got[1], got[0])
						requireBits(t, want[1], want[0])
					})
				}
			}
		}
	}
	require.Positive(t, ft.batched, "full tiles go in one grid")
}
