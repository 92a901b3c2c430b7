package nn_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/train/nn"
	"github.com/corerec/corerec/train/nn/nntest"
)

func TestGradInBatchSoftmax(t *testing.T) {
	u := randParam("u", 5, 3, 20, 1)
	v := randParam("v", 5, 3, 21, 1)
	logQ := []float32{-1.2, -0.3, -2.5, -0.9, -1.7}
	ids := []int32{7, 3, 7, 1, 3} // rows 0/2 and 1/4 share items: accidental hits
	tests := []struct {
		name string
		opt  nn.InBatchOptions
	}{
		{"plain", nn.InBatchOptions{}},
		{"tau=0.2", nn.InBatchOptions{Temperature: 0.2}},
		{"tau=0.5/logq", nn.InBatchOptions{Temperature: 0.5, LogQ: logQ}},
		{"tau=0.5/logq/ids", nn.InBatchOptions{Temperature: 0.5, LogQ: logQ, ItemIDs: ids}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			nntest.GradCheck(t, 0, func(tp *nn.Tape) *nn.Tensor {
				return tp.InBatchSoftmaxWith(tp.Param(u), tp.Param(v), tc.opt)
			}, u, v)
		})
	}
	t.Run("learned_tau", func(t *testing.T) {
		tau := nn.NewParam("tau", 1, 1)
		tau.Data[0] = 0.4
		nntest.GradCheck(t, 0, func(tp *nn.Tape) *nn.Tensor {
			return tp.InBatchSoftmaxWith(tp.Param(u), tp.Param(v),
				nn.InBatchOptions{Tau: tp.Param(tau), LogQ: logQ, ItemIDs: ids})
		}, u, v, tau)
	})
}

// TestInBatchSoftmaxValue compares the loss with a direct float64 computation.
func TestInBatchSoftmaxValue(t *testing.T) {
	u := randParam("u", 4, 3, 22, 1)
	v := randParam("v", 4, 3, 23, 1)
	logQ := []float32{-1, -2, -0.5, -3}
	ids := []int32{1, 2, 1, 4}
	const tau = 0.3
	var want float64
	for i := range 4 {
		logits := make([]float64, 4)
		for j := range 4 {
			var s float64
			for k := range 3 {
				s += float64(u.Data[i*3+k]) * float64(v.Data[j*3+k])
			}
			logits[j] = s/tau - float64(logQ[j])
			if j != i && ids[j] == ids[i] {
				logits[j] = math.Inf(-1)
			}
		}
		want += logSumExp(logits) - logits[i]
	}
	want /= 4
	tp := nn.NewTape(nn.Config{})
	loss := tp.InBatchSoftmaxWith(tp.Param(u), tp.Param(v), nn.InBatchOptions{Temperature: tau, LogQ: logQ, ItemIDs: ids})
	require.InDelta(t, want, loss.Scalar(), 1e-5)
}

func logSumExp(x []float64) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = math.Max(m, v)
	}
	var s float64
	for _, v := range x {
		s += math.Exp(v - m)
	}
	return m + math.Log(s)
}

func TestGradSampledSoftmax(t *testing.T) {
	u := randParam("u", 4, 3, 24, 1)
	pos := randParam("pos", 4, 3, 25, 1)
	neg := randParam("neg", 6, 3, 26, 1)
	opts := []nn.SampledOptions{
		{},
		{Temperature: 0.5, PosLogQ: []float32{-1, -2, -3, -1.5}, NegLogQ: []float32{-1, -2, -0.5, -4, -2, -1}},
		{Temperature: 0.5, PosIDs: []int32{1, 2, 3, 4}, NegIDs: []int32{9, 2, 8, 4, 4, 7}},
	}
	for i, opt := range opts {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			nntest.GradCheck(t, 0, func(tp *nn.Tape) *nn.Tensor {
				return tp.SampledSoftmax(tp.Param(u), tp.Param(pos), tp.Param(neg), opt)
			}, u, pos, neg)
		})
	}
}

func TestSampledSoftmaxValue(t *testing.T) {
	tp := nn.NewTape(nn.Config{})
	u := tp.Const(1, 2, []float32{1, 0})
	pos := tp.Const(1, 2, []float32{2, 0})
	neg := tp.Const(3, 2, []float32{1, 5, 3, 0, 2, 2})
	// logits: pos 2, negs 1, 3, 2; the third negative (id 5) is the positive: masked.
	loss := tp.SampledSoftmax(u, pos, neg, nn.SampledOptions{PosIDs: []int32{5}, NegIDs: []int32{1, 2, 5}})
	require.InDelta(t, logSumExp([]float64{2, 1, 3})-2, loss.Scalar(), 1e-6)
}

