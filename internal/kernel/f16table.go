package kernel

// Tables for F16ToF32, after J. van der Zijp, "Fast Half Float Conversions" (2008). A half's top six
// bits (sign and exponent) pick an exponent term and one of three 1024-entry mantissa blocks; the
// float32 bits are f16Mant[f16Off[top]+mantissa] + f16Exp[top]:
//
//	block 0: subnormal halves, normalized (their exponent is folded into the mantissa entry)
//	block 1: normal halves: mantissa shifted into place, plus the exponent re-bias 112<<23
//	block 2: Inf and NaN: like block 1, with the quiet bit set on every NaN
//
// The tables take 16.5 KiB (f16Mant is padded to a power of two) and are built at init; TestF16ToF32Exhaustive checks all 65536 halves.
var (
	f16Mant [4 * 1024]uint32 // the last block is unused
	f16Exp  [64]uint32
	f16Off  [64]uint16
)

func init() {
	for m := uint32(1); m < 1024; m++ {
		bits, exp := m<<13, uint32(0x38800000) // the exponent of 2⁻¹⁴, lowered once per shift
		for bits&0x800000 == 0 {
			bits <<= 1
			exp -= 0x800000
		}
		f16Mant[m] = bits&^0x800000 + exp
	}
	for m := range uint32(1024) {
		f16Mant[1024+m] = 0x38000000 + m<<13
		f16Mant[2048+m] = 0x38000000 + m<<13
		if m != 0 {
			f16Mant[2048+m] |= 0x400000
		}
	}
	for e := range uint32(32) {
		f16Exp[e], f16Off[e] = e<<23, 1024
	}
	f16Exp[31] = 0x47800000 // 0x38000000 + 0x47800000 = 0x7f800000, the Inf/NaN exponent
	f16Off[0], f16Off[31] = 0, 2048
	for e := range 32 {
		f16Exp[32+e], f16Off[32+e] = f16Exp[e]|0x80000000, f16Off[e]
	}
}
