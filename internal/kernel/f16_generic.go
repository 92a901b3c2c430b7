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
	for len(q) >= 8 && len(codes) >= 8 {
		x, c := q[:8:8], codes[:8:8]
		s0 += x[0]*F16ToF32(c[0]) + x[4]*F16ToF32(c[4])
		s1 += x[1]*F16ToF32(c[1]) + x[5]*F16ToF32(c[5])
		s2 += x[2]*F16ToF32(c[2]) + x[6]*F16ToF32(c[6])
		s3 += x[3]*F16ToF32(c[3]) + x[7]*F16ToF32(c[7])
		q, codes = q[8:], codes[8:]
	}
	codes = codes[:len(q)]
	for i, x := range q {
		s0 += x * F16ToF32(codes[i])
	}
	return (s0 + s1) + (s2 + s3)
}

func dotBatchF16Generic(q []float32, codes []uint16, out []float32) {
	d := len(q)
	for i := range out {
		out[i] = dotF16Generic(q, codes[i*d:(i+1)*d])
	}
}
