package kernel

// Accel is a set of batch kernels implemented outside Go that the portable build hands its scans
// to: the browser build's SIMD128 module (wasm/simd), which Go's wasm port cannot emit. Each field
// computes exactly what the function of the same name computes, up to the order of the float
// additions (the gathers: exactly, see below), for slices already cut to matching lengths (len(rows) == len(out)*len(q)); a nil field
// leaves that kernel to the generic code.
type Accel struct {
	// Name is the implementation name reported by Impl and accepted by SetImpl, e.g. "simd128".
	Name         string
	DotBatch     func(q, rows, out []float32)
	DotBatchInt8 func(q []float32, codes []int8, out []float32)
	// GatherDot and GatherDotInt8Row add in the order of the generic gathers (bit-identical
	// results); they get len(out) == len(ids) > 0, len(q) > 0 and ids already checked against the
	// rows, scale and offset. GatherDotInt8Row with a nil scale serves GatherDotInt8.
	GatherDot        func(q, rows []float32, ids []int32, out []float32)
	GatherDotInt8Row func(q []float32, codes []int8, ids []int32, out, scale, offset []float32, sumQ float32)
	// GemmTiles serves internal/kernel/gemm's portable micro-kernel, bit-identical, over a grid of
	// panels × tiles 4×16 tiles C = alpha·(A·Bp) + beta·C, k steps each. Panel q reads rows
	// [4q, 4q+4) of A, A[r, p] = a[r·rs + p·ss], and writes the same rows of C (row stride ldc);
	// tile t reads the packed panel b[16·k·t:] (16 values a step) and writes C's columns
	// [16t, 16t+16). beta == 0 does not read C. Each element sums its products in step order from
	// 0, then alpha·sum (+ beta·C), as the Go loop does. It gets tiles, panels ≥ 1 and pointers to
	// memory the gemm package has checked.
	GemmTiles GemmTilesFunc
}

// GemmTilesFunc is the signature of Accel.GemmTiles.
type GemmTilesFunc func(k int, a *float32, rs, ss int, b, c *float32, ldc int, alpha, beta float32, tiles, panels int)

// ActiveGemmTiles returns the active implementation's GemmTiles, or nil when the active
// implementation has none (the generic one, or amd64's assembly): internal/kernel/gemm asks it
// on every product and falls back to its own micro-kernel.
func ActiveGemmTiles() GemmTilesFunc { return activeGemmTiles() }

// InstallAccel makes a the preferred implementation, listed first by Implementations and active
// until SetImpl selects another, and reports whether it did. It does nothing and returns false
// where this package has assembly of its own (amd64 without the purego tag) or if a.Name is empty
// or names a built-in implementation.
//
// InstallAccel is meant to be called once at program start, before any kernel runs; like SetImpl
// it is not goroutine-safe.
func InstallAccel(a Accel) bool {
	if a.Name == "" || a.Name == implGeneric || a.Name == implAVX2 {
		return false
	}
	return installAccel(a)
}
