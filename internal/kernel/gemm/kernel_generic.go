package gemm

import "unsafe"

// goKernel is the portable micro-kernel: a 4×16 tile, computed as eight 2×4 blocks whose
// accumulators are locals (registers on every target, the wasm port's included; an accumulator
// array lives in memory there, which made this kernel 3–4× slower in the browser).
var goKernel = kernel{name: "go", mr: 4, nr: 16, fn: kernGo}

func kernGo(k int, a *float32, rs, ss int, b, c *float32, ldc int, alpha, beta float32) {
	const mr, nr = 4, 16
	if k == 0 {
		rs, ss = 0, 0
	}
	ap := unsafe.Slice(a, (mr-1)*rs+(k-1)*ss+1)
	bp := unsafe.Slice(b, k*nr)
	cs := unsafe.Slice(c, (mr-1)*ldc+nr)
	for r := 0; r < mr; r += 2 {
		for j := 0; j < nr; j += 4 {
			kern2x4(k, ap, r*rs, rs, ss, bp, j, cs[r*ldc+j:], ldc, alpha, beta)
		}
	}
}

// kern2x4 computes C[0:2, 0:4] = alpha·Σ_p A[r, p]·B[p, j] (+ beta·C) for A[r, p] = a[ao + r·rs + p·ss]
// and B[p, j] = b[p·16 + bo + j], each sum taken in step order from 0.
func kern2x4(k int, a []float32, ao, rs, ss int, b []float32, bo int, c []float32, ldc int, alpha, beta float32) {
	var c00, c01, c02, c03, c10, c11, c12, c13 float32
	for p := range k {
		bv := (*[4]float32)(b[p*16+bo : p*16+bo+4])
		a0, a1 := a[ao+p*ss], a[ao+rs+p*ss]
		b0, b1, b2, b3 := bv[0], bv[1], bv[2], bv[3]
		c00 += a0 * b0
		c01 += a0 * b1
		c02 += a0 * b2
		c03 += a0 * b3
		c10 += a1 * b0
		c11 += a1 * b1
		c12 += a1 * b2
		c13 += a1 * b3
	}
	store4(c[:4], alpha, beta, c00, c01, c02, c03)
	store4(c[ldc:ldc+4], alpha, beta, c10, c11, c12, c13)
}

// store4 writes alpha·v into dst[0:4], plus beta·dst unless beta == 0.
func store4(dst []float32, alpha, beta, v0, v1, v2, v3 float32) {
	d := (*[4]float32)(dst)
	if beta == 0 {
		d[0], d[1], d[2], d[3] = alpha*v0, alpha*v1, alpha*v2, alpha*v3
		return
	}
	d[0], d[1], d[2], d[3] = alpha*v0+beta*d[0], alpha*v1+beta*d[1], alpha*v2+beta*d[2], alpha*v3+beta*d[3]
}
