package kernel

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDotInt8(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(31, 32))
		for _, d := range testLengths(rng) {
			for _, rows := range []int{0, 1, 3} {
				q, codes := randFloats(rng, d), randInt8s(rng, rows*d)
				out := make([]float32, rows+1)
				out[rows] = 42
				DotBatchInt8(q, codes, out[:rows])
				for r := range rows {
					row := codes[r*d : (r+1)*d]
					want, sumAbs := refDot(q, func(i int) float64 { return float64(row[i]) })
					tol := sumBound(d, 1, sumAbs)
					require.InDelta(t, want, float64(out[r]), tol, "batch d=%d row=%d", d, r)
					require.InDelta(t, want, float64(DotInt8(q, row)), tol, "single d=%d row=%d", d, r)
				}
				require.Equal(t, float32(42), out[rows])
			}
		}
	})
}

func TestDotInt8Extremes(t *testing.T) {
	// -128 and 127 in every position of the 32-, 8- and 1-wide paths: sign extension must be right.
	forEachImpl(t, func(t *testing.T) {
		for _, n := range []int{1, 7, 8, 9, 31, 32, 33, 67} {
			q, codes := make([]float32, n), make([]int8, n)
			var want float32
			for i := range n {
				q[i] = float32(i%5) - 2
				codes[i] = int8(-128)
				if i%2 == 1 {
					codes[i] = 127
				}
				want += q[i] * float32(codes[i]) // small integers: exact in any order
			}
			require.Equal(t, want, DotInt8(q, codes), "n=%d", n)
		}
	})
}

func TestDotInt8WithScaleAndOffset(t *testing.T) {
	// The documented use: x ≈ offset + scale*code, q·x ≈ offset*Sum(q) + scale*DotInt8(q, code).
	rng := rand.New(rand.NewPCG(33, 34))
	q, x := randFloats(rng, 64), randFloats(rng, 64)
	lo, hi := x[0], x[0]
	for _, v := range x {
		lo, hi = min(lo, v), max(hi, v)
	}
	scale := (hi - lo) / 255
	offset := lo + 128*scale
	codes := make([]int8, len(x))
	for i, v := range x {
		codes[i] = int8(max(-128, min(127, int((v-offset)/scale+0.5+128)-128)))
	}
	got := offset*Sum(q) + scale*DotInt8(q, codes)
	var qAbs float32
	for _, v := range q {
		qAbs += max(v, -v)
	}
	// Each coordinate is off by at most scale/2, plus a little float rounding.
	require.InDelta(t, float64(Dot(q, x)), float64(got), float64(qAbs*scale/2)*1.01)
}
