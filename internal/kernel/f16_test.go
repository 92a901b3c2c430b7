package kernel

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"
)

// refF16ToF64 decodes a finite half from its definition: (-1)^s · 2^(e-15) · 1.m, or 2^-14 · 0.m.
func refF16ToF64(h uint16) float64 {
	s, e, m := h>>15, int(h>>10)&0x1f, float64(h&0x3ff)
	v := math.Ldexp(m/1024, -14)
	if e != 0 {
		v = math.Ldexp(1+m/1024, e-15)
	}
	if s == 1 {
		v = -v
	}
	return v
}

// positiveHalves lists the finite non-negative halves 0x0000…0x7bff in increasing order.
var positiveHalves = func() []float64 {
	v := make([]float64, 0x7c00)
	for h := range v {
		v[h] = refF16ToF64(uint16(h))
	}
	return v
}()

// refF32ToF16 rounds a non-NaN float to the nearest half by searching the table of every half, ties
// to the even code, and overflowing to Inf from 65520 (halfway between 65504 and 2^16) up.
func refF32ToF16(f float32) uint16 {
	x := float64(f)
	var sign uint16
	if math.Signbit(x) {
		sign, x = 0x8000, -x
	}
	if x >= 65520 {
		return sign | 0x7c00
	}
	i := sort.SearchFloat64s(positiveHalves, x) // first half >= x
	if i == len(positiveHalves) {
		return sign | 0x7bff // between 65504 and 65520: rounds down to the largest half
	}
	if positiveHalves[i] == x {
		return sign | uint16(i)
	}
	lo, hi := positiveHalves[i-1], positiveHalves[i]
	switch {
	case x-lo < hi-x:
		return sign | uint16(i-1)
	case x-lo > hi-x:
		return sign | uint16(i)
	case (i-1)%2 == 0:
		return sign | uint16(i-1)
	}
	return sign | uint16(i)
}

func TestF16ToF32Exhaustive(t *testing.T) {
	for i := range 1 << 16 {
		h := uint16(i)
		f := F16ToF32(h)
		switch {
		case h&0x7fff == 0x7c00:
			require.True(t, math.IsInf(float64(f), 1-2*int(h>>15)), "%#04x", h)
		case h&0x7c00 == 0x7c00:
			require.True(t, isNaN32(f), "%#04x", h)
			require.Equal(t, uint32(h>>15), math.Float32bits(f)>>31, "%#04x keeps its sign", h)
			require.Equal(t, h|0x200, F32ToF16(f), "%#04x round-trips as a quiet NaN", h)
		default:
			require.Equal(t, refF16ToF64(h), float64(f), "%#04x", h)
			require.Equal(t, math.Signbit(float64(f)), h>>15 == 1, "%#04x sign (incl. -0)", h)
		}
		if h&0x7c00 != 0x7c00 || h&0x3ff == 0 {
			require.Equal(t, h, F32ToF16(f), "%#04x round-trips", h)
		}
	}
}

func TestF32ToF16Edges(t *testing.T) {
	tests := []struct {
		name string
		f    float32
		want uint16
	}{
		{"zero", 0, 0x0000},
		{"negative zero", float32(math.Copysign(0, -1)), 0x8000},
		{"one", 1, 0x3c00},
		{"minus two", -2, 0xc000},
		{"max half", 65504, 0x7bff},
		{"below overflow tie", 65519.996, 0x7bff},
		{"overflow tie rounds to even (inf)", 65520, 0x7c00},
		{"overflow", 1e6, 0x7c00},
		{"negative overflow", -1e6, 0xfc00},
		{"inf", float32(math.Inf(1)), 0x7c00},
		{"negative inf", float32(math.Inf(-1)), 0xfc00},
		{"smallest normal", 0x1p-14, 0x0400},
		{"largest subnormal", 0x3ffp-24, 0x03ff},
		{"largest subnormal rounds up to normal", 0x3ff.8p-24, 0x0400},
		{"smallest subnormal", 0x1p-24, 0x0001},
		{"half of smallest subnormal ties to zero", 0x1p-25, 0x0000},
		{"just above half of smallest subnormal", 0x1.000002p-25, 0x0001},
		{"three halves of smallest subnormal ties to two", 0x3p-25, 0x0002},
		{"float32 subnormal", 0x1p-140, 0x0000},
		{"negative tiny", -0x1p-30, 0x8000},
		{"tie to even down", 1 + 0x1p-11, 0x3c00},
		{"tie to even up", 1 + 0x3p-11, 0x3c02},
		{"quiet NaN", float32(math.NaN()), 0x7e00},
		{"signalling NaN is quieted", math.Float32frombits(0x7f800001), 0x7e00},
		{"NaN payload kept", math.Float32frombits(0xff802000), 0xfe01},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, F32ToF16(tt.f), "%#04x", F32ToF16(tt.f))
			if !isNaN32(tt.f) {
				require.Equal(t, tt.want, refF32ToF16(tt.f), "reference agrees")
			}
			forEachImpl(t, func(t *testing.T) {
				dst := make([]uint16, 1)
				EncodeF16(dst, []float32{tt.f})
				require.Equal(t, tt.want, dst[0], "%#04x", dst[0])
			})
		})
	}
}

