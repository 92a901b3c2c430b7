package nn

import "fmt"

// gemm computes C = alpha*op(A)*op(B) + beta*C on row-major matrices, where op(A) is m×k,
// op(B) is k×n and C is m×n, with the same contract as internal/kernel.Gemm: A is stored m×k
// (k×m if transA) with row stride lda, B is stored k×n (n×k if transB) with row stride ldb.
// beta == 0 overwrites C without reading it.
func gemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) {
	checkGemm(transA, transB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	if m == 0 || n == 0 {
		return
	}
	gemmImpl(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// gemmRows runs gemm with the m rows of C split over the tape's workers. Each element of C is
// computed by one worker in the same order whatever the split, so the result does not depend
// on the worker count.
func (t *Tape) gemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) {
	checkGemm(transA, transB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	minRows := max(8, (1<<15)/max(1, n*k)) // ≥ ~32k multiply-adds per worker
	t.parallel(m, minRows, func(lo, hi int) {
		aOff := lo * lda
		if transA {
			aOff = lo
		}
		gemmImpl(transA, transB, hi-lo, n, k, alpha, a[aOff:], lda, b, ldb, beta, c[lo*ldc:], ldc)
	})
}

// gemmRef is the plain triple loop, in float64, for tests.
func gemmRef(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) {
	for i := range m {
		for j := range n {
			var s float64
			for p := range k {
				var av, bv float32
				if transA {
					av = a[p*lda+i]
				} else {
					av = a[i*lda+p]
				}
				if transB {
					bv = b[j*ldb+p]
				} else {
					bv = b[p*ldb+j]
				}
				s += float64(av) * float64(bv)
			}
			old := float64(0)
			if beta != 0 {
				old = float64(beta) * float64(c[i*ldc+j])
			}
			c[i*ldc+j] = float32(float64(alpha)*s + old)
		}
	}
}

// checkGemm panics unless every matrix fits its slice with the given stride.
func checkGemm(transA, transB bool, m, n, k, lenA, lda, lenB, ldb, lenC, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("nn: gemm: negative dimension m=%d n=%d k=%d", m, n, k))
	}
	rowsA, colsA := m, k
	if transA {
		rowsA, colsA = k, m
	}
	rowsB, colsB := k, n
	if transB {
		rowsB, colsB = n, k
	}
	checkMatrix("a", rowsA, colsA, lenA, lda)
	checkMatrix("b", rowsB, colsB, lenB, ldb)
	checkMatrix("c", m, n, lenC, ldc)
}

func checkMatrix(name string, rows, cols, length, ld int) {
	if ld < max(cols, 1) {
		panic(fmt.Sprintf("nn: gemm: ld%s=%d is less than its %d columns", name, ld, cols))
	}
	if rows > 0 && cols > 0 && length < (rows-1)*ld+cols {
		panic(fmt.Sprintf("nn: gemm: len(%s)=%d is too short for %d×%d with stride %d",
			name, length, rows, cols, ld))
	}
}
