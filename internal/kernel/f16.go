package kernel

import "math"

// IEEE 754 binary16 ("half"): 1 sign bit, 5 exponent bits (bias 15), 10 mantissa bits, stored as
// uint16. Largest finite value 65504, smallest normal 2⁻¹⁴, smallest subnormal 2⁻²⁴.

// F32ToF16 converts f to the nearest half, ties to even. Values of magnitude 65520 and above round
// to ±Inf, values too small for a subnormal half become ±0, and the sign of zero is kept. A NaN
// stays a NaN: it is made quiet and keeps the top 9 bits of its payload, as F16C's VCVTPS2PH does.
func F32ToF16(f float32) uint16 {
	b := math.Float32bits(f)
	sign := uint16(b>>16) & 0x8000
	exp := int32(b>>23) & 0xff
	mant := b & 0x7fffff
	if exp == 0xff {
		if mant == 0 {
			return sign | 0x7c00
		}
		return sign | 0x7e00 | uint16(mant>>13)
	}
	e := exp - 127 + 15 // biased half exponent
	switch {
	case e >= 0x1f:
		return sign | 0x7c00
	case e >= 1:
		return sign + roundShift(uint32(e)<<23|mant, 13)
	case e >= -10:
		// Subnormal half: the 24-bit significand (implicit one included) scaled by 2^(e-1-13).
		return sign + roundShift(mant|0x800000, uint32(14-e))
	default:
		return sign // below half the smallest subnormal: rounds to zero (f32 subnormals land here)
	}
}

// roundShift returns v >> s rounded to nearest, ties to even. A carry out of the mantissa moves
// into the exponent, which is exactly right for halves (including rounding up to Inf).
func roundShift(v, s uint32) uint16 {
	q := v >> s
	rem := v & (1<<s - 1)
	half := uint32(1) << (s - 1)
	if rem > half || (rem == half && q&1 == 1) {
		q++
	}
	return uint16(q)
}

// F16ToF32 converts a half to float32 exactly; subnormal halves become normal floats. A NaN stays a
// NaN with its payload, made quiet, as F16C's VCVTPH2PS does. It is branch-free: two small table
// lookups and an add (see f16table.go).
func F16ToF32(h uint16) float32 {
	top := h >> 10 // sign and exponent
	// The mask is a no-op (the index is below 3072) that lets the compiler drop the bounds check.
	return math.Float32frombits(f16Mant[(uint32(f16Off[top])+uint32(h&0x3ff))&0xfff] + f16Exp[top])
}

// EncodeF16 converts src to halves in dst, like F32ToF16 for each element. It panics if
// len(dst) < len(src).
func EncodeF16(dst []uint16, src []float32) {
	encodeF16(dst[:len(src)], src)
}

// DecodeF16 converts the halves in src to float32 in dst, like F16ToF32 for each element. It panics
// if len(dst) < len(src).
func DecodeF16(dst []float32, src []uint16) {
	decodeF16(dst[:len(src)], src)
}

// DotF16 returns Σ q[i]*F16ToF32(codes[i]) over i < len(q): a float query against a half-precision
// row. It panics if len(codes) < len(q).
func DotF16(q []float32, codes []uint16) float32 {
	return dotF16(q, codes[:len(q)])
}

// DotBatchF16 computes out[i] = DotF16(q, codes[i*len(q):(i+1)*len(q)]) for every i < len(out).
// It panics if len(codes) < len(out)*len(q).
func DotBatchF16(q []float32, codes []uint16, out []float32) {
	dotBatchF16(q, codes[:len(out)*len(q)], out)
}
