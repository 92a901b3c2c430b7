//go:build !amd64 || purego

package kernel

// Without assembly every kernel is the generic one, written for the compiler.

func implementations() []string { return []string{implGeneric} }

func currentImpl() string { return implGeneric }

func selectImpl(name string) bool { return name == implGeneric }

func dot(a, b []float32) float32                             { return dotGeneric(a, b) }
func dotBatch(q, rows, out []float32)                        { dotBatchGeneric(q, rows, out) }
func squaredL2(a, b []float32) float32                       { return squaredL2Generic(a, b) }
func axpy(alpha float32, x, y []float32)                     { axpyGeneric(alpha, x, y) }
func scale(alpha float32, x []float32)                       { scaleGeneric(alpha, x) }
func sum(x []float32) float32                                { return sumGeneric(x) }
func dotF16(q []float32, codes []uint16) float32             { return dotF16Generic(q, codes) }
func dotBatchF16(q []float32, codes []uint16, out []float32) { dotBatchF16Generic(q, codes, out) }
func dotInt8(q []float32, codes []int8) float32              { return dotInt8Generic(q, codes) }
func dotBatchInt8(q []float32, codes []int8, out []float32)  { dotBatchInt8Generic(q, codes, out) }
func encodeF16(dst []uint16, src []float32)                  { encodeF16Generic(dst, src) }
func decodeF16(dst []float32, src []uint16)                  { decodeF16Generic(dst, src) }
