package nn_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/train/nn"
	"github.com/corerec/corerec/train/nn/nntest"
)

func TestGradEmbedding(t *testing.T) {
	ids := []int32{2, 0, 2, -1, 4, 2} // duplicates and a padding id
	for _, sparse := range []bool{true, false} {
		t.Run(fmt.Sprintf("sparse=%v", sparse), func(t *testing.T) {
			table := randParam("table", 6, 3, 1, 1)
			if sparse {
				s := nn.NewSparse("table", 6, 3)
				copy(s.Data, table.Data)
				table = s
			}
			nntest.GradCheck(t, 0, func(tp *nn.Tape) *nn.Tensor {
				return tp.Embedding(table, ids)
			}, table)
		})
	}
}

func TestEmbeddingRowSparseGrad(t *testing.T) {
	table := nn.NewSparse("table", 10, 2)
	for i := range table.Data {
		table.Data[i] = float32(i)
	}
	tp := nn.NewTape(nn.Config{})
	y := tp.Embedding(table, []int32{7, 3, 7, -1})
	require.Equal(t, []float32{14, 15, 6, 7, 14, 15, 0, 0}, y.Data)
	require.NoError(t, tp.Backward(tp.Sum(y)))
	require.Equal(t, []int32{7, 3}, table.TouchedRows())
	require.Equal(t, []float32{2, 2}, table.RowGrad(0)) // row 7 twice
	require.Equal(t, []float32{1, 1}, table.RowGrad(1))
	table.ZeroGrad()
	require.Empty(t, table.TouchedRows())
}

func TestEmbeddingBadID(t *testing.T) {
	table := nn.NewSparse("table", 5, 2)
	tp := nn.NewTape(nn.Config{})
	y := tp.Embedding(table, []int32{1, 5})
	require.Equal(t, 2, y.Rows)
	require.ErrorIs(t, tp.Err(), nn.ErrIndex)
	require.ErrorIs(t, tp.Backward(tp.Sum(y)), nn.ErrIndex)
	require.Empty(t, table.TouchedRows())
}

func TestGradLinear(t *testing.T) {
	acts := []nn.Activation{nn.ActNone, nn.ActReLU, nn.ActGELU, nn.ActGELUTanh, nn.ActTanh, nn.ActSigmoid}
	for _, act := range acts {
		for _, bias := range []bool{true, false} {
			t.Run(fmt.Sprintf("act=%v/bias=%v", act, bias), func(t *testing.T) {
				x := awayFromZero("x", 4, 3, 1)
				w := randParam("w", 5, 3, 23, 0.7) // seeds meet requireAwayFromZero below
				var b *nn.Param
				params := []*nn.Param{x, w}
				if bias {
					b = randParam("b", 1, 5, 3, 0.5)
					params = append(params, b)
				}
				build := func(tp *nn.Tape) *nn.Tensor { return tp.Linear(tp.Param(x), w, b, act) }
				if act == nn.ActReLU {
					// A step of 1e-2 in one value of x (|w| < 0.7) or w (|x| < 1) moves a
					// pre-activation by less than 1e-2.
					requireAwayFromZero(t, x, w, b, 0.01)
				}
				nntest.GradCheck(t, 0, build, params...)
			})
		}
	}
}

// requireAwayFromZero asserts the test's precondition for ReLU: every pre-activation of
// x·Wᵀ + b is at least margin from the kink.
func requireAwayFromZero(t *testing.T, x, w, b *nn.Param, margin float32) {
	tp := nn.NewTape(nn.Config{})
	z := tp.Linear(tp.Param(x), w, b, nn.ActNone)
	for _, v := range z.Data {
		require.Greater(t, abs32(v), margin, "test data puts a pre-activation next to the ReLU kink")
	}
}

func abs32(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}

func TestGradActivate(t *testing.T) {
	for _, act := range []nn.Activation{nn.ActNone, nn.ActReLU, nn.ActGELU, nn.ActGELUTanh, nn.ActTanh, nn.ActSigmoid} {
		t.Run("act="+act.String(), func(t *testing.T) {
			x := awayFromZero("x", 3, 4, 5)
			nntest.GradCheck(t, 0, func(tp *nn.Tape) *nn.Tensor { return tp.Activate(tp.Param(x), act) }, x)
		})
	}
}

func TestActivationValues(t *testing.T) {
	tests := []struct {
		act  nn.Activation
		x    float32
		want float32
	}{
		{nn.ActReLU, -2, 0}, {nn.ActReLU, 1.5, 1.5},
		{nn.ActGELU, 1, 0.8413447}, {nn.ActGELU, -1, -0.15865526},
		{nn.ActGELUTanh, 1, 0.8411920}, {nn.ActGELUTanh, -1, -0.158808},
		{nn.ActTanh, 0.5, 0.46211716}, {nn.ActSigmoid, 0, 0.5}, {nn.ActSigmoid, -100, 3.7200760e-44},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%v(%v)", tc.act, tc.x), func(t *testing.T) {
			tp := nn.NewTape(nn.Config{})
			y := tp.Activate(tp.Const(1, 1, []float32{tc.x}), tc.act)
			require.InDelta(t, tc.want, y.Data[0], 1e-6)
		})
	}
}

func TestGradL2Normalize(t *testing.T) {
	x := randParam("x", 4, 5, 7, 1)
	nntest.GradCheck(t, 0, func(tp *nn.Tape) *nn.Tensor { return tp.L2Normalize(tp.Param(x)) }, x)

	tp := nn.NewTape(nn.Config{})
	y := tp.L2Normalize(tp.Const(2, 2, []float32{3, 4, 0, 0}))
	require.InDeltaSlice(t, []float32{0.6, 0.8, 0, 0}, y.Data, 1e-7)
}

