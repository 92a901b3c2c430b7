//go:build !amd64 || purego

package kernel

// Without assembly every kernel is the generic one, written for the compiler, unless InstallAccel
// supplied batch kernels from outside Go (the browser's SIMD128 module).

var (
	accel    Accel // installed by InstallAccel; zero if none
	useAccel bool  // accel is the active implementation
)

func installAccel(a Accel) bool {
	accel, useAccel = a, true
	return true
}

func implementations() []string {
	if accel.Name != "" {
		return []string{accel.Name, implGeneric}
	}
	return []string{implGeneric}
}

func currentImpl() string {
	if useAccel {
		return accel.Name
	}
	return implGeneric
}

func selectImpl(name string) bool {
	switch {
	case name == implGeneric:
		useAccel = false
	case name != "" && name == accel.Name:
		useAccel = true
	default:
		return false
	}
	return true
}

func activeGemmTiles() GemmTilesFunc {
	if useAccel {
		return accel.GemmTiles
	}
	return nil
}

func dotBatch(q, rows, out []float32) {
	if useAccel && accel.DotBatch != nil {
		accel.DotBatch(q, rows, out)
		return
	}
	dotBatchGeneric(q, rows, out)
}

func dotBatchInt8(q []float32, codes []int8, out []float32) {
	if useAccel && accel.DotBatchInt8 != nil {
		accel.DotBatchInt8(q, codes, out)
		return
	}
	dotBatchInt8Generic(q, codes, out)
}

func gatherDot(q, rows []float32, ids []int32, out []float32) {
	if useAccel && accel.GatherDot != nil && len(ids) > 0 && len(q) > 0 {
		accel.GatherDot(q, rows, ids, out)
		return
	}
	gatherDotGeneric(q, rows, ids, out)
}

func gatherDotInt8Row(q []float32, codes []int8, ids []int32, out, scale, offset []float32, sumQ float32) {
	if useAccel && accel.GatherDotInt8Row != nil && len(ids) > 0 && len(q) > 0 {
		accel.GatherDotInt8Row(q, codes, ids, out, scale, offset, sumQ)
		return
	}
	gatherDotInt8RowGeneric(q, codes, ids, out, scale, offset, sumQ)
}

func dot(a, b []float32) float32                             { return dotGeneric(a, b) }
func squaredL2(a, b []float32) float32                       { return squaredL2Generic(a, b) }
func axpy(alpha float32, x, y []float32)                     { axpyGeneric(alpha, x, y) }
func scale(alpha float32, x []float32)                       { scaleGeneric(alpha, x) }
func sum(x []float32) float32                                { return sumGeneric(x) }
func dotF16(q []float32, codes []uint16) float32             { return dotF16Generic(q, codes) }
func dotBatchF16(q []float32, codes []uint16, out []float32) { dotBatchF16Generic(q, codes, out) }
func dotInt8(q []float32, codes []int8) float32              { return dotInt8Generic(q, codes) }
func encodeF16(dst []uint16, src []float32)                  { encodeF16Generic(dst, src) }
func decodeF16(dst []float32, src []uint16)                  { decodeF16Generic(dst, src) }
