package modelpack

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestQuantizeInt8Bound(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, perDim := range []bool{false, true} {
		for _, shape := range [][2]int{{1, 1}, {7, 3}, {50, 64}, {3, 200}} {
			m := randMatrix(rng, shape[0], shape[1], 3)
			m.F32[0] += 40 // an outlier
			q, err := Quantize(m, QuantInt8, perDim)
			require.NoError(t, err)
			require.NoError(t, q.Validate())
			require.Equal(t, perDim, q.PerDim)
			row := make([]float32, 0)
			for i := 0; i < m.Rows; i++ {
				row = q.Row(i, row)
				for j, got := range row {
					k := i
					if perDim {
						k = j
					}
					x, sc := m.F32[i*m.Cols+j], float64(q.Scale[k])
					tol := sc/2 + 1e-6*(math.Abs(float64(q.Offset[k]))+codeMax*sc)
					require.InDelta(t, x, got, tol, "perDim=%v %v (%d,%d)", perDim, shape, i, j)
					c := q.I8[i*m.Cols+j]
					require.True(t, c >= -codeMax && c <= codeMax)
				}
			}
		}
	}
}

func TestQuantizeExtremesAndConstant(t *testing.T) {
	m := Matrix{Rows: 2, Cols: 3, F32: []float32{-1, 0, 1, 5, 5, 5}}
	q, err := Quantize(m, QuantInt8, false)
	require.NoError(t, err)
	require.Equal(t, []int8{-127, 0, 127, 0, 0, 0}, q.I8)
	require.Equal(t, []float32{1.0 / 127, 0}, q.Scale)
	require.Equal(t, []float32{0, 5}, q.Offset)
	require.Equal(t, []float32{5, 5, 5}, q.Row(1, nil))
	require.Nil(t, q.Row(2, nil))
	require.Nil(t, q.Row(-1, nil))
}

func TestQuantizeF16(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	m := randMatrix(rng, 20, 16, 2)
	q, err := Quantize(m, QuantF16, false)
	require.NoError(t, err)
	st, err := QuantError(m, q)
	require.NoError(t, err)
	require.Less(t, st.MaxAbsErr, 8*0x1p-11) // |x| < 8 here: half an f16 ulp at most
	require.Greater(t, st.MeanCosine, 0.99999)
	back, err := Quantize(q, QuantF32, false)
	require.NoError(t, err)
	require.Equal(t, m.Rows*m.Cols, len(back.F32))
	q8, err := Quantize(q, QuantInt8, true) // from f16
	require.NoError(t, err)
	require.Equal(t, QuantInt8, q8.Quant)
}

func TestQuantizeErrors(t *testing.T) {
	nan := Matrix{Rows: 1, Cols: 2, F32: []float32{1, float32(math.NaN())}}
	_, err := Quantize(nan, QuantInt8, false)
	require.ErrorIs(t, err, ErrRange)
	_, err = Quantize(nan, QuantF16, false)
	require.ErrorIs(t, err, ErrRange)
	big := Matrix{Rows: 1, Cols: 1, F32: []float32{70000}}
	_, err = Quantize(big, QuantF16, false)
	require.ErrorIs(t, err, ErrRange)
	q, err := Quantize(big, QuantInt8, false)
	require.NoError(t, err)
	_, err = Quantize(q, QuantF16, false)
	require.ErrorIs(t, err, ErrInvalid)
	_, err = Quantize(big, Quant(9), false)
	require.ErrorIs(t, err, ErrInvalid)
}

