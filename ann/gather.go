package ann

import "github.com/corerec/corerec/internal/kernel"

// The gather kernels score a query against the rows named by ids (row i starts at i·len(q)),
// writing out[k] for ids[k]; len(out) == len(ids). They are the inner loop of graph search: the
// rows are scattered, so they cannot use the contiguous batch kernels.

// The generic f32 and int8 gathers carry their dot product loop inline (one bounds check per
// window of 8, four accumulators): a call per row is expensive on wasm, where they run.

func gatherDotGeneric(q, rows []float32, ids []int32, out []float32) {
	d := len(q)
	out = out[:len(ids)]
	for k, id := range ids {
		lo := int(id) * d
		x, y := q, rows[lo:lo+d]
		var s0, s1, s2, s3 float32
		for len(x) >= 8 && len(y) >= 8 {
			a, b := x[:8:8], y[:8:8]
			s0 += a[0]*b[0] + a[4]*b[4]
			s1 += a[1]*b[1] + a[5]*b[5]
			s2 += a[2]*b[2] + a[6]*b[6]
			s3 += a[3]*b[3] + a[7]*b[7]
			x, y = x[8:], y[8:]
		}
		y = y[:len(x)]
		for i, a := range x {
			s0 += a * y[i]
		}
		out[k] = (s0 + s1) + (s2 + s3)
	}
}

func gatherNegL2Generic(q, rows []float32, ids []int32, out []float32) {
	d := len(q)
	for k, id := range ids {
		lo := int(id) * d
		out[k] = -kernel.SquaredL2(q, rows[lo:lo+d])
	}
}

func gatherDotF16Generic(q []float32, rows []uint16, ids []int32, out []float32) {
	d := len(q)
	for k, id := range ids {
		lo := int(id) * d
		out[k] = kernel.DotF16(q, rows[lo:lo+d])
	}
}

func gatherDotI8Generic(q []float32, rows []int8, ids []int32, out []float32) {
	d := len(q)
	out = out[:len(ids)]
	for k, id := range ids {
		lo := int(id) * d
		x, y := q, rows[lo:lo+d]
		var s0, s1, s2, s3 float32
		for len(x) >= 8 && len(y) >= 8 {
			a, b := x[:8:8], y[:8:8]
			s0 += a[0]*float32(b[0]) + a[4]*float32(b[4])
			s1 += a[1]*float32(b[1]) + a[5]*float32(b[5])
			s2 += a[2]*float32(b[2]) + a[6]*float32(b[6])
			s3 += a[3]*float32(b[3]) + a[7]*float32(b[7])
			x, y = x[8:], y[8:]
		}
		y = y[:len(x)]
		for i, a := range x {
			s0 += a * float32(y[i])
		}
		out[k] = (s0 + s1) + (s2 + s3)
	}
}

func gatherDotI8RowGeneric(q []float32, rows []int8, ids []int32, out []float32, scale, offset []float32, sumQ float32) {
	gatherDotI8Generic(q, rows, ids, out)
	for k, id := range ids {
		out[k] = offset[id]*sumQ + scale[id]*out[k]
	}
}
