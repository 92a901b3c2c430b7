//go:build !amd64 || purego

package gemm

import corekernel "github.com/corerec/corerec/internal/kernel"

var (
	kernels = []kernel{goKernel}
	active  = goKernel
)

// current returns the micro-kernel of the next product: the GemmTiles of internal/kernel's active
// implementation when it has one (the browser's SIMD128 module, bit-identical to goKernel and
// reading the same packed panels), goKernel otherwise.
func current() kernel {
	if t := corekernel.ActiveGemmTiles(); t != nil {
		return kernel{name: corekernel.Impl(), mr: goKernel.mr, nr: goKernel.nr, tiles: t}
	}
	return goKernel
}
