//go:build amd64 && !purego

package kernel

import "github.com/viterin/vek/vek32"

// useAVX2 selects the AVX2+FMA+F16C kernels. It is set once from CPUID and changed only by SetImpl.
var useAVX2 = cpu.hasAVX2Set()

// implementations lists, best first, the implementations this CPU can run.
func implementations() []string {
	if cpu.hasAVX2Set() {
		return []string{implAVX2, implGeneric}
	}
	return []string{implGeneric}
}

func currentImpl() string {
	if useAVX2 {
		return implAVX2
	}
	return implGeneric
}

// selectImpl switches to the named implementation and reports whether it is available.
func selectImpl(name string) bool {
	switch {
	case name == implGeneric:
		useAVX2 = false
	case name == implAVX2 && cpu.hasAVX2Set():
		useAVX2 = true
	default:
		return false
	}
	return true
}

//go:noescape
func dotBatchAVX2(q []float32, rows []float32, out []float32)

//go:noescape
func dotBatchF16AVX2(q []float32, codes []uint16, out []float32)

//go:noescape
func dotBatchInt8AVX2(q []float32, codes []int8, out []float32)

//go:noescape
func squaredL2AVX2(a, b []float32) float32

//go:noescape
func axpyAVX2(x, y []float32, alpha float32)

//go:noescape
func encodeF16AVX2(dst []uint16, src []float32)

//go:noescape
func decodeF16AVX2(dst []float32, src []uint16)

// The functions below receive slices already cut to matching lengths by the public API.
// vek's functions panic on empty input, so every call to vek is guarded by a length check.

// dot runs this package's loop rather than vek32.Dot: vek's falls back to scalar code below 32
// elements and for up to 31 trailing ones (see RATIONALE.md for the measurements).
func dot(a, b []float32) float32 {
	if useAVX2 {
		var out [1]float32
		dotBatchAVX2(a, b, out[:])
		return out[0]
	}
	return dotGeneric(a, b)
}

func dotBatch(q, rows, out []float32) {
	if useAVX2 {
		dotBatchAVX2(q, rows, out)
		return
	}
	dotBatchGeneric(q, rows, out)
}

func squaredL2(a, b []float32) float32 {
	if useAVX2 {
		return squaredL2AVX2(a, b)
	}
	return squaredL2Generic(a, b)
}

func axpy(alpha float32, x, y []float32) {
	if useAVX2 {
		axpyAVX2(x, y, alpha)
		return
	}
	axpyGeneric(alpha, x, y)
}

func scale(alpha float32, x []float32) {
	if useAVX2 && len(x) > 0 {
		vek32.MulNumber_Inplace(x, alpha)
		return
	}
	scaleGeneric(alpha, x)
}

func sum(x []float32) float32 {
	if useAVX2 && len(x) > 0 {
		return vek32.Sum(x)
	}
	return sumGeneric(x)
}

func dotF16(q []float32, codes []uint16) float32 {
	if useAVX2 {
		var out [1]float32
		dotBatchF16AVX2(q, codes, out[:])
		return out[0]
	}
	return dotF16Generic(q, codes)
}

func dotBatchF16(q []float32, codes []uint16, out []float32) {
	if useAVX2 {
		dotBatchF16AVX2(q, codes, out)
		return
	}
	dotBatchF16Generic(q, codes, out)
}

func dotInt8(q []float32, codes []int8) float32 {
	if useAVX2 {
		var out [1]float32
		dotBatchInt8AVX2(q, codes, out[:])
		return out[0]
	}
	return dotInt8Generic(q, codes)
}

func dotBatchInt8(q []float32, codes []int8, out []float32) {
	if useAVX2 {
		dotBatchInt8AVX2(q, codes, out)
		return
	}
	dotBatchInt8Generic(q, codes, out)
}

func encodeF16(dst []uint16, src []float32) {
	if useAVX2 {
		encodeF16AVX2(dst, src)
		return
	}
	encodeF16Generic(dst, src)
}

func decodeF16(dst []float32, src []uint16) {
	if useAVX2 {
		decodeF16AVX2(dst, src)
		return
	}
	decodeF16Generic(dst, src)
}

// The gathers stay generic here: ann carries its own AVX2 gathers for amd64.

func gatherDot(q, rows []float32, ids []int32, out []float32) { gatherDotGeneric(q, rows, ids, out) }

func gatherDotInt8Row(q []float32, codes []int8, ids []int32, out, scale, offset []float32, sumQ float32) {
	gatherDotInt8RowGeneric(q, codes, ids, out, scale, offset, sumQ)
}
