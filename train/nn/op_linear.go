package nn

import (
	"fmt"

	"github.com/corerec/corerec/internal/kernel"
)

// Linear returns act(x·Wᵀ + b) for x of n×in, a weight W of out×in (PyTorch's layout: row o
// holds the input weights of output o) and an optional bias b of 1×out (nil for none).
// The result is n×out.
func (t *Tape) Linear(x *Tensor, w, b *Param, act Activation) *Tensor {
	if w.sparse || (b != nil && b.sparse) {
		panic(fmt.Sprintf("nn: Linear: weight %q must have a dense gradient", w.Name))
	}
	if x.Cols != w.Cols {
		panic(fmt.Sprintf("nn: Linear: x has %d columns, weight %q is %d×%d", x.Cols, w.Name, w.Rows, w.Cols))
	}
	if b != nil && b.Len() != w.Rows {
		panic(fmt.Sprintf("nn: Linear: bias %q has %d values for %d outputs", b.Name, b.Len(), w.Rows))
	}
	n, in, out := x.Rows, w.Cols, w.Rows
	y := t.New(n, out, t.train)
	t.gemm(false, true, n, out, in, 1, x.Data, in, w.Data, in, 0, y.Data, out)
	op := &linearOp{x: x, y: y, w: w, b: b, act: act}
	if act.needsInput() && t.train {
		op.z = t.Scratch(n * out)
	}
	t.parallel(n, rowChunk(out), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			row := y.Data[i*out : (i+1)*out]
			if b != nil {
				for j, v := range b.Data {
					row[j] += v
				}
			}
			if op.z != nil {
				copy(op.z[i*out:(i+1)*out], row)
			}
			if act != ActNone {
				activate(act, row, row)
			}
		}
	})
	if t.train {
		t.Record(op)
	}
	return y
}

// Activate returns act(x) elementwise.
func (t *Tape) Activate(x *Tensor, act Activation) *Tensor {
	grad := t.needsGrad(x)
	y := t.New(x.Rows, x.Cols, grad)
	t.parallel(x.Rows, rowChunk(x.Cols), func(lo, hi int) {
		activate(act, x.Data[lo*x.Cols:hi*x.Cols], y.Data[lo*x.Cols:hi*x.Cols])
	})
	if grad {
		t.Record(&activateOp{x: x, y: y, act: act})
	}
	return y
}

type linearOp struct {
	x, y *Tensor
	w, b *Param
	act  Activation
	z    []float32 // pre-activation, kept for GELU
}

func (o *linearOp) Backward(t *Tape) {
	n, in, out := o.x.Rows, o.w.Cols, o.w.Rows
	dz := o.y.Grad
	if o.act != ActNone {
		dz = t.Scratch(n * out)
		t.parallel(n, rowChunk(out), func(lo, hi int) {
			s := lo * out
			e := hi * out
			var z []float32
			if o.z != nil {
				z = o.z[s:e]
			}
			activateGrad(o.act, z, o.y.Data[s:e], o.y.Grad[s:e], dz[s:e])
		})
	}
	t.gemm(true, false, out, in, n, 1, dz, out, o.x.Data, in, 1, o.w.Grad, in)
	if o.b != nil {
		t.colSums(dz, n, out, o.b.Grad)
	}
	if o.x.Grad != nil {
		t.gemm(false, false, n, in, out, 1, dz, out, o.w.Data, in, 1, o.x.Grad, in)
	}
}

type activateOp struct {
	x, y *Tensor
	act  Activation
}

func (o *activateOp) Backward(t *Tape) {
	if o.x.Grad == nil {
		return
	}
	c := o.x.Cols
	dz := t.Scratch(o.x.Len())
	t.parallel(o.x.Rows, rowChunk(c), func(lo, hi int) {
		s, e := lo*c, hi*c
		activateGrad(o.act, o.x.Data[s:e], o.y.Data[s:e], o.y.Grad[s:e], dz[s:e])
		kernel.Axpy(1, dz[s:e], o.x.Grad[s:e])
	})
}

// colSums adds the column sums of the n×c matrix m into dst, splitting columns over workers
// (each column is summed over rows in order, so the result does not depend on the split).
func (t *Tape) colSums(m []float32, n, c int, dst []float32) {
	t.parallel(c, 16, func(lo, hi int) {
		for i := range n {
			row := m[i*c+lo : i*c+hi]
			d := dst[lo:hi]
			for j, v := range row {
				d[j] += v
			}
		}
	})
}

// rowChunk is the minimum number of rows of width c worth handing to a worker.
func rowChunk(c int) int { return max(1, 8192/max(c, 1)) }
