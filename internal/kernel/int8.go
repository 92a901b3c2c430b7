package kernel

// DotInt8 returns Σ q[i]*float32(codes[i]) over i < len(q): a float query against an int8 row.
// The caller applies the row's quantization: with x[i] ≈ offset + scale*codes[i],
//
//	q·x ≈ offset*Sum(q) + scale*DotInt8(q, codes)
//
// It panics if len(codes) < len(q).
func DotInt8(q []float32, codes []int8) float32 {
	return dotInt8(q, codes[:len(q)])
}

// DotBatchInt8 computes out[i] = DotInt8(q, codes[i*len(q):(i+1)*len(q)]) for every i < len(out).
// It panics if len(codes) < len(out)*len(q).
func DotBatchInt8(q []float32, codes []int8, out []float32) {
	dotBatchInt8(q, codes[:len(out)*len(q)], out)
}

func dotInt8Generic(q []float32, codes []int8) float32 {
	var s0, s1, s2, s3 float32
	for len(q) >= 16 && len(codes) >= 16 {
		x, c := q[:16:16], codes[:16:16]
		s0 += x[0]*float32(c[0]) + x[4]*float32(c[4]) + x[8]*float32(c[8]) + x[12]*float32(c[12])
		s1 += x[1]*float32(c[1]) + x[5]*float32(c[5]) + x[9]*float32(c[9]) + x[13]*float32(c[13])
		s2 += x[2]*float32(c[2]) + x[6]*float32(c[6]) + x[10]*float32(c[10]) + x[14]*float32(c[14])
		s3 += x[3]*float32(c[3]) + x[7]*float32(c[7]) + x[11]*float32(c[11]) + x[15]*float32(c[15])
		q, codes = q[16:], codes[16:]
	}
	codes = codes[:len(q)]
	for i, x := range q {
		s0 += x * float32(codes[i])
	}
	return (s0 + s1) + (s2 + s3)
}

// dotBatchInt8Generic is dotInt8Generic over consecutive rows, with the row loop inline.
func dotBatchInt8Generic(q []float32, codes []int8, out []float32) {
	d := len(q)
	codes = codes[:len(out)*d]
	for i := range out {
		a, b := q, codes[:d:d]
		codes = codes[d:]
		var s0, s1, s2, s3 float32
		for len(a) >= 16 && len(b) >= 16 {
			x, c := a[:16:16], b[:16:16]
			s0 += x[0]*float32(c[0]) + x[4]*float32(c[4]) + x[8]*float32(c[8]) + x[12]*float32(c[12])
			s1 += x[1]*float32(c[1]) + x[5]*float32(c[5]) + x[9]*float32(c[9]) + x[13]*float32(c[13])
			s2 += x[2]*float32(c[2]) + x[6]*float32(c[6]) + x[10]*float32(c[10]) + x[14]*float32(c[14])
			s3 += x[3]*float32(c[3]) + x[7]*float32(c[7]) + x[11]*float32(c[11]) + x[15]*float32(c[15])
			a, b = a[16:], b[16:]
		}
		b = b[:len(a)]
		for j, x := range a {
			s0 += x * float32(b[j])
		}
		out[i] = (s0 + s1) + (s2 + s3)
	}
}
