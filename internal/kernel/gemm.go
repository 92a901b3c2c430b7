package kernel

import "fmt"

// Block sizes for Gemm. A kc×nc block of B (256 KiB) stays in L2 while every row of A streams over
// it, and the nc floats of a C row (2 KiB) stay in L1 across the kc Axpy calls that update them.
const (
	gemmKC = 128 // rows of op(B) per block
	gemmNC = 512 // columns of C per block
	gemmNB = 256 // rows of B per DotBatch call when B is transposed
)

// Gemm computes C = alpha*op(A)*op(B) + beta*C on row-major matrices, where op(A) is m×k, op(B) is
// k×n and C is m×n. op(X) is X, or Xᵀ when transX is set: A is stored m×k (k×m if transA) with
// row stride lda, B is stored k×n (n×k if transB) with row stride ldb, C has row stride ldc.
// As in BLAS, beta == 0 overwrites C without reading it, and alpha == 0 does not read A or B.
//
// The inner loops are Axpy and DotBatch, so Gemm runs on the active implementation's kernels. It
// panics with a message naming the argument if the dimensions, strides or slice lengths do not fit:
// those are programming errors.
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
	if transB {
		gemmDotRows(transA, m, n, k, alpha, a, lda, b, ldb, c, ldc)
		return
	}
	gemmAxpyRows(transA, m, n, k, alpha, a, lda, b, ldb, c, ldc)
}

// gemmAxpyRows handles B stored k×n: each C row accumulates alpha*op(A)[i,p] times row p of B.
func gemmAxpyRows(transA bool, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, c []float32, ldc int) {
	for j0 := 0; j0 < n; j0 += gemmNC {
		j1 := min(j0+gemmNC, n)
		for p0 := 0; p0 < k; p0 += gemmKC {
			p1 := min(p0+gemmKC, k)
			for i := range m {
				crow := c[i*ldc+j0 : i*ldc+j1]
				for p := p0; p < p1; p++ {
					var aip float32
					if transA {
						aip = a[p*lda+i]
					} else {
						aip = a[i*lda+p]
					}
					Axpy(alpha*aip, b[p*ldb+j0:p*ldb+j1], crow)
				}
			}
		}
	}
}

// gemmDotRows handles B stored n×k: C[i,j] += alpha * (row i of op(A)) · (row j of B).
func gemmDotRows(transA bool, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, c []float32, ldc int) {
	var col []float32
	if transA {
		col = make([]float32, k)
	}
	var buf [gemmNB]float32
	for i := range m {
		arow := col
		if transA {
			for p := range k {
				col[p] = a[p*lda+i]
			}
		} else {
			arow = a[i*lda : i*lda+k]
		}
		for j0 := 0; j0 < n; j0 += gemmNB {
			j1 := min(j0+gemmNB, n)
			out := buf[:j1-j0]
			if ldb == k {
				DotBatch(arow, b[j0*ldb:], out)
			} else {
				for j := range out {
					out[j] = Dot(arow, b[(j0+j)*ldb:])
				}
			}
			Axpy(alpha, out, c[i*ldc+j0:i*ldc+j1])
		}
	}
}

// checkGemm panics unless every matrix fits its slice with the given stride.
func checkGemm(transA, transB bool, m, n, k, lenA, lda, lenB, ldb, lenC, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("kernel: Gemm: negative dimension m=%d n=%d k=%d", m, n, k))
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
		panic(fmt.Sprintf("kernel: Gemm: ld%s=%d is less than its %d columns", name, ld, cols))
	}
	if rows > 0 && cols > 0 && length < (rows-1)*ld+cols {
		panic(fmt.Sprintf("kernel: Gemm: len(%s)=%d is too short for %d×%d with stride %d",
			name, length, rows, cols, ld))
	}
}
