package nn

import "fmt"

// MatMulT returns a·bᵀ for a of n×d and b of m×d: the n×m matrix of row dot products (a score
// matrix of users against items).
func (t *Tape) MatMulT(a, b *Tensor) *Tensor {
	if a.Cols != b.Cols {
		panic(fmt.Sprintf("nn: MatMulT: %d×%d times (%d×%d)ᵀ", a.Rows, a.Cols, b.Rows, b.Cols))
	}
	grad := t.needsGrad(a, b)
	y := t.New(a.Rows, b.Rows, grad)
	t.gemm(false, true, a.Rows, b.Rows, a.Cols, 1, a.Data, a.Cols, b.Data, b.Cols, 0, y.Data, b.Rows)
	if grad {
		t.Record(&matMulOp{a: a, b: b, y: y, transB: true})
	}
	return y
}

// MatMul returns a·b for a of n×k and b of k×m.
func (t *Tape) MatMul(a, b *Tensor) *Tensor {
	if a.Cols != b.Rows {
		panic(fmt.Sprintf("nn: MatMul: %d×%d times %d×%d", a.Rows, a.Cols, b.Rows, b.Cols))
	}
	grad := t.needsGrad(a, b)
	y := t.New(a.Rows, b.Cols, grad)
	t.gemm(false, false, a.Rows, b.Cols, a.Cols, 1, a.Data, a.Cols, b.Data, b.Cols, 0, y.Data, b.Cols)
	if grad {
		t.Record(&matMulOp{a: a, b: b, y: y})
	}
	return y
}

type matMulOp struct {
	a, b, y *Tensor
	transB  bool
}

// Backward: for y = a·bᵀ, da += dy·b and db += dyᵀ·a; for y = a·b, da += dy·bᵀ and
// db += aᵀ·dy.
func (o *matMulOp) Backward(t *Tape) {
	a, b, dy := o.a, o.b, o.y.Grad
	n, m := o.y.Rows, o.y.Cols
	if o.transB {
		if a.Grad != nil {
			t.gemm(false, false, n, a.Cols, m, 1, dy, m, b.Data, b.Cols, 1, a.Grad, a.Cols)
		}
		if b.Grad != nil {
			t.gemm(true, false, m, b.Cols, n, 1, dy, m, a.Data, a.Cols, 1, b.Grad, b.Cols)
		}
		return
	}
	if a.Grad != nil {
		t.gemm(false, true, n, a.Cols, m, 1, dy, m, b.Data, b.Cols, 1, a.Grad, a.Cols)
	}
	if b.Grad != nil {
		t.gemm(true, false, b.Rows, m, n, 1, a.Data, a.Cols, dy, m, 1, b.Grad, m)
	}
}
