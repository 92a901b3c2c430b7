package modelpack

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// Every f16 value survives f16 → f32 → f16 (NaN stays NaN).
func TestF16Exhaustive(t *testing.T) {
	for h := 0; h <= 0xffff; h++ {
		f := F16ToF32(uint16(h))
		back := F32ToF16(f)
		if f != f {
			require.True(t, back&0x7c00 == 0x7c00 && back&0x3ff != 0, "NaN %04x → %04x", h, back)
			continue
		}
		require.Equal(t, uint16(h), back, "f16 %04x → %g", h, f)
	}
}

func TestF16Known(t *testing.T) {
	tests := []struct {
		f float32
		h uint16
	}{
		{0, 0x0000}, {float32(math.Copysign(0, -1)), 0x8000}, {1, 0x3c00}, {-2, 0xc000},
		{65504, 0x7bff}, {65519, 0x7bff}, {65520, 0x7c00}, {1e9, 0x7c00}, {-1e9, 0xfc00},
		{float32(math.Inf(1)), 0x7c00}, {0x1p-24, 0x0001}, {0x1p-25, 0x0000}, {0x1.8p-25, 0x0001},
		{0x1p-14, 0x0400}, {0.1, 0x2e66}, {1 + 0x1p-11, 0x3c00}, {1 + 0x3p-11, 0x3c02},
	}
	for _, tt := range tests {
		require.Equal(t, tt.h, F32ToF16(tt.f), "%g", tt.f)
	}
}

// F32ToF16 picks the nearest f16 (ties to even), checked against the exact
// decoder on random and structured float32 bit patterns.
func TestF16Nearest(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	check := func(x float32) {
		if x != x {
			return
		}
		h := F32ToF16(x)
		d := math.Abs(float64(F16ToF32(h)) - float64(x))
		for _, n := range []uint16{h - 1, h + 1} {
			if n&0x7c00 == 0x7c00 && n&0x3ff != 0 || (n^h)&0x8000 != 0 && x != 0 {
				continue // NaN or sign flip
			}
			dn := math.Abs(float64(F16ToF32(n)) - float64(x))
			if math.IsInf(float64(F16ToF32(h)), 0) {
				require.GreaterOrEqual(t, math.Abs(float64(x)), 65520.0, "%g", x)
				return
			}
			require.True(t, d < dn || (d == dn && h&1 == 0), "%g → %04x (err %g) but %04x has err %g", x, h, d, n, dn)
		}
	}
	for i := 0; i < 200000; i++ {
		check(math.Float32frombits(rng.Uint32()))
		check(float32(rng.NormFloat64()))
	}
	for b := uint32(0); b < 1<<31; b += 1<<13 - 1 {
		check(math.Float32frombits(b))
	}
}
