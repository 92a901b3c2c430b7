package nn

import (
	"math"

	"github.com/viterin/vek/vek32"
)

// expFloor is the lowest shifted logit softmaxRow exponentiates: e^-87 ≈ 1.6e-38 is still a
// normal float32, and vek's AVX2 exp is only accurate down to about -87.
const expFloor = -87

// softmaxRow replaces row with softmax(row) and returns log Σ exp(row), the row's
// log-sum-exp. Entries equal to -Inf (masked) come out exactly 0; finite entries more than 87
// below the row's maximum come out as ~1e-38 instead of their true, smaller value. A row that
// is all -Inf returns -Inf and becomes all zeros; a row with a NaN returns NaN.
func softmaxRow(row []float32) float64 {
	m := float32(math.Inf(-1))
	for _, v := range row {
		if v != v {
			return math.NaN()
		}
		m = max(m, v)
	}
	if math.IsInf(float64(m), -1) {
		clear(row)
		return math.Inf(-1)
	}
	negInf := float32(math.Inf(-1))
	for i, v := range row {
		if v != negInf {
			row[i] = max(v-m, expFloor)
		}
	}
	expInPlace(row)
	var s float64
	for _, v := range row {
		s += float64(v)
	}
	inv := float32(1 / s)
	for i := range row {
		row[i] *= inv
	}
	return float64(m) + math.Log(s)
}

// expInPlace replaces each x with e^x for x in [-87, 88] or x = -Inf (which gives 0): vek's
// AVX2 exp on amd64, math32 elsewhere. Outside that domain the AVX2 version is wrong, so
// callers clamp first.
func expInPlace(x []float32) {
	if len(x) > 0 {
		vek32.Exp_Inplace(x)
	}
}
