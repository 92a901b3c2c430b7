package nn

import "github.com/corerec/corerec/internal/kernel/gemm"

// gemm runs C = alpha·op(A)·op(B) + beta·C (internal/kernel.Gemm's contract) with the m rows of
// C split over the tape's workers. Each element of C is computed by one worker in the same
// order whatever the split, so the result does not depend on the worker count.
func (t *Tape) gemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) {
	minRows := max(16, (1<<16)/max(1, n*k)) // ≥ ~64k multiply-adds per worker
	if chunks(m, minRows, t.workers) <= 1 {
		gemm.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	t.parallel(m, minRows, func(lo, hi int) {
		aOff := lo * lda
		if transA {
			aOff = lo
		}
		gemm.Gemm(transA, transB, hi-lo, n, k, alpha, a[aOff:], lda, b, ldb, beta, c[lo*ldc:], ldc)
	})
}

// Gemm computes C = alpha·op(A)·op(B) + beta·C on row-major matrices with the rows of C split
// over the tape's workers, for ops defined outside this package. op(A) is m×k, op(B) is k×n:
// A is stored m×k (k×m if transA) with row stride lda, B k×n (n×k if transB) with stride ldb.
// beta == 0 overwrites C without reading it. Bad dimensions or slice lengths panic.
func (t *Tape) Gemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) {
	t.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}
