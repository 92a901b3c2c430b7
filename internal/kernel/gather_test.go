package kernel

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// The gathers score each listed row like the single-row kernels (to the summation bound), leave
// out past len(ids) alone, and apply the per-row scale and offset.
func TestGather(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	forEachImpl(t, func(t *testing.T) {
		for _, d := range testLengths(rng) {
			const n = 6
			q, rows, codes := randFloats(rng, d), randFloats(rng, n*d), randInt8s(rng, n*d)
			scale, offset := randFloats(rng, n), randFloats(rng, n)
			ids := []int32{3, 0, 5, 3, 1}
			out := make([]float32, len(ids)+1)
			sumQ := Sum(q)
			check := func(name string, want func(id int) (w, tol float64)) {
				for k, id := range ids {
					w, tol := want(int(id))
					require.InDelta(t, w, float64(out[k]), tol+1e-30, "%s d=%d k=%d", name, d, k)
				}
				require.Zero(t, out[len(ids)], "%s wrote past len(ids)", name)
			}
			GatherDot(q, rows, ids, out)
			f32Row := func(id int) func(i int) float64 { return func(i int) float64 { return float64(rows[id*d+i]) } }
			i8Row := func(id int) func(i int) float64 { return func(i int) float64 { return float64(codes[id*d+i]) } }
			check("f32", func(id int) (float64, float64) {
				s, abs := refDot(q, f32Row(id))
				return s, sumBound(d, 2, abs)
			})
			GatherDotInt8(q, codes, ids, out)
			check("int8", func(id int) (float64, float64) {
				s, abs := refDot(q, i8Row(id))
				return s, sumBound(d, 2, abs)
			})
			GatherDotInt8Row(q, codes, ids, out, scale, offset, sumQ)
			check("int8row", func(id int) (float64, float64) {
				s, abs := refDot(q, i8Row(id))
				o, sc := float64(offset[id])*float64(sumQ), math.Abs(float64(scale[id]))
				const u = 1.0 / (1 << 24)
				return o + float64(scale[id])*s, sc*sumBound(d, 2, abs) + 3*u*(math.Abs(o)+sc*abs)
			})
		}
	})
}

// An id past the rows panics in Go, before any accelerated kernel could read past them.
func TestGatherBadID(t *testing.T) {
	q, rows, codes := make([]float32, 4), make([]float32, 8), make([]int8, 8)
	out := make([]float32, 1)
	for _, id := range []int32{2, -1} {
		ids := []int32{id}
		require.Panics(t, func() { GatherDot(q, rows, ids, out) }, "id %d", id)
		require.Panics(t, func() { GatherDotInt8(q, codes, ids, out) }, "id %d", id)
		require.Panics(t, func() { GatherDotInt8Row(q, codes, ids, out, make([]float32, 2), make([]float32, 1), 0) }, "id %d short offset", id)
	}
	require.Panics(t, func() { GatherDotInt8Row(q, codes, []int32{1}, out, make([]float32, 2), make([]float32, 1), 0) })
}
