package nn

import (
	"math"

	"github.com/viterin/vek/vek32"
)

// expFloor is the lowest shifted logit softmaxRow exponentiates: e^-87 ≈ 1.6e-38 is still a
// normal float32, and vek's AVX2 exp is only accurate down to about -87.
const expFloor = -87

// softmaxRow replaces row with softmax(row) and returns log Σ exp(row), the row's
// log-sum-exp. See softmaxRowScaled.
func softmaxRow(row []float32) float64 { return softmaxRowScaled(row, 1) }

// softmaxRowScaled replaces row with scale·softmax(row) and returns log Σ exp(row). Entries
// equal to -Inf (masked) come out exactly 0; finite entries more than 87 below the row's
// maximum come out as ~1e-38·scale instead of their true, smaller value. A row that is all
// -Inf returns -Inf and becomes all zeros; a row with a NaN or +Inf returns NaN.
func softmaxRowScaled(row []float32, scale float32) float64 {
	if len(row) == 0 {
		return math.Inf(-1)
	}
	total := vek32.Sum(row)
	if math.IsNaN(float64(total)) || math.IsInf(float64(total), 0) {
		return softmaxRowSlow(row, scale)
	}
	m := vek32.Max(row)
	vek32.AddNumber_Inplace(row, -m)
	vek32.MaximumNumber_Inplace(row, expFloor)
	expInPlace(row)
	s := vek32.Sum(row)
	vek32.MulNumber_Inplace(row, scale/s)
	return float64(m) + math.Log(float64(s))
}

// softmaxRowSlow is softmaxRowScaled for rows holding -Inf (masked entries), +Inf or NaN.
func softmaxRowSlow(row []float32, scale float32) float64 {
	negInf := float32(math.Inf(-1))
	m := negInf
	for _, v := range row {
		if v != v || v > math.MaxFloat32 {
			return math.NaN()
		}
		m = max(m, v)
	}
	if m == negInf {
		clear(row)
		return math.Inf(-1)
	}
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
	inv := float32(float64(scale) / s)
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
