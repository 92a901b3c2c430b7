package runtime

import (
	"sync"

	"github.com/corerec/corerec/internal/kernel/gemm"
)

// packedKey names one use of a weight matrix as the B operand of x·Wᵀ: the matrix's first element and the
// shape it is read with (k×n, row stride ld). The same weights may be read with two shapes (a first layer
// over the candidate's columns only, or over all of x0).
type packedKey struct {
	p        *float32
	k, n, ld int
}

// packedWeights holds the weights of the batched layers packed once for the GEMM micro-kernel, so that no
// request pays for packing constant matrices (it was an eighth of a DCN-v2 forward). Safe for concurrent use:
// a matrix is packed at its first use and never changes after.
type packedWeights struct {
	m sync.Map // packedKey → gemm.PackedB
}

func (pw *packedWeights) get(w []float32, k, n, ld int) gemm.PackedB {
	key := packedKey{&w[0], k, n, ld}
	if v, ok := pw.m.Load(key); ok {
		return v.(gemm.PackedB)
	}
	pb := gemm.PackB(make([]float32, gemm.PackedSize(k, n)), true, k, n, w, ld)
	v, _ := pw.m.LoadOrStore(key, pb)
	return v.(gemm.PackedB)
}

// mulWT computes dst (m×n, row stride ldc) = x·Wᵀ + beta·dst for x of m×k (row stride ldx) and W of n×k
// (row stride ldw): with pre-packed weights under the default GEMM, through RankerOptions.Gemm otherwise.
// beta is 0 (dst is overwritten) or 1 (dst holds a bias, added with the rounding of a separate pass:
// 1·acc + 1·bias is acc + bias).
func (r *Ranker) mulWT(m, n, k int, x []float32, ldx int, w []float32, ldw int, beta float32, dst []float32, ldc int) {
	if r.packed == nil {
		r.gemm(false, true, m, n, k, 1, x, ldx, w, ldw, beta, dst, ldc)
		return
	}
	if n == 0 || k == 0 { // no product: dst = beta·dst (so gemm.Gemm, never called, stays out of the browser build)
		if beta == 0 {
			for i := range m {
				clear(dst[i*ldc : i*ldc+n])
			}
		}
		return
	}
	gemm.GemmPacked(false, m, 1, x, ldx, r.packed.get(w, k, n, ldw), beta, dst, ldc)
}

// fillRows sets each of the n rows of dst (width len(row)) to row: the bias a GEMM with beta 1 adds to,
// which saves a pass over the output.
func fillRows(dst []float32, n int, row []float32) {
	w := len(row)
	for i := range n {
		copy(dst[i*w:(i+1)*w], row)
	}
}
