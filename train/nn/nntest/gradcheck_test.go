package nntest_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/train/nn"
	"github.com/corerec/corerec/train/nn/nntest"
)

// cubeOp is y = x³ elementwise with a backward that can be made wrong: its gradient scaled by
// factor, or (drop) missing for every other element.
type cubeOp struct {
	x, y   *nn.Tensor
	factor float32
	drop   bool
}

func (o *cubeOp) Backward(*nn.Tape) {
	for i, g := range o.y.Grad {
		if o.drop && i%2 == 1 {
			continue
		}
		v := o.x.Data[i]
		o.x.Grad[i] += o.factor * 3 * v * v * g
	}
}

func cube(tp *nn.Tape, x *nn.Tensor, factor float32, drop bool) *nn.Tensor {
	y := tp.New(x.Rows, x.Cols, true)
	for i, v := range x.Data {
		y.Data[i] = v * v * v
	}
	tp.Record(&cubeOp{x: x, y: y, factor: factor, drop: drop})
	return y
}

func param(seed uint64) *nn.Param {
	p := nn.NewParam("x", 4, 5)
	rng := rand.New(rand.NewPCG(seed, 0))
	for i := range p.Data {
		p.Data[i] = float32(0.3 + 0.7*rng.Float64()) // |gradient| ≥ 3·0.09·|r| keeps errors visible
		if rng.IntN(2) == 0 {
			p.Data[i] = -p.Data[i]
		}
	}
	return p
}

func TestCheckDetectsWrongBackward(t *testing.T) {
	tests := []struct {
		factor  float32
		drop    bool
		wantBad bool
	}{
		{1, false, false},
		{1.05, false, true},
		{0.95, false, true},
		{1, true, true},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("factor=%v/drop=%v", tc.factor, tc.drop), func(t *testing.T) {
			x := param(1)
			bad, err := nntest.Check(nntest.Options{}, func(tp *nn.Tape) *nn.Tensor {
				return tp.Sum(cube(tp, tp.Param(x), tc.factor, tc.drop))
			}, x)
			require.NoError(t, err)
			if tc.wantBad {
				require.NotEmpty(t, bad)
			} else {
				require.Empty(t, bad)
			}
		})
	}
}

func TestCheckReportsTapeErrors(t *testing.T) {
	table := nn.NewSparse("t", 2, 2)
	_, err := nntest.Check(nntest.Options{}, func(tp *nn.Tape) *nn.Tensor {
		return tp.Sum(tp.Embedding(table, []int32{5}))
	}, table)
	require.ErrorIs(t, err, nn.ErrIndex)
}

func ExampleCheck() {
	w := nn.NewParam("w", 3, 2)
	copy(w.Data, []float32{0.5, -1, 2, 0.25, -0.75, 1})
	bad, err := nntest.Check(nntest.Options{}, func(tp *nn.Tape) *nn.Tensor {
		x := tp.Const(2, 2, []float32{1, 2, -3, 0.5})
		return tp.Linear(x, w, nil, nn.ActTanh)
	}, w)
	fmt.Println(len(bad), "mismatches, error:", err)
	// Output: 0 mismatches, error: <nil>
}
