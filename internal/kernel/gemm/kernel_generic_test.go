package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// refTile is the plain tile loop kernGo must equal bit for bit (the SIMD128 module's gemmTiles is
// tested against the same order): each C element sums its products in step order from 0.
func refTile(k int, a []float32, rs, ss int, b, c []float32, ldc int, alpha, beta float32) {
	for r := range 4 {
		for j := range 16 {
			var acc float32
			for p := range k {
				acc += a[r*rs+p*ss] * b[p*16+j]
			}
			if beta == 0 {
				c[r*ldc+j] = alpha * acc
			} else {
				c[r*ldc+j] = alpha*acc + beta*c[r*ldc+j]
			}
		}
	}
}

func TestKernGoMatchesTileLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, k := range []int{0, 1, 2, 5, 16, 98, 256} {
		for _, st := range [][2]int{{k + 2, 1}, {1, 4}, {1, 7}} {
			for _, ab := range [][2]float32{{1, 0}, {-1.5, 1}, {0.5, 0.25}} {
				t.Run(fmt.Sprintf("k=%d/rs=%d/ss=%d/alpha=%v/beta=%v", k, st[0], st[1], ab[0], ab[1]), func(t *testing.T) {
					rs, ss := st[0], st[1]
					a := randSlice(rng, 3*rs+k*ss+1)
					b := randSlice(rng, 16*k+1)
					const ldc = 19
					c := randSlice(rng, 4*ldc)
					want := append([]float32(nil), c...)
					refTile(k, a, rs, ss, b, want, ldc, ab[0], ab[1])
					kernGo(k, &a[0], rs, ss, &b[0], &c[0], ldc, ab[0], ab[1])
					requireBits(t, want, c)
				})
			}
		}
	}
}

func requireBits(t *testing.T, want, got []float32) {
	t.Helper()
	for i := range want {
		require.Equal(t, math.Float32bits(want[i]), math.Float32bits(got[i]), "element %d: %v vs %v", i, got[i], want[i])
	}
}
