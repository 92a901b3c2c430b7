package nn

// gemmImpl is the portable GEMM: C rows are scaled by beta, then accumulate alpha*op(A)[i,p]
// times row p of op(B). When B is transposed, blocks of it are first copied into k×n order so
// the inner loop is always a contiguous axpy.
func gemmImpl(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) {
	for i := range m {
		row := c[i*ldc : i*ldc+n]
		switch beta {
		case 0:
			clear(row)
		case 1:
		default:
			for j := range row {
				row[j] *= beta
			}
		}
	}
	if alpha == 0 || k == 0 {
		return
	}
	const nc = 256
	var panel []float32
	if transB {
		panel = make([]float32, k*min(n, nc))
	}
	for j0 := 0; j0 < n; j0 += nc {
		j1 := min(j0+nc, n)
		w := j1 - j0
		bp, ldp := b[j0:], ldb
		if transB {
			for p := range k {
				for j := range w {
					panel[p*w+j] = b[(j0+j)*ldb+p]
				}
			}
			bp, ldp = panel, w
		}
		for i := range m {
			crow := c[i*ldc+j0 : i*ldc+j1]
			for p := range k {
				var av float32
				if transA {
					av = a[p*lda+i]
				} else {
					av = a[i*lda+p]
				}
				axpyGo(alpha*av, bp[p*ldp:p*ldp+w], crow)
			}
		}
	}
}

// axpyGo computes y += alpha*x.
func axpyGo(alpha float32, x, y []float32) {
	y = y[:len(x)]
	i := 0
	for ; i+4 <= len(x); i += 4 {
		y[i] += alpha * x[i]
		y[i+1] += alpha * x[i+1]
		y[i+2] += alpha * x[i+2]
		y[i+3] += alpha * x[i+3]
	}
	for ; i < len(x); i++ {
		y[i] += alpha * x[i]
	}
}
