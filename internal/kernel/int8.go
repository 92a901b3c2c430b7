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
	for len(q) >= 8 && len(codes) >= 8 {
		x, c := q[:8:8], codes[:8:8]
		s0 += x[0]*float32(c[0]) + x[4]*float32(c[4])
		s1 += x[1]*float32(c[1]) + x[5]*float32(c[5])
		s2 += x[2]*float32(c[2]) + x[6]*float32(c[6])
		s3 += x[3]*float32(c[3]) + x[7]*float32(c[7])
		q, codes = q[8:], codes[8:]
	}
	codes = codes[:len(q)]
	for i, x := range q {
		s0 += x * float32(codes[i])
	}
	return (s0 + s1) + (s2 + s3)
}

func dotBatchInt8Generic(q []float32, codes []int8, out []float32) {
	d := len(q)
	for i := range out {
		out[i] = dotInt8Generic(q, codes[i*d:(i+1)*d])
	}
}
