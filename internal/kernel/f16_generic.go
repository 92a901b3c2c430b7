package kernel

func encodeF16Generic(dst []uint16, src []float32) {
	dst = dst[:len(src)]
	for i, f := range src {
		dst[i] = F32ToF16(f)
	}
}

func decodeF16Generic(dst []float32, src []uint16) {
	dst = dst[:len(src)]
	for i, h := range src {
		dst[i] = F16ToF32(h)
	}
}

func dotF16Generic(q []float32, codes []uint16) float32 {
	var s0, s1, s2, s3 float32
	for len(q) >= 16 && len(codes) >= 16 {
		x, c := q[:16:16], codes[:16:16]
		s0 += x[0]*F16ToF32(c[0]) + x[4]*F16ToF32(c[4]) + x[8]*F16ToF32(c[8]) + x[12]*F16ToF32(c[12])
		s1 += x[1]*F16ToF32(c[1]) + x[5]*F16ToF32(c[5]) + x[9]*F16ToF32(c[9]) + x[13]*F16ToF32(c[13])
		s2 += x[2]*F16ToF32(c[2]) + x[6]*F16ToF32(c[6]) + x[10]*F16ToF32(c[10]) + x[14]*F16ToF32(c[14])
		s3 += x[3]*F16ToF32(c[3]) + x[7]*F16ToF32(c[7]) + x[11]*F16ToF32(c[11]) + x[15]*F16ToF32(c[15])
		q, codes = q[16:], codes[16:]
	}
	codes = codes[:len(q)]
	for i, x := range q {
		s0 += x * F16ToF32(codes[i])
	}
	return (s0 + s1) + (s2 + s3)
}

// dotBatchF16Generic calls dotF16Generic per row: the table lookups of F16ToF32 dominate, so the
// call costs little here.
func dotBatchF16Generic(q []float32, codes []uint16, out []float32) {
	d := len(q)
	codes = codes[:len(out)*d]
	for i := range out {
		out[i] = dotF16Generic(q, codes[:d:d])
		codes = codes[d:]
	}
}
