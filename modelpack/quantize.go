package modelpack

import "math"

// Int8 code range: symmetric, -127..127 (254 steps). -128 is never written,
// so a code can be negated without overflow and u8×s8 dot-product
// instructions cannot saturate; the cost is 1/255 of the resolution.
const (
	codeMax   = 127
	codeSteps = 2 * codeMax
)

// Quantize converts m to precision to. From QuantF32 (or QuantF16) it can
// produce QuantF16 or QuantInt8 (and QuantF32). Int8 is asymmetric: for each
// row (or, with perDim, each column) with values in [lo, hi],
// Offset = (lo+hi)/2, Scale = (hi-lo)/254 and code = round((x-Offset)/Scale)
// in [-127, 127], so |x - (Offset+Scale·code)| <= Scale/2 (plus float32
// rounding). A constant row gets Scale 0 and is exact. NaN or ±Inf gives
// ErrRange, as does |x| > 65504 when converting to f16. Re-quantizing an
// int8 matrix is refused (ErrInvalid): quantize from the finer copy.
func Quantize(m Matrix, to Quant, perDim bool) (Matrix, error) {
	if err := m.Validate(); err != nil {
		return Matrix{}, err
	}
	if m.Quant == QuantInt8 {
		return Matrix{}, errorf(ErrInvalid, "cannot re-quantize an int8 matrix")
	}
	src := m.F32
	if m.Quant == QuantF16 {
		src = make([]float32, len(m.F16))
		for i, h := range m.F16 {
			src[i] = F16ToF32(h)
		}
	}
	out := Matrix{Rows: m.Rows, Cols: m.Cols, Quant: to}
	switch to {
	case QuantF32:
		out.F32 = append([]float32(nil), src...)
		return out, nil
	case QuantF16:
		var err error
		out.F16, err = toF16(src)
		return out, err
	case QuantInt8:
		return quantizeInt8(out, src, perDim)
	}
	return Matrix{}, errorf(ErrInvalid, "unknown quantization %d", int(to))
}

func toF16(src []float32) ([]uint16, error) {
	out := make([]uint16, len(src))
	for i, x := range src {
		if x != x || x > MaxF16 || x < -MaxF16 {
			return nil, errorf(ErrRange, "element %d = %g does not fit f16", i, x)
		}
		out[i] = F32ToF16(x)
	}
	return out, nil
}

func quantizeInt8(out Matrix, src []float32, perDim bool) (Matrix, error) {
	for i, x := range src {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return Matrix{}, errorf(ErrRange, "element %d = %g cannot be quantized", i, x)
		}
	}
	out.PerDim = perDim
	k := out.scaleLen()
	out.Scale, out.Offset = make([]float32, k), make([]float32, k)
	out.I8 = make([]int8, len(src))
	// group g holds the elements sharing Scale[g]: row g or column g.
	stride, step, count := out.Cols, 1, out.Cols
	if perDim {
		stride, step, count = 1, out.Cols, out.Rows
	}
	for g := 0; g < k; g++ {
		quantizeGroup(&out, src, g, g*stride, step, count)
	}
	return out, nil
}

// quantizeGroup quantizes the count elements src[start], src[start+step], ...
func quantizeGroup(out *Matrix, src []float32, g, start, step, count int) {
	if count == 0 {
		return
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for j, p := 0, start; j < count; j, p = j+1, p+step {
		x := float64(src[p])
		lo, hi = min(lo, x), max(hi, x)
	}
	off := float32((lo + hi) / 2)
	sc := float32((hi - lo) / codeSteps)
	out.Offset[g], out.Scale[g] = off, sc
	if sc == 0 {
		return // every code 0 (constant group, or a range below float32 resolution)
	}
	inv := 1 / float64(sc)
	for j, p := 0, start; j < count; j, p = j+1, p+step {
		c := math.Round((float64(src[p]) - float64(off)) * inv)
		out.I8[p] = int8(max(-codeMax, min(codeMax, c)))
	}
}

// QuantStats measures how far a quantized matrix is from the original.
type QuantStats struct {
	MaxAbsErr  float64 // largest |orig - dequantized| over all elements
	RMSE       float64 // root mean squared error over all elements
	MeanCosine float64 // mean cosine similarity between matching rows
	MinCosine  float64 // smallest such cosine
}

// QuantError compares q (any precision) with orig row by row. Two zero
// rows have cosine 1; a zero row against a non-zero one has cosine 0.
func QuantError(orig, q Matrix) (QuantStats, error) {
	if err := firstErr(orig.Validate(), q.Validate()); err != nil {
		return QuantStats{}, err
	}
	if orig.Rows != q.Rows || orig.Cols != q.Cols {
		return QuantStats{}, errorf(ErrInvalid, "shapes %d×%d and %d×%d differ", orig.Rows, orig.Cols, q.Rows, q.Cols)
	}
	st := QuantStats{MeanCosine: 1, MinCosine: 1}
	if orig.Rows == 0 || orig.Cols == 0 {
		return st, nil
	}
	a, b := make([]float32, orig.Cols), make([]float32, orig.Cols)
	var sq, cosSum float64
	for i := 0; i < orig.Rows; i++ {
		a, b = orig.Row(i, a), q.Row(i, b)
		var dot, na, nb float64
		for j := range a {
			x, y := float64(a[j]), float64(b[j])
			d := math.Abs(x - y)
			st.MaxAbsErr = max(st.MaxAbsErr, d)
			sq += d * d
			dot, na, nb = dot+x*y, na+x*x, nb+y*y
		}
		c := cosine(dot, na, nb)
		cosSum += c
		st.MinCosine = min(st.MinCosine, c)
	}
	st.RMSE = math.Sqrt(sq / float64(orig.Rows*orig.Cols))
	st.MeanCosine = cosSum / float64(orig.Rows)
	return st, nil
}

func cosine(dot, na, nb float64) float64 {
	switch {
	case na == 0 && nb == 0:
		return 1
	case na == 0 || nb == 0:
		return 0
	}
	return dot / math.Sqrt(na*nb)
}