func TestGradLayerNorm(t *testing.T) {
	x := randParam("x", 3, 6, 8, 1.5)
	gamma := randParam("gamma", 1, 6, 9, 1)
	beta := randParam("beta", 1, 6, 10, 1)
	nntest.GradCheck(t, 0, func(tp *nn.Tape) *nn.Tensor {
		return tp.LayerNorm(tp.Param(x), gamma, beta, 1e-5)
	}, x, gamma, beta)
	nntest.GradCheck(t, 0, func(tp *nn.Tape) *nn.Tensor {
		return tp.LayerNorm(tp.Param(x), nil, nil, 1e-5)
	}, x)
}

func TestLayerNormNormalises(t *testing.T) {
	tp := nn.NewTape(nn.Config{})
	y := tp.LayerNorm(tp.Const(1, 4, []float32{1, 2, 3, 4}), nil, nil, 0)
	// mean 2.5, population variance 1.25
	s := float32(1 / 1.118033988749895)
	require.InDeltaSlice(t, []float32{-1.5 * s, -0.5 * s, 0.5 * s, 1.5 * s}, y.Data, 1e-6)
}

func TestGradDropout(t *testing.T) {
	x := randParam("x", 4, 8, 11, 1)
	nntest.GradCheckWith(t, nntest.Options{Tape: nn.Config{Seed: 42}}, func(tp *nn.Tape) *nn.Tensor {
		return tp.Dropout(tp.Param(x), 0.3)
	}, x)
}

func TestDropout(t *testing.T) {
	data := make([]float32, 100*100)
	for i := range data {
		data[i] = 1
	}
	tp := nn.NewTape(nn.Config{Seed: 3})
	x := tp.Const(100, 100, data)
	y := tp.Dropout(x, 0.25)
	zeros := 0
	for _, v := range y.Data {
		if v == 0 {
			zeros++
		} else {
			require.InDelta(t, 1/0.75, v, 1e-6)
		}
	}
	require.InDelta(t, 0.25, float64(zeros)/1e4, 0.02) // 0.02 is > 4 standard deviations
	again := nn.NewTape(nn.Config{Seed: 3}).Dropout(x, 0.25)
	require.Equal(t, y.Data, again.Data, "same seed, same mask")
	second := tp.Dropout(x, 0.25)
	require.NotEqual(t, y.Data, second.Data, "each call draws a new mask")

	tp.SetTraining(false)
	require.Same(t, x, tp.Dropout(x, 0.25))
}

func TestGradElementwise(t *testing.T) {
	a := randParam("a", 3, 4, 12, 1)
	b := randParam("b", 3, 4, 13, 1)
	row := randParam("row", 1, 4, 14, 1)
	c := randParam("c", 3, 2, 15, 1)
	tests := []struct {
		name   string
		build  func(*nn.Tape) *nn.Tensor
		params []*nn.Param
	}{
		{"add", func(tp *nn.Tape) *nn.Tensor { return tp.Add(tp.Param(a), tp.Param(b)) }, []*nn.Param{a, b}},
		{"add_broadcast", func(tp *nn.Tape) *nn.Tensor { return tp.Add(tp.Param(a), tp.Param(row)) }, []*nn.Param{a, row}},
		{"add_self", func(tp *nn.Tape) *nn.Tensor { x := tp.Param(a); return tp.Add(x, x) }, []*nn.Param{a}},
		{"mul", func(tp *nn.Tape) *nn.Tensor { return tp.Mul(tp.Param(a), tp.Param(b)) }, []*nn.Param{a, b}},
		{"mul_self", func(tp *nn.Tape) *nn.Tensor { x := tp.Param(a); return tp.Mul(x, x) }, []*nn.Param{a}},
		{"scale", func(tp *nn.Tape) *nn.Tensor { return tp.Scale(tp.Param(a), -1.7) }, []*nn.Param{a}},
		{"concat", func(tp *nn.Tape) *nn.Tensor {
			return tp.Concat(tp.Param(a), tp.Const(3, 1, []float32{1, 2, 3}), tp.Param(c))
		}, []*nn.Param{a, c}},
		{"sum", func(tp *nn.Tape) *nn.Tensor { return tp.Sum(tp.Mul(tp.Param(a), tp.Param(b))) }, []*nn.Param{a, b}},
		{"mean", func(tp *nn.Tape) *nn.Tensor { return tp.Mean(tp.Mul(tp.Param(a), tp.Param(b))) }, []*nn.Param{a, b}},
		{"row_sum", func(tp *nn.Tape) *nn.Tensor { return tp.RowSum(tp.Param(a)) }, []*nn.Param{a}},
		{"row_dot", func(tp *nn.Tape) *nn.Tensor { return tp.RowDot(tp.Param(a), tp.Param(b)) }, []*nn.Param{a, b}},
		{"matmul_t", func(tp *nn.Tape) *nn.Tensor { return tp.MatMulT(tp.Param(a), tp.Param(b)) }, []*nn.Param{a, b}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { nntest.GradCheck(t, 0, tc.build, tc.params...) })
	}
}

func TestGradMatMul(t *testing.T) {
	a := randParam("a", 3, 4, 16, 1)
	b := randParam("b", 4, 2, 17, 1)
	nntest.GradCheck(t, 0, func(tp *nn.Tape) *nn.Tensor { return tp.MatMul(tp.Param(a), tp.Param(b)) }, a, b)
}

func TestGradParamSparse(t *testing.T) {
	table := nn.NewSparse("table", 3, 2)
	copy(table.Data, []float32{1, -2, 0.5, 3, -1, 0.25})
	nntest.GradCheck(t, 0, func(tp *nn.Tape) *nn.Tensor {
		x := tp.Param(table)
		return tp.Mul(x, x)
	}, table)
}
