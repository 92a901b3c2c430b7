//go:build !amd64 || purego

package lightgcn

// gatherFunc returns the row kernel for rows of width dim: the portable one on this platform.
func gatherFunc(int) func(out, x []float32, cols []int32, vals []float32) { return gatherRowGeneric }
