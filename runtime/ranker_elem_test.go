package runtime

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// The elementwise steps equal their plain loops bit for bit on every platform (amd64: vek; elsewhere:
// one pass and a branch-free ReLU), for lengths around every window and for NaN (either sign), ±0,
// ±Inf, subnormals and the extremes.
func TestRankerElementwiseMatchesLoops(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	special := []float32{float32(math.NaN()), -float32(math.NaN()), float32(math.Copysign(0, -1)), 0,
		float32(math.Inf(1)), float32(math.Inf(-1)), math.SmallestNonzeroFloat32, -math.SmallestNonzeroFloat32,
		math.MaxFloat32, -math.MaxFloat32, -1, 1}
	for n := range 26 {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			xl, x0, z := make([]float32, n), make([]float32, n), make([]float32, n+3)
			for i := range n {
				xl[i], x0[i], z[i] = rng.Float32()*4-2, rng.Float32()*4-2, rng.Float32()*4-2
				if n > 13 && i < len(special) {
					xl[i] = special[i]
				}
			}
			want := make([]float32, n)
			for i := range want {
				p := x0[i] * z[i]
				want[i] = xl[i] + p
			}
			h := append([]float32(nil), xl...)
			crossUpdate(xl, x0, z)
			for i := range want {
				require.Equal(t, math.Float32bits(want[i]), math.Float32bits(xl[i]), "crossUpdate[%d]", i)
			}
			in := append([]float32(nil), h...)
			relu(h)
			for i, v := range in {
				if v < 0 {
					v = 0
				}
				require.Equal(t, math.Float32bits(v), math.Float32bits(h[i]), "relu[%d] of %v", i, in[i])
			}
		})
	}
}
