//go:build !amd64 || purego

package ann

func gatherDot(q, rows []float32, ids []int32, out []float32) { gatherDotGeneric(q, rows, ids, out) }

func gatherNegL2(q, rows []float32, ids []int32, out []float32) {
	gatherNegL2Generic(q, rows, ids, out)
}

func gatherDotF16(q []float32, rows []uint16, ids []int32, out []float32) {
	gatherDotF16Generic(q, rows, ids, out)
}

func gatherDotI8(q []float32, rows []int8, ids []int32, out []float32) {
	gatherDotI8Generic(q, rows, ids, out)
}

func prefetch2(*int32) {}

func gatherDotI8Row(q []float32, rows []int8, ids []int32, out []float32, scale, offset []float32, sumQ float32) {
	gatherDotI8RowGeneric(q, rows, ids, out, scale, offset, sumQ)
}
