package gemm

import "unsafe"

// goKernel is the portable micro-kernel: a 4×16 tile accumulated in locals' arrays.
var goKernel = kernel{name: "go", mr: 4, nr: 16, fn: kernGo}

func kernGo(k int, a *float32, rs, ss int, b, c *float32, ldc int, alpha, beta float32) {
	const mr, nr = 4, 16
	if k == 0 {
		rs, ss = 0, 0
	}
	ap := unsafe.Slice(a, (mr-1)*rs+(k-1)*ss+1)
	bp := unsafe.Slice(b, k*nr)
	var acc [mr][nr]float32
	for p := range k {
		brow := (*[nr]float32)(bp[p*nr : p*nr+nr])
		for r := range mr {
			av := ap[r*rs+p*ss]
			row := &acc[r]
			for j := range nr {
				row[j] += av * brow[j]
			}
		}
	}
	cs := unsafe.Slice(c, (mr-1)*ldc+nr)
	for r := range mr {
		dst := (*[nr]float32)(cs[r*ldc : r*ldc+nr])
		for j := range nr {
			if beta == 0 {
				dst[j] = alpha * acc[r][j]
			} else {
				dst[j] = alpha*acc[r][j] + beta*dst[j]
			}
		}
	}
}
