package kernel

import "github.com/corerec/corerec/internal/fmtlite"

// The gather kernels score a query against rows at scattered indices: row id of rows starts at
// id·len(q), and out[k] is the score of row ids[k] (len(out) ≥ len(ids); out[len(ids):] is left
// alone). They are the inner loop of graph search (ann), where the rows are a node's neighbours and
// cannot use the contiguous batch kernels. They panic, like an index expression, if an id names no
// row.
//
// Their generic code fixes the order of the float additions — per window of 8 values, lane j sums
// q[j]·x[j] + q[j+4]·x[j+4]; the tail goes to lane 0; the result is (l0+l1)+(l2+l3) — and an Accel's
// gathers follow the same order, so both give bit-identical results.

// GatherDot sets out[k] = Dot(q, row ids[k] of rows) for k < len(ids).
func GatherDot(q, rows []float32, ids []int32, out []float32) {
	out = out[:len(ids)]
	checkIDs(ids, len(rows), len(q))
	gatherDot(q, rows, ids, out)
}

// GatherDotInt8 sets out[k] = DotInt8(q, row ids[k] of codes) for k < len(ids).
func GatherDotInt8(q []float32, codes []int8, ids []int32, out []float32) {
	out = out[:len(ids)]
	checkIDs(ids, len(codes), len(q))
	gatherDotInt8Row(q, codes, ids, out, nil, nil, 0)
}

// GatherDotInt8Row scores rows quantized with a scale and an offset per row (x ≈ offset[id] +
// scale[id]·codes): out[k] = offset[id]·sumQ + scale[id]·DotInt8(q, row id of codes) with id =
// ids[k], where sumQ is the sum of q.
func GatherDotInt8Row(q []float32, codes []int8, ids []int32, out, scale, offset []float32, sumQ float32) {
	out = out[:len(ids)]
	checkIDs(ids, len(codes), len(q))
	checkIDs(ids, min(len(scale), len(offset)), 1)
	gatherDotInt8Row(q, codes, ids, out, scale, offset, sumQ)
}

// checkIDs panics unless every id names a whole row of width d > 0 in a slice of length n (rows of
// width 0 are empty everywhere): the accelerated gathers index memory without Go's bounds checks.
func checkIDs(ids []int32, n, d int) {
	if d == 0 {
		return
	}
	rows := n / d
	for _, id := range ids {
		if uint(id) >= uint(rows) {
			panic(fmtlite.Sprintf("kernel: gather: row %d out of range [0, %d)", id, rows))
		}
	}
}

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

// gatherDotInt8RowGeneric leaves the raw dot products if scale is nil.
func gatherDotInt8RowGeneric(q []float32, codes []int8, ids []int32, out, scale, offset []float32, sumQ float32) {
	d := len(q)
	out = out[:len(ids)]
	for k, id := range ids {
		lo := int(id) * d
		x, y := q, codes[lo:lo+d]
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
	if scale == nil {
		return
	}
	for k, id := range ids {
		out[k] = offset[id]*sumQ + scale[id]*out[k]
	}
}
