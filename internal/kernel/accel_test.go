//go:build !amd64 || purego

package kernel

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// An installed Accel is listed first, takes the batch kernels, and yields to SetImpl("generic").
func TestInstallAccel(t *testing.T) {
	t.Cleanup(func() { accel, useAccel = Accel{}, false })
	var calls int
	fake := Accel{
		Name: "fake",
		DotBatch: func(q, rows, out []float32) {
			calls++
			require.Len(t, rows, len(out)*len(q), "rows cut to match")
			dotBatchGeneric(q, rows, out)
		},
		DotBatchInt8: func(q []float32, codes []int8, out []float32) {
			calls++
			require.Len(t, codes, len(out)*len(q), "codes cut to match")
			dotBatchInt8Generic(q, codes, out)
		},
		GatherDot: func(q, rows []float32, ids []int32, out []float32) {
			calls++
			require.Len(t, out, len(ids), "out cut to match")
			gatherDotGeneric(q, rows, ids, out)
		},
		GatherDotInt8Row: func(q []float32, codes []int8, ids []int32, out, scale, offset []float32, sumQ float32) {
			calls++
			require.Len(t, out, len(ids), "out cut to match")
			gatherDotInt8RowGeneric(q, codes, ids, out, scale, offset, sumQ)
		},
	}
	for _, bad := range []string{"", "generic", "avx2"} {
		require.False(t, InstallAccel(Accel{Name: bad}), "name %q", bad)
	}
	require.True(t, InstallAccel(fake))
	require.Equal(t, []string{"fake", "generic"}, Implementations())
	require.Equal(t, "fake", Impl())

	rng := rand.New(rand.NewPCG(5, 6))
	q, rows, codes, out := randFloats(rng, 8), randFloats(rng, 8*5), randInt8s(rng, 8*5), make([]float32, 3)
	DotBatch(q, rows, out)
	DotBatchInt8(q, codes, out)
	require.Equal(t, 2, calls)
	ids := []int32{4, 0}
	GatherDot(q, rows, ids, out)
	GatherDotInt8(q, codes, ids, out)
	GatherDotInt8Row(q, codes, ids, out, rows[:5], rows[5:10], 1)
	require.Equal(t, 5, calls)
	GatherDot(q, rows, nil, out) // nothing to gather: no call
	_ = Dot(q, rows)             // single-row kernels stay in Go
	require.Equal(t, 5, calls)

	restore := SetImpl("generic")
	DotBatch(q, rows, out)
	GatherDot(q, rows, ids, out)
	require.Equal(t, 5, calls, "generic selected: the accel is bypassed")
	restore()
	require.Equal(t, "fake", Impl())
}
