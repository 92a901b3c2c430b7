package nn_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/train/nn"
	"github.com/corerec/corerec/train/nn/nntest"
)

func TestGradCross(t *testing.T) {
	for _, tc := range []struct {
		name    string
		same    bool // x0 and xl are one tensor (the first layer)
		bias    bool
		workers int
	}{{"first", true, true, 1}, {"later", false, true, 1}, {"nobias", false, false, 1}, {"workers", false, true, 3}} {
		t.Run(tc.name, func(t *testing.T) {
			x0 := randParam("x0", 5, 4, 1, 1)
			xl := randParam("xl", 5, 4, 2, 1)
			w := randParam("w", 4, 4, 3, 0.7)
			var b *nn.Param
			params := []*nn.Param{x0, w}
			if !tc.same {
				params = append(params, xl)
			}
			if tc.bias {
				b = randParam("b", 1, 4, 4, 0.5)
				params = append(params, b)
			}
			nntest.GradCheckWith(t, nntest.Options{Tape: nn.Config{Workers: tc.workers}}, func(tp *nn.Tape) *nn.Tensor {
				a := tp.Param(x0)
				l := a
				if !tc.same {
					l = tp.Param(xl)
				}
				return tp.Cross(a, tp.Cross(a, l, w, b), w, b) // two stacked layers
			}, params...)
		})
	}
}

func TestCrossValues(t *testing.T) {
	tp := nn.NewTape(nn.Config{})
	w := nn.NewParam("w", 2, 2)
	copy(w.Data, []float32{1, 2, 3, 4})
	b := nn.NewParam("b", 1, 2)
	copy(b.Data, []float32{0.5, -1})
	x := tp.Const(1, 2, []float32{1, 2})
	y := tp.Cross(x, x, w, b)
	// z = (1+4+0.5, 3+8-1) = (5.5, 10); y = x⊙z + x = (6.5, 22)
	require.Equal(t, []float32{6.5, 22}, y.Data)
}

func TestGradCrossMix(t *testing.T) {
	for _, experts := range []int{1, 3} {
		for _, bias := range []bool{true, false} {
			t.Run(fmt.Sprintf("experts=%d/bias=%v", experts, bias), func(t *testing.T) {
				const d, r = 5, 2
				x0 := randParam("x0", 4, d, 11, 1)
				xl := randParam("xl", 4, d, 12, 1)
				v := randParam("v", experts*r, d, 13, 0.7)
				u := randParam("u", experts*d, r, 14, 0.7)
				params := []*nn.Param{x0, xl, v, u}
				var b, g *nn.Param
				if bias {
					b = randParam("b", experts, d, 15, 0.5)
					params = append(params, b)
				}
				if experts > 1 {
					g = randParam("g", experts, d, 16, 0.7)
					params = append(params, g)
				}
				nntest.GradCheck(t, 0, func(tp *nn.Tape) *nn.Tensor {
					a := tp.Param(x0)
					return tp.CrossMix(a, tp.CrossMix(a, tp.Param(xl), v, u, b, g), v, u, b, g)
				}, params...)
			})
		}
	}
}

// With one expert of full rank and U·V = W, CrossMix is the full-rank Cross.
func TestCrossMixMatchesCross(t *testing.T) {
	const d = 3
	w := randParam("w", d, d, 21, 1)
	b := randParam("b", 1, d, 22, 1)
	v := nn.NewParam("v", d, d) // identity
	for i := range d {
		v.Data[i*d+i] = 1
	}
	u := nn.NewParam("u", d, d)
	copy(u.Data, w.Data)
	x := randParam("x", 4, d, 23, 1)
	tp := nn.NewTape(nn.Config{})
	a := tp.Const(4, d, x.Data)
	want := tp.Cross(a, a, w, b)
	got := tp.CrossMix(a, a, v, u, b, nil)
	require.InDeltaSlice(t, want.Data, got.Data, 1e-5)
}

func TestGradFM(t *testing.T) {
	x := randParam("x", 3, 12, 31, 1)
	nntest.GradCheck(t, 0, func(tp *nn.Tape) *nn.Tensor { return tp.FM(tp.Param(x), 4) }, x)
}

func TestFMValues(t *testing.T) {
	tp := nn.NewTape(nn.Config{})
	// three fields of k=2: ⟨a,b⟩+⟨a,c⟩+⟨b,c⟩ with a=(1,2), b=(3,-1), c=(0,5)
	y := tp.FM(tp.Const(1, 6, []float32{1, 2, 3, -1, 0, 5}), 3)
	require.InDelta(t, float64(1*3-2+10+-5), float64(y.Data[0]), 1e-5)
}

func TestGradEmbeddingBag(t *testing.T) {
	ids := []int32{2, 0, 2, -1, 4, 1, 3}
	offsets := []int32{0, 3, 3, 4, 7} // bags: {2,0,2}, {}, {pad}, {4,1,3}
	for _, mode := range []nn.BagMode{nn.BagSum, nn.BagMean} {
		t.Run(fmt.Sprintf("mode=%d", mode), func(t *testing.T) {
			s := nn.NewSparse("table", 5, 3)
			copy(s.Data, randParam("t", 5, 3, 41, 1).Data)
			nntest.GradCheck(t, 0, func(tp *nn.Tape) *nn.Tensor {
				return tp.EmbeddingBag(s, ids, offsets, mode)
			}, s)
		})
	}
}

func TestEmbeddingBagValues(t *testing.T) {
	table := nn.NewSparse("table", 3, 2)
	copy(table.Data, []float32{1, 2, 3, 4, 5, 6})
	tp := nn.NewTape(nn.Config{})
	y := tp.EmbeddingBag(table, []int32{0, 2, -1}, []int32{0, 2, 2, 3}, nn.BagMean)
	require.Equal(t, []float32{3, 4, 0, 0, 0, 0}, y.Data)
	y = tp.EmbeddingBag(table, []int32{0, 7}, []int32{0, 2}, nn.BagSum)
	require.Equal(t, []float32{1, 2}, y.Data)
	require.ErrorIs(t, tp.Err(), nn.ErrIndex)
}
