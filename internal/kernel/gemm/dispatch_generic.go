//go:build !amd64 || purego

package gemm

var (
	kernels = []kernel{goKernel}
	active  = goKernel
)
