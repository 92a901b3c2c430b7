//go:build wasm || amd64

package kernel

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// The generic gathers add in the documented order: per window of 8, lane j sums q[j]·x[j] +
// q[j+4]·x[j+4]; the tail goes to lane 0; the result is (l0+l1)+(l2+l3). An Accel's gathers (the
// SIMD128 module, tested in wasm/simd/kernels.test.mjs) follow the same order bit for bit. Checked
// where Go emits no fused multiply-add (wasm; amd64 at its default level).
func TestGatherGenericOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, d := range testLengths(rng) {
		q, rows, codes := randFloats(rng, d), randFloats(rng, 2*d), randInt8s(rng, 2*d)
		ids, out := []int32{1}, make([]float32, 1)
		gatherDotGeneric(q, rows, ids, out)
		require.Equal(t, math.Float32bits(orderedDot(q, func(i int) float32 { return rows[d+i] })), math.Float32bits(out[0]), "d=%d", d)
		gatherDotInt8RowGeneric(q, codes, ids, out, nil, nil, 0)
		require.Equal(t, math.Float32bits(orderedDot(q, func(i int) float32 { return float32(codes[d+i]) })), math.Float32bits(out[0]), "d=%d", d)
	}
}

func orderedDot(q []float32, x func(i int) float32) float32 {
	var s [4]float32
	i := 0
	for ; i+8 <= len(q); i += 8 {
		for j := range 4 {
			s[j] += float32(q[i+j]*x(i+j)) + float32(q[i+j+4]*x(i+j+4))
		}
	}
	for ; i < len(q); i++ {
		s[0] += float32(q[i] * x(i))
	}
	return (s[0] + s[1]) + (s[2] + s[3])
}