func TestMatrixValidate(t *testing.T) {
	tests := []struct {
		name string
		m    Matrix
		ok   bool
	}{
		{"empty", Matrix{}, true},
		{"f32", Matrix{Rows: 1, Cols: 2, F32: []float32{1, 2}}, true},
		{"f32 short", Matrix{Rows: 1, Cols: 2, F32: []float32{1}}, false},
		{"two payloads", Matrix{Rows: 1, Cols: 1, F32: []float32{1}, F16: []uint16{1}}, false},
		{"wrong quant", Matrix{Rows: 1, Cols: 1, Quant: QuantF16, F32: []float32{1}}, false},
		{"int8 no scales", Matrix{Rows: 1, Cols: 1, Quant: QuantInt8, I8: []int8{1}}, false},
		{"int8 row", Matrix{Rows: 2, Cols: 1, Quant: QuantInt8, I8: []int8{1, 2}, Scale: []float32{1, 1}, Offset: []float32{0, 0}}, true},
		{"int8 dim wrong len", Matrix{Rows: 2, Cols: 1, Quant: QuantInt8, PerDim: true, I8: []int8{1, 2}, Scale: []float32{1, 1}, Offset: []float32{0, 0}}, false},
		{"f32 with scales", Matrix{Rows: 1, Cols: 1, F32: []float32{1}, Scale: []float32{1}}, false},
		{"negative", Matrix{Rows: -1}, false},
		{"unknown quant", Matrix{Quant: 7}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.m.Validate()
			if tt.ok {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, ErrInvalid)
			}
		})
	}
}

func TestQuantErrorStats(t *testing.T) {
	a := Matrix{Rows: 2, Cols: 2, F32: []float32{1, 0, 0, 0}}
	b := Matrix{Rows: 2, Cols: 2, F32: []float32{0, 1, 0, 0}}
	st, err := QuantError(a, b)
	require.NoError(t, err)
	require.Equal(t, QuantStats{MaxAbsErr: 1, RMSE: math.Sqrt(0.5), MeanCosine: 0.5, MinCosine: 0}, st)
	_, err = QuantError(a, Matrix{Rows: 1, Cols: 4, F32: make([]float32, 4)})
	require.ErrorIs(t, err, ErrInvalid)
}

func TestMatrixRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	m := randMatrix(rng, 30, 8, 1)
	b := NewBuilder(Manifest{})
	variants := map[string]func() (Matrix, error){
		"f32":     func() (Matrix, error) { return m, nil },
		"f16":     func() (Matrix, error) { return Quantize(m, QuantF16, false) },
		"int8row": func() (Matrix, error) { return Quantize(m, QuantInt8, false) },
		"int8dim": func() (Matrix, error) { return Quantize(m, QuantInt8, true) },
	}
	want := map[string]Matrix{}
	for name, f := range variants {
		q, err := f()
		require.NoError(t, err)
		want[name] = q
		require.NoError(t, b.AddMatrix(name, q))
	}
	bd := openT(t, build(t, b))
	for name, w := range want {
		t.Run(name, func(t *testing.T) {
			got, err := bd.Matrix(name)
			require.NoError(t, err)
			require.Equal(t, w, got)
			require.Equal(t, w.Bytes(), got.Bytes())
		})
	}
}

// The acceptance ratio: int8 embeddings of 100K × 64 take at least 3.5×
// fewer bytes than f32 in the file (section payloads, scales included).
func TestInt8Ratio(t *testing.T) {
	if testing.Short() {
		t.Skip("quantizes 6.4M floats")
	}
	rows, cols := 100000, 64
	m := randMatrix(rand.New(rand.NewPCG(11, 12)), rows, cols, 1)
	for _, perDim := range []bool{false, true} {
		q, err := Quantize(m, QuantInt8, perDim)
		require.NoError(t, err)
		ratio := fileBytes(t, "e", m) / fileBytes(t, "e", q)
		t.Logf("100000×64 int8 perDim=%v: f32/int8 file size ratio %.3f", perDim, ratio)
		require.GreaterOrEqual(t, ratio, 3.5)
	}
}

func fileBytes(t *testing.T, name string, m Matrix) float64 {
	b := NewBuilder(Manifest{})
	require.NoError(t, b.AddMatrix(name, m))
	n, err := b.WriteTo(discard{})
	require.NoError(t, err)
	return float64(n)
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