// randFloat32Bits returns floats spread over every exponent: random bit patterns, half of them with
// the exponent drawn near the half-precision range.
func randFloat32Bits(rng *rand.Rand) float32 {
	b := rng.Uint32()
	if rng.IntN(2) == 0 {
		exp := uint32(127 - 27 + rng.IntN(46)) // 2^-27 … 2^18
		b = b&0x807fffff | exp<<23
	}
	return math.Float32frombits(b)
}

func TestF32ToF16Random(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for range 200_000 {
		f := randFloat32Bits(rng)
		if isNaN32(f) {
			require.True(t, isNaN32(F16ToF32(F32ToF16(f))))
			continue
		}
		require.Equal(t, refF32ToF16(f), F32ToF16(f), "%v (%#08x)", f, math.Float32bits(f))
	}
}

func TestEncodeDecodeF16MatchScalar(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	src := make([]float32, 1<<16)
	for i := range src {
		src[i] = randFloat32Bits(rng) // includes NaNs with random payloads
	}
	halves := make([]uint16, 1<<16)
	for i := range halves {
		halves[i] = uint16(i)
	}
	forEachImpl(t, func(t *testing.T) {
		for _, n := range append(testLengths(rng), len(src)) {
			enc := make([]uint16, n+1)
			enc[n] = 0xbeef
			EncodeF16(enc, src[:n])
			for i := range n {
				require.Equal(t, F32ToF16(src[i]), enc[i], "encode %#08x", math.Float32bits(src[i]))
			}
			require.Equal(t, uint16(0xbeef), enc[n], "EncodeF16 must not write past len(src)")

			dec := make([]float32, n+1)
			dec[n] = 42
			DecodeF16(dec, halves[:n])
			for i := range n {
				require.Equal(t, math.Float32bits(F16ToF32(halves[i])), math.Float32bits(dec[i]),
					"decode %#04x", halves[i])
			}
			require.Equal(t, float32(42), dec[n], "DecodeF16 must not write past len(src)")
		}
	})
}

func TestDotF16(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(25, 26))
		for _, d := range testLengths(rng) {
			for _, rows := range []int{0, 1, 3} {
				q, codes := randFloats(rng, d), randHalves(rng, rows*d)
				out := make([]float32, rows)
				DotBatchF16(q, codes, out)
				for r := range rows {
					row := codes[r*d : (r+1)*d]
					want, sumAbs := refDot(q, func(i int) float64 { return refF16ToF64(row[i]) })
					tol := sumBound(d, 1, sumAbs)
					require.InDelta(t, want, float64(out[r]), tol, "batch d=%d row=%d", d, r)
					require.InDelta(t, want, float64(DotF16(q, row)), tol, "single d=%d row=%d", d, r)
				}
			}
		}
	})
}

func FuzzF32ToF16(f *testing.F) {
	for _, b := range []uint32{0, 0x80000000, 0x3f800000, 0x477fe000, 0x477ff000, 0x33800000, 0x7fc00000, 0x00000001} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b uint32) {
		x := math.Float32frombits(b)
		h := F32ToF16(x)
		if isNaN32(x) {
			require.True(t, isNaN32(F16ToF32(h)))
			return
		}
		require.Equal(t, refF32ToF16(x), h)
	})
}
