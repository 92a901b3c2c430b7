package nn_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/train/nn"
	"github.com/corerec/corerec/train/nn/nntest"
)

func TestGradFullSoftmax(t *testing.T) {
	for _, subset := range []bool{false, true} {
		t.Run(fmt.Sprintf("rows=%v", subset), func(t *testing.T) {
			h := randParam("h", 6, 3, 1, 1)
			w := randParam("w", 7, 3, 2, 1)
			targets := []int32{0, 6, 3, 3, 1, 2}
			var rows []int32
			if subset {
				targets, rows = []int32{5, 2, 5}, []int32{4, 0, 2}
			}
			nntest.GradCheck(t, 0, func(tp *nn.Tape) *nn.Tensor {
				return tp.FullSoftmax(tp.Param(h), tp.Param(w), targets, rows)
			}, h, w)
		})
	}
}

// FullSoftmax equals the unfused CrossEntropy over MatMulT logits, loss and gradients, with
// enough rows to span several blocks and workers.
func TestFullSoftmaxMatchesCrossEntropy(t *testing.T) {
	const n, c, d = 700, 37, 8 // three blocks of 256 rows over three workers
	h := randParam("h", n, d, 3, 1)
	w := randParam("w", c, d, 4, 1)
	targets := randIDs(n, c, 5)
	run := func(fused bool) (float32, []float32, []float32) {
		tp := nn.NewTape(nn.Config{Workers: 3})
		var loss *nn.Tensor
		if fused {
			loss = tp.FullSoftmax(tp.Param(h), tp.Param(w), targets, nil)
		} else {
			loss = tp.CrossEntropy(tp.MatMulT(tp.Param(h), tp.Param(w)), targets, -1)
		}
		h.ZeroGrad()
		w.ZeroGrad()
		require.NoError(t, tp.Backward(loss))
		return loss.Scalar(), append([]float32(nil), h.Grad...), append([]float32(nil), w.Grad...)
	}
	l1, dh1, dw1 := run(true)
	l2, dh2, dw2 := run(false)
	require.InDelta(t, l2, l1, 1e-5)
	require.InDeltaSlice(t, dh2, dh1, 1e-6)
	require.InDeltaSlice(t, dw2, dw1, 1e-6)
}

func TestFullSoftmaxBadTarget(t *testing.T) {
	tp := nn.NewTape(nn.Config{})
	h := tp.Const(2, 2, []float32{1, 2, 3, 4})
	w := tp.Const(3, 2, make([]float32, 6))
	loss := tp.FullSoftmax(h, w, []int32{1, 3}, nil)
	require.ErrorIs(t, tp.Err(), nn.ErrIndex)
	require.InDelta(t, 1.0986, float64(loss.Scalar()), 1e-4) // the good row alone: log 3
	require.Panics(t, func() { tp.FullSoftmax(h, w, []int32{1}, []int32{2}) })
	require.Panics(t, func() { tp.FullSoftmax(h, w, []int32{1}, nil) })
}
