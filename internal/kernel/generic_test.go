package kernel

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// The generic batch kernels repeat the single-row loop inline: they must add in the same order, so
// a batch score equals the single-row score bit for bit (an exact scan and a graph search agree).
func TestGenericBatchEqualsSingleRow(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, d := range testLengths(rng) {
		const rows = 3
		q := randFloats(rng, d)
		f32, i8, f16 := randFloats(rng, rows*d), randInt8s(rng, rows*d), randHalves(rng, rows*d)
		out := make([]float32, 3*rows)
		dotBatchGeneric(q, f32, out[:rows])
		dotBatchInt8Generic(q, i8, out[rows:2*rows])
		dotBatchF16Generic(q, f16, out[2*rows:])
		for r := range rows {
			lo, hi := r*d, (r+1)*d
			for k, want := range []float32{dotGeneric(q, f32[lo:hi]), dotInt8Generic(q, i8[lo:hi]), dotF16Generic(q, f16[lo:hi])} {
				require.Equal(t, math.Float32bits(want), math.Float32bits(out[k*rows+r]), "d=%d row=%d kernel=%d", d, r, k)
			}
		}
	}
}
