package ann

import (
	"math"

	"github.com/corerec/corerec/internal/kernel"
)

// QuantizeInt8 encodes n = len(data)/dim float rows as int8 codes with x ≈ Offset + Scale·code,
// the codes spanning -127…127 over each row's range (or each dimension's range when perDim is
// set). It returns a new Vectors that owns its slices.
func QuantizeInt8(data []float32, dim int, perDim bool) Vectors {
	v := Vectors{N: len(data) / dim, Dim: dim, Storage: Int8, PerDim: perDim}
	v.I8 = make([]int8, v.N*dim)
	per := v.N
	if perDim {
		per = dim
	}
	v.Scale, v.Offset = make([]float32, per), make([]float32, per)
	lo, hi := make([]float32, per), make([]float32, per)
	for p := range per {
		lo[p], hi[p] = float32(math.Inf(1)), float32(math.Inf(-1))
	}
	param := func(i, j int) int {
		if perDim {
			return j
		}
		return i
	}
	for i := range v.N {
		for j, x := range data[i*dim : (i+1)*dim] {
			p := param(i, j)
			lo[p], hi[p] = min(lo[p], x), max(hi[p], x)
		}
	}
	for p := range per {
		v.Offset[p] = (hi[p] + lo[p]) / 2
		v.Scale[p] = (hi[p] - lo[p]) / 254
		if !(v.Scale[p] > 0) { // constant row or dimension (or no data): any scale decodes exactly
			v.Offset[p], v.Scale[p] = lo[p], 1
			if v.N == 0 {
				v.Offset[p] = 0
			}
		}
	}
	for i := range v.N {
		for j, x := range data[i*dim : (i+1)*dim] {
			p := param(i, j)
			c := math.Round(float64((x - v.Offset[p]) / v.Scale[p]))
			v.I8[i*dim+j] = int8(max(-127, min(127, c)))
		}
	}
	return v
}

// EncodeF16 encodes n = len(data)/dim float rows as IEEE half floats. It returns a new Vectors
// that owns its slice.
func EncodeF16(data []float32, dim int) Vectors {
	v := Vectors{N: len(data) / dim, Dim: dim, Storage: F16}
	v.F16 = make([]uint16, v.N*dim)
	kernel.EncodeF16(v.F16, data[:v.N*dim])
	return v
}
