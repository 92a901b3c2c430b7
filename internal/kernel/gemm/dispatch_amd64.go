//go:build !purego

package gemm

import (
	"slices"

	"github.com/viterin/vek"
)

//go:noescape
func kern12x32avx512(k int, a *float32, rs, ss int, b, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kern6x16avx2(k int, a *float32, rs, ss int, b, c *float32, ldc int, alpha, beta float32)

var (
	avx512Kernel = kernel{name: "avx512", mr: 12, nr: 32, fn: kern12x32avx512}
	avx2Kernel   = kernel{name: "avx2", mr: 6, nr: 16, fn: kern6x16avx2}
)

// kernels lists the micro-kernels this CPU runs, fastest first; the last is always goKernel.
var kernels = supported()

var active = kernels[0]

func supported() []kernel {
	f := vek.Info().CPUFeatures
	var ks []kernel
	if slices.Contains(f, "AVX512F") {
		ks = append(ks, avx512Kernel)
	}
	if slices.Contains(f, "AVX2") && slices.Contains(f, "FMA") {
		ks = append(ks, avx2Kernel)
	}
	return append(ks, goKernel)
}

// current returns the micro-kernel of the next product: with assembly, the fastest one this CPU runs.
func current() kernel { return active }
