//go:build js && wasm

package simd

import (
	"unsafe"

	"github.com/corerec/corerec/internal/kernel"
)

//go:wasmimport corerec_simd gemmTiles
func gemmTilesImport(k int32, a unsafe.Pointer, rs, ss int32, b, c unsafe.Pointer, ldc int32, alpha, beta float32, tiles, panels int32)

// InstallWithGemm is Install plus the GEMM micro-kernel of internal/kernel/gemm (the rankers'
// dense and cross layers): the module's gemmTiles, bit-identical to the pure-Go micro-kernel.
// The host must supply the import corerec_simd.gemmTiles (wasm/cmd/rankbench's hosts do); a
// program that only calls Install does not import it, so hosts that predate it keep working.
func InstallWithGemm() bool {
	if available() == 0 {
		return false
	}
	return kernel.InstallAccel(kernel.Accel{Name: Name, DotBatch: dotBatch, DotBatchInt8: dotBatchInt8,
		GatherDot: gatherDot, GatherDotInt8Row: gatherDotInt8Row, GemmTiles: gemmTiles})
}

// gemmTiles passes Go's pointers (byte offsets into the shared memory) on; the gemm package has
// checked every matrix against its slice before it calls a micro-kernel.
func gemmTiles(k int, a *float32, rs, ss int, b, c *float32, ldc int, alpha, beta float32, tiles, panels int) {
	gemmTilesImport(int32(k), unsafe.Pointer(a), int32(rs), int32(ss), unsafe.Pointer(b), unsafe.Pointer(c),
		int32(ldc), alpha, beta, int32(tiles), int32(panels))
}
