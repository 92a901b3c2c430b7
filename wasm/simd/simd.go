//go:build js && wasm

package simd

import (
	"unsafe"

	"github.com/corerec/corerec/internal/kernel"
)

// Name is the implementation name the kernels are registered under.
const Name = "simd128"

//go:wasmimport corerec_simd available
func available() int32

//go:wasmimport corerec_simd dotBatch
func dotBatchImport(q, rows, out unsafe.Pointer, d, n int32)

//go:wasmimport corerec_simd dotBatchInt8
func dotBatchInt8Import(q, codes, out unsafe.Pointer, d, n int32)

//go:wasmimport corerec_simd gatherDot
func gatherDotImport(q, rows, ids, out unsafe.Pointer, d, n int32)

//go:wasmimport corerec_simd gatherDotInt8Row
func gatherDotInt8RowImport(q, codes, ids, out, scale, offset unsafe.Pointer, sumQ float32, d, n int32)

// Install registers the SIMD128 kernels with internal/kernel when the host supplied them, and
// reports whether it did.
func Install() bool {
	if available() == 0 {
		return false
	}
	return kernel.InstallAccel(kernel.Accel{Name: Name, DotBatch: dotBatch, DotBatchInt8: dotBatchInt8,
		GatherDot: gatherDot, GatherDotInt8Row: gatherDotInt8Row})
}

// The kernel package passes slices cut to len(rows) == len(out)*len(q); empty ones have no
// address to pass.

func dotBatch(q, rows, out []float32) {
	if len(out) == 0 || len(q) == 0 {
		clear(out)
		return
	}
	dotBatchImport(unsafe.Pointer(&q[0]), unsafe.Pointer(&rows[0]), unsafe.Pointer(&out[0]), int32(len(q)), int32(len(out)))
}

func dotBatchInt8(q []float32, codes []int8, out []float32) {
	if len(out) == 0 || len(q) == 0 {
		clear(out)
		return
	}
	dotBatchInt8Import(unsafe.Pointer(&q[0]), unsafe.Pointer(&codes[0]), unsafe.Pointer(&out[0]), int32(len(q)), int32(len(out)))
}

// The gathers get non-empty q and ids, checked against the rows by the kernel package; a nil scale
// passes the null pointer, which the module reads as "raw dot products".

func gatherDot(q, rows []float32, ids []int32, out []float32) {
	gatherDotImport(unsafe.Pointer(&q[0]), unsafe.Pointer(&rows[0]), unsafe.Pointer(&ids[0]), unsafe.Pointer(&out[0]),
		int32(len(q)), int32(len(ids)))
}

func gatherDotInt8Row(q []float32, codes []int8, ids []int32, out, scale, offset []float32, sumQ float32) {
	var sp, op unsafe.Pointer
	if scale != nil {
		sp, op = unsafe.Pointer(&scale[0]), unsafe.Pointer(&offset[0])
	}
	gatherDotInt8RowImport(unsafe.Pointer(&q[0]), unsafe.Pointer(&codes[0]), unsafe.Pointer(&ids[0]), unsafe.Pointer(&out[0]),
		sp, op, sumQ, int32(len(q)), int32(len(ids)))
}
