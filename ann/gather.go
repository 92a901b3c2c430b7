package ann

import "github.com/corerec/corerec/internal/kernel"

// The gather kernels score a query against the rows named by ids (row i starts at i·len(q)),
// writing out[k] for ids[k]; len(out) == len(ids). They are the inner loop of graph search: the
// rows are scattered, so they cannot use the contiguous batch kernels.

// The generic f32 and int8 gathers are internal/kernel's: its loops are written for wasm (one
// bounds check per window of 8, four accumulators), and in the browser build they run on the
// installed SIMD128 gathers, bit-identical to the Go loops.

func gatherDotGeneric(q, rows []float32, ids []int32, out []float32) {
	kernel.GatherDot(q, rows, ids, out)
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
	kernel.GatherDotInt8(q, rows, ids, out)
}

func gatherDotI8RowGeneric(q []float32, rows []int8, ids []int32, out []float32, scale, offset []float32, sumQ float32) {
	kernel.GatherDotInt8Row(q, rows, ids, out, scale, offset, sumQ)
}
