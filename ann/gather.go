package ann

import "github.com/corerec/corerec/internal/kernel"

// The gather kernels score a query against the rows named by ids (row i starts at i·len(q)),
// writing out[k] for ids[k]; len(out) == len(ids). They are the inner loop of graph search: the
// rows are scattered, so they cannot use the contiguous batch kernels.

func gatherDotGeneric(q, rows []float32, ids []int32, out []float32) {
	d := len(q)
	for k, id := range ids {
		lo := int(id) * d
		out[k] = kernel.Dot(q, rows[lo:lo+d])
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
	for k, id := range ids {
		lo := int(id) * d
		out[k] = kernel.DotInt8(q, rows[lo:lo+d])
	}
}

func gatherDotI8RowGeneric(q []float32, rows []int8, ids []int32, out []float32, scale, offset []float32, sumQ float32) {
	gatherDotI8Generic(q, rows, ids, out)
	for k, id := range ids {
		out[k] = offset[id]*sumQ + scale[id]*out[k]
	}
}
