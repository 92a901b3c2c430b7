package kernel

// The generic kernels are written for the compiler, Go's wasm port above all (it emits no SIMD, and
// the browser build runs these loops): each loop body works on a fixed-size window (x := a[:16:16]),
// so that one bounds check per window replaces one per element and every load has a constant offset;
// four independent accumulators hide the latency of floating-point addition; a 16-wide window halves
// the loop overhead of an 8-wide one (on wasm a loop back-edge goes through the function's dispatch
// br_table). Batch kernels repeat the row loop inline instead of calling the single-row kernel: a
// call costs about as much as 8 multiply-adds on wasm. Single-row and batch kernels add in the same
// order, so their results are equal bit for bit. They are always compiled: they are the whole
// implementation on wasm and arm64, and the reference the assembly is tested against.

func dotGeneric(a, b []float32) float32 {
	var s0, s1, s2, s3 float32
	for len(a) >= 16 && len(b) >= 16 {
		x, y := a[:16:16], b[:16:16]
		s0 += x[0]*y[0] + x[4]*y[4] + x[8]*y[8] + x[12]*y[12]
		s1 += x[1]*y[1] + x[5]*y[5] + x[9]*y[9] + x[13]*y[13]
		s2 += x[2]*y[2] + x[6]*y[6] + x[10]*y[10] + x[14]*y[14]
		s3 += x[3]*y[3] + x[7]*y[7] + x[11]*y[11] + x[15]*y[15]
		a, b = a[16:], b[16:]
	}
	b = b[:len(a)]
	for i, x := range a {
		s0 += x * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// dotBatchGeneric is dotGeneric over consecutive rows, with the row loop inline.
func dotBatchGeneric(q, rows, out []float32) {
	d := len(q)
	rows = rows[:len(out)*d]
	for i := range out {
		a, b := q, rows[:d:d]
		rows = rows[d:]
		var s0, s1, s2, s3 float32
		for len(a) >= 16 && len(b) >= 16 {
			x, y := a[:16:16], b[:16:16]
			s0 += x[0]*y[0] + x[4]*y[4] + x[8]*y[8] + x[12]*y[12]
			s1 += x[1]*y[1] + x[5]*y[5] + x[9]*y[9] + x[13]*y[13]
			s2 += x[2]*y[2] + x[6]*y[6] + x[10]*y[10] + x[14]*y[14]
			s3 += x[3]*y[3] + x[7]*y[7] + x[11]*y[11] + x[15]*y[15]
			a, b = a[16:], b[16:]
		}
		b = b[:len(a)]
		for j, x := range a {
			s0 += x * b[j]
		}
		out[i] = (s0 + s1) + (s2 + s3)
	}
}

func squaredL2Generic(a, b []float32) float32 {
	var s0, s1, s2, s3 float32
	for len(a) >= 4 && len(b) >= 4 {
		x, y := a[:4:4], b[:4:4]
		d0, d1, d2, d3 := x[0]-y[0], x[1]-y[1], x[2]-y[2], x[3]-y[3]
		s0 += d0 * d0
		s1 += d1 * d1
		s2 += d2 * d2
		s3 += d3 * d3
		a, b = a[4:], b[4:]
	}
	b = b[:len(a)]
	for i, x := range a {
		d := x - b[i]
		s0 += d * d
	}
	return (s0 + s1) + (s2 + s3)
}

func axpyGeneric(alpha float32, x, y []float32) {
	for len(x) >= 4 && len(y) >= 4 {
		u, v := x[:4:4], y[:4:4]
		v[0] += alpha * u[0]
		v[1] += alpha * u[1]
		v[2] += alpha * u[2]
		v[3] += alpha * u[3]
		x, y = x[4:], y[4:]
	}
	y = y[:len(x)]
	for i, u := range x {
		y[i] += alpha * u
	}
}

func scaleGeneric(alpha float32, x []float32) {
	for i := range x {
		x[i] *= alpha
	}
}

func sumGeneric(x []float32) float32 {
	var s0, s1, s2, s3 float32
	for len(x) >= 4 {
		w := x[:4:4]
		s0 += w[0]
		s1 += w[1]
		s2 += w[2]
		s3 += w[3]
		x = x[4:]
	}
	for _, v := range x {
		s0 += v
	}
	return (s0 + s1) + (s2 + s3)
}
