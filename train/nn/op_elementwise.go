package nn

import (
	"fmt"

	"github.com/corerec/corerec/internal/kernel"
)

// Add returns a + b. b has a's shape, or is a single row (1×Cols) added to every row of a.
func (t *Tape) Add(a, b *Tensor) *Tensor {
	bcast := b.Rows == 1 && a.Rows != 1 && b.Cols == a.Cols
	if !bcast {
		sameShape("Add", a, b)
	}
	grad := t.needsGrad(a, b)
	y := t.New(a.Rows, a.Cols, grad)
	c := a.Cols
	t.parallel(a.Rows, rowChunk(c), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			br := b.Data[:c]
			if !bcast {
				br = b.Data[i*c : (i+1)*c]
			}
			yr, ar := y.Data[i*c:(i+1)*c], a.Data[i*c:(i+1)*c]
			for j := range yr {
				yr[j] = ar[j] + br[j]
			}
		}
	})
	if grad {
		t.Record(&addOp{a: a, b: b, y: y, bcast: bcast})
	}
	return y
}

type addOp struct {
	a, b, y *Tensor
	bcast   bool
}

func (o *addOp) Backward(t *Tape) {
	if o.a.Grad != nil {
		axpyRows(t, o.y.Grad, o.a.Grad, o.a.Rows, o.a.Cols)
	}
	if o.b.Grad == nil {
		return
	}
	if o.bcast {
		t.colSums(o.y.Grad, o.y.Rows, o.y.Cols, o.b.Grad)
		return
	}
	axpyRows(t, o.y.Grad, o.b.Grad, o.b.Rows, o.b.Cols)
}

// axpyRows adds the rows×c matrix src into dst, rows split over workers.
func axpyRows(t *Tape, src, dst []float32, rows, c int) {
	t.parallel(rows, rowChunk(c), func(lo, hi int) {
		kernel.Axpy(1, src[lo*c:hi*c], dst[lo*c:hi*c])
	})
}

// Mul returns the elementwise product a ⊙ b of two tensors of the same shape.
func (t *Tape) Mul(a, b *Tensor) *Tensor {
	sameShape("Mul", a, b)
	grad := t.needsGrad(a, b)
	y := t.New(a.Rows, a.Cols, grad)
	for i, v := range a.Data {
		y.Data[i] = v * b.Data[i]
	}
	if grad {
		t.Record(&mulOp{a: a, b: b, y: y})
	}
	return y
}

type mulOp struct{ a, b, y *Tensor }

func (o *mulOp) Backward(*Tape) {
	if o.a.Grad != nil {
		for i, g := range o.y.Grad {
			o.a.Grad[i] += g * o.b.Data[i]
		}
	}
	if o.b.Grad != nil {
		for i, g := range o.y.Grad {
			o.b.Grad[i] += g * o.a.Data[i]
		}
	}
}

// Scale returns s·x.
func (t *Tape) Scale(x *Tensor, s float32) *Tensor {
	grad := t.needsGrad(x)
	y := t.New(x.Rows, x.Cols, grad)
	for i, v := range x.Data {
		y.Data[i] = s * v
	}
	if grad {
		t.Record(&scaleOp{x: x, y: y, s: s})
	}
	return y
}

type scaleOp struct {
	x, y *Tensor
	s    float32
}

func (o *scaleOp) Backward(*Tape) {
	if o.x.Grad != nil {
		kernel.Axpy(o.s, o.y.Grad, o.x.Grad)
	}
}

// Concat joins tensors with the same number of rows side by side (along columns).
func (t *Tape) Concat(xs ...*Tensor) *Tensor {
	if len(xs) == 0 {
		panic("nn: Concat of nothing")
	}
	cols := 0
	for _, x := range xs {
		if x.Rows != xs[0].Rows {
			panic(fmt.Sprintf("nn: Concat: %d rows and %d rows", xs[0].Rows, x.Rows))
		}
		cols += x.Cols
	}
	grad := t.needsGrad(xs...)
	y := t.New(xs[0].Rows, cols, grad)
	off := 0
	for _, x := range xs {
		for i := range x.Rows {
			copy(y.Data[i*cols+off:], x.Row(i))
		}
		off += x.Cols
	}
	if grad {
		t.Record(&concatOp{xs: append([]*Tensor(nil), xs...), y: y})
	}
	return y
}

type concatOp struct {
	xs []*Tensor
	y  *Tensor
}

func (o *concatOp) Backward(*Tape) {
	off := 0
	for _, x := range o.xs {
		if x.Grad != nil {
			for i := range x.Rows {
				kernel.Axpy(1, o.y.Grad[i*o.y.Cols+off:i*o.y.Cols+off+x.Cols], x.GradRow(i))
			}
		}
		off += x.Cols
	}
}