func TestGradBCEWithLogits(t *testing.T) {
	x := randParam("x", 3, 4, 27, 3)
	labels := []float32{1, 0, 1, 1, 0, 0, 0.3, 1, 0, 1, 0, 0.5}
	nntest.GradCheck(t, 0, func(tp *nn.Tape) *nn.Tensor { return tp.BCEWithLogits(tp.Param(x), labels) }, x)

	tp := nn.NewTape(nn.Config{})
	loss := tp.BCEWithLogits(tp.Const(1, 3, []float32{0, 200, -200}), []float32{1, 0, 0})
	require.InDelta(t, (math.Log(2)+200+0)/3, loss.Scalar(), 1e-4, "stable for large logits")
}

func TestGradBPR(t *testing.T) {
	pos := randParam("pos", 5, 2, 28, 2)
	neg := randParam("neg", 5, 2, 29, 2)
	nntest.GradCheck(t, 0, func(tp *nn.Tape) *nn.Tensor { return tp.BPR(tp.Param(pos), tp.Param(neg)) }, pos, neg)
	// Through RowDot, as MF-BPR uses it.
	u := randParam("u", 4, 3, 30, 1)
	i := randParam("i", 4, 3, 31, 1)
	j := randParam("j", 4, 3, 32, 1)
	nntest.GradCheck(t, 0, func(tp *nn.Tape) *nn.Tensor {
		uu := tp.Param(u)
		return tp.BPR(tp.RowDot(uu, tp.Param(i)), tp.RowDot(uu, tp.Param(j)))
	}, u, i, j)
}

func TestGradCrossEntropy(t *testing.T) {
	x := randParam("x", 5, 4, 33, 2)
	targets := []int32{2, -100, 0, 3, -100}
	nntest.GradCheck(t, 0, func(tp *nn.Tape) *nn.Tensor { return tp.CrossEntropy(tp.Param(x), targets, -100) }, x)

	tp := nn.NewTape(nn.Config{})
	loss := tp.CrossEntropy(tp.Param(x), targets, -100)
	var want float64
	for _, i := range []int{0, 2, 3} {
		row := make([]float64, 4)
		for j := range row {
			row[j] = float64(x.Data[i*4+j])
		}
		want += logSumExp(row) - row[targets[i]]
	}
	require.InDelta(t, want/3, loss.Scalar(), 1e-5, "mean over the rows not ignored")
}

func TestCrossEntropyEdgeCases(t *testing.T) {
	x := randParam("x", 2, 3, 34, 1)
	tp := nn.NewTape(nn.Config{})
	loss := tp.CrossEntropy(tp.Param(x), []int32{-1, -1}, -1)
	require.Zero(t, loss.Scalar())
	require.NoError(t, tp.Backward(loss))
	require.Equal(t, []float32{0, 0, 0, 0, 0, 0}, x.Grad)

	tp = nn.NewTape(nn.Config{})
	loss = tp.CrossEntropy(tp.Param(x), []int32{0, 3}, -1)
	require.ErrorIs(t, tp.Backward(loss), nn.ErrIndex)
}

func TestGradTwoTowerComposite(t *testing.T) {
	users := nn.NewSparse("users", 6, 4)
	items := nn.NewSparse("items", 5, 4)
	users.InitUniform(newRand(35), 1)
	items.InitUniform(newRand(36), 1)
	w1 := randParam("w1", 6, 4, 37, 0.8)
	b1 := randParam("b1", 1, 6, 38, 0.3)
	w2 := randParam("w2", 3, 6, 39, 0.8)
	uid := []int32{0, 3, 3, 5}
	iid := []int32{1, 1, 4, 2}
	tower := func(tp *nn.Tape, table *nn.Param, ids []int32) *nn.Tensor {
		h := tp.Linear(tp.Embedding(table, ids), w1, b1, nn.ActGELU)
		return tp.L2Normalize(tp.Linear(h, w2, nil, nn.ActNone))
	}
	nntest.GradCheck(t, 0, func(tp *nn.Tape) *nn.Tensor {
		return tp.InBatchSoftmax(tower(tp, users, uid), tower(tp, items, iid), 0.5, nil)
	}, users, items, w1, b1, w2)
}
