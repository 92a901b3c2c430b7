//go:build amd64 && !purego

package ann

import (
	"slices"

	"github.com/corerec/corerec/internal/kernel"
)

// useAVX2 selects the assembly gather kernels: the CPU runs the kernel package's "avx2" set
// (AVX2, FMA and F16C with OS support).
var useAVX2 = slices.Contains(kernel.Implementations(), "avx2")

//go:noescape
func gatherDotAVX2(q, rows []float32, ids []int32, out []float32)

//go:noescape
func gatherNegL2AVX2(q, rows []float32, ids []int32, out []float32)

//go:noescape
func gatherDotF16AVX2(q []float32, rows []uint16, ids []int32, out []float32)

//go:noescape
func gatherDotI8AVX2(q []float32, rows []int8, ids []int32, out []float32)

func gatherDot(q, rows []float32, ids []int32, out []float32) {
	if useAVX2 {
		gatherDotAVX2(q, rows, ids, out)
		return
	}
	gatherDotGeneric(q, rows, ids, out)
}

func gatherNegL2(q, rows []float32, ids []int32, out []float32) {
	if useAVX2 {
		gatherNegL2AVX2(q, rows, ids, out)
		return
	}
	gatherNegL2Generic(q, rows, ids, out)
}

func gatherDotF16(q []float32, rows []uint16, ids []int32, out []float32) {
	if useAVX2 {
		gatherDotF16AVX2(q, rows, ids, out)
		return
	}
	gatherDotF16Generic(q, rows, ids, out)
}

func gatherDotI8(q []float32, rows []int8, ids []int32, out []float32) {
	if useAVX2 {
		gatherDotI8AVX2(q, rows, ids, out)
		return
	}
	gatherDotI8Generic(q, rows, ids, out)
}

// prefetch2 asks for the two cache lines from p.
//
//go:noescape
func prefetch2(p *int32)

//go:noescape
func gatherDotI8RowAVX2(q []float32, rows []int8, ids []int32, out []float32, scale, offset []float32, sumQ float32)

// gatherDotI8Row scores per-row int8 rows: out[k] = offset[id]·sumQ + scale[id]·(q·codes).
func gatherDotI8Row(q []float32, rows []int8, ids []int32, out []float32, scale, offset []float32, sumQ float32) {
	if useAVX2 {
		gatherDotI8RowAVX2(q, rows, ids, out, scale, offset, sumQ)
		return
	}
	gatherDotI8RowGeneric(q, rows, ids, out, scale, offset, sumQ)
}
