package nn

import "github.com/corerec/corerec/internal/kernel"

// Sum returns the sum of all elements of x as a 1×1 tensor (accumulated in float64).
func (t *Tape) Sum(x *Tensor) *Tensor { return t.reduce(x, 1) }

// Mean returns the mean of all elements of x as a 1×1 tensor.
func (t *Tape) Mean(x *Tensor) *Tensor { return t.reduce(x, 1/float64(max(x.Len(), 1))) }

func (t *Tape) reduce(x *Tensor, scale float64) *Tensor {
	grad := t.needsGrad(x)
	y := t.New(1, 1, grad)
	var s float64
	for _, v := range x.Data {
		s += float64(v)
	}
	y.Data[0] = float32(s * scale)
	if grad {
		t.Record(&reduceOp{x: x, y: y, scale: float32(scale)})
	}
	return y
}

type reduceOp struct {
	x, y  *Tensor
	scale float32
}

func (o *reduceOp) Backward(*Tape) {
	g := o.y.Grad[0] * o.scale
	for i := range o.x.Grad {
		o.x.Grad[i] += g
	}
}

// RowSum returns the sum of each row of x (Rows×1).
func (t *Tape) RowSum(x *Tensor) *Tensor {
	grad := t.needsGrad(x)
	y := t.New(x.Rows, 1, grad)
	for i := range x.Rows {
		var s float32
		for _, v := range x.Row(i) {
			s += v
		}
		y.Data[i] = s
	}
	if grad {
		t.Record(&rowSumOp{x: x, y: y})
	}
	return y
}

type rowSumOp struct{ x, y *Tensor }

func (o *rowSumOp) Backward(*Tape) {
	for i := range o.x.Rows {
		g := o.y.Grad[i]
		for j := range o.x.GradRow(i) {
			o.x.Grad[i*o.x.Cols+j] += g
		}
	}
}

// RowDot returns the dot product of each row of a with the same row of b (Rows×1): the score
// of matching (user, item) pairs.
func (t *Tape) RowDot(a, b *Tensor) *Tensor {
	sameShape("RowDot", a, b)
	grad := t.needsGrad(a, b)
	y := t.New(a.Rows, 1, grad)
	t.parallel(a.Rows, rowChunk(a.Cols), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			y.Data[i] = kernel.Dot(a.Row(i), b.Row(i))
		}
	})
	if grad {
		t.Record(&rowDotOp{a: a, b: b, y: y})
	}
	return y
}

type rowDotOp struct{ a, b, y *Tensor }

func (o *rowDotOp) Backward(t *Tape) {
	t.parallel(o.a.Rows, rowChunk(o.a.Cols), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			g := o.y.Grad[i]
			if o.a.Grad != nil {
				kernel.Axpy(g, o.b.Row(i), o.a.GradRow(i))
			}
			if o.b.Grad != nil {
				kernel.Axpy(g, o.a.Row(i), o.b.GradRow(i))
			}
		}
	})
}
