package kernel

import (
	"sync"

	"github.com/corerec/corerec/internal/fmtlite"
)

// Block sizes for Gemm: a gemmNB×gemmKC panel of op(B)ᵀ (at most 128 KiB) stays in L2 while every
// row of op(A) is dotted with it, and the gemmKC floats of that row stay in L1.
const (
	gemmKC = 256 // depth (k) per panel
	gemmNB = 128 // columns of C (rows of op(B)ᵀ) per panel
)

// gemmScratch holds the packing buffers of one Gemm call; pooled so that Gemm does not allocate.
type gemmScratch struct {
	panel [gemmNB * gemmKC]float32 // op(B)ᵀ block, row-major, rows of the block's depth
	arow  [gemmKC]float32          // one row of op(A) gathered from a column of A
	out   [gemmNB]float32          // dot products of one row of op(A) with the panel
}

var gemmPool = sync.Pool{New: func() any { return new(gemmScratch) }}

// Gemm computes C = alpha*op(A)*op(B) + beta*C on row-major matrices, where op(A) is m×k, op(B) is
// k×n and C is m×n. op(X) is X, or Xᵀ when transX is set: A is stored m×k (k×m if transA) with
// row stride lda, B is stored k×n (n×k if transB) with row stride ldb, C has row stride ldc.
// As in BLAS, beta == 0 overwrites C without reading it, and alpha == 0 does not read A or B.
//
// Gemm packs op(B)ᵀ in cache-sized panels and runs DotBatch and Axpy on them, so it uses the active
// implementation's kernels. It is safe for concurrent use on distinct C. It panics with a message
// naming the argument if dimensions, strides or slice lengths do not fit: programming errors.
func Gemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) {
	checkGemm(transA, transB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	if m == 0 || n == 0 {
		return
	}
	for i := range m {
		row := c[i*ldc : i*ldc+n]
		switch beta {
		case 0:
			clear(row)
		case 1:
		default:
			Scale(beta, row)
		}
	}
	if alpha == 0 || k == 0 {
		return
	}
	s := gemmPool.Get().(*gemmScratch)
	defer gemmPool.Put(s)
	for p0 := 0; p0 < k; p0 += gemmKC {
		p1 := min(p0+gemmKC, k)
		for j0 := 0; j0 < n; j0 += gemmNB {
			j1 := min(j0+gemmNB, n)
			panel := packPanel(s.panel[:], transB, b, ldb, p0, p1, j0, j1)
			for i := range m {
				arow := rowOfOpA(s.arow[:], transA, a, lda, i, p0, p1)
				out := s.out[:j1-j0]
				DotBatch(arow, panel, out)
				Axpy(alpha, out, c[i*ldc+j0:i*ldc+j1])
			}
		}
	}
}

// packPanel returns op(B)ᵀ[j0:j1, p0:p1] as contiguous rows of p1-p0 floats: a slice of b itself
// when B is stored transposed with no gaps, a copy in dst otherwise.
func packPanel(dst []float32, transB bool, b []float32, ldb, p0, p1, j0, j1 int) []float32 {
	depth := p1 - p0
	if transB && ldb == depth { // then p0 == 0: rows of B are already the panel's rows
		return b[j0*ldb : j1*ldb]
	}
	dst = dst[:(j1-j0)*depth]
	if transB {
		for j := j0; j < j1; j++ {
			copy(dst[(j-j0)*depth:], b[j*ldb+p0:j*ldb+p1])
		}
		return dst
	}
	for p := p0; p < p1; p++ { // read rows of B, write columns of the panel
		row := b[p*ldb+j0 : p*ldb+j1]
		for j, v := range row {
			dst[j*depth+p-p0] = v
		}
	}
	return dst
}

// rowOfOpA returns op(A)[i, p0:p1]: a slice of a, or a gather of column i of A into dst.
func rowOfOpA(dst []float32, transA bool, a []float32, lda, i, p0, p1 int) []float32 {
	if !transA {
		return a[i*lda+p0 : i*lda+p1]
	}
	dst = dst[:p1-p0]
	for p := range dst {
		dst[p] = a[(p0+p)*lda+i]
	}
	return dst
}

// checkGemm panics unless every matrix fits its slice with the given stride.
func checkGemm(transA, transB bool, m, n, k, lenA, lda, lenB, ldb, lenC, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmtlite.Sprintf("kernel: Gemm: negative dimension m=%d n=%d k=%d", m, n, k))
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
		panic(fmtlite.Sprintf("kernel: Gemm: ld%s=%d is less than its %d columns", name, ld, cols))
	}
	if rows > 0 && cols > 0 && length < (rows-1)*ld+cols {
		panic(fmtlite.Sprintf("kernel: Gemm: len(%s)=%d is too short for %d×%d with stride %d",
			name, length, rows, cols, ld))
	}
}
