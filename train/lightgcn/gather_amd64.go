//go:build amd64 && !purego

package lightgcn

import "github.com/corerec/corerec/internal/kernel"

//go:noescape
func gatherRowAVX2(out, x []float32, cols []int32, vals []float32)

// gatherFunc returns the row kernel for rows of width dim: the AVX2 one when internal/kernel runs its AVX2
// implementation (the same CPU check, and kernel.SetImpl switches both) and dim is a multiple of 8.
func gatherFunc(dim int) func(out, x []float32, cols []int32, vals []float32) {
	if dim%8 == 0 && kernel.Impl() == "avx2" {
		return gatherRowAVX2
	}
	return gatherRowGeneric
}
