package nn

import (
	"fmt"

	"github.com/corerec/corerec/internal/kernel"
)

// Cross returns one full-rank DCN-v2 cross layer, x0 ⊙ (xl·Wᵀ + b) + xl, for x0 and xl of
// n×d, a weight W of d×d (PyTorch's layout) and a bias b of 1×d (nil for none).
func (t *Tape) Cross(x0, xl *Tensor, w, b *Param) *Tensor {
	sameShape("Cross", x0, xl)
	d := x0.Cols
	if w.Rows != d || w.Cols != d || w.sparse || (b != nil && (b.Len() != d || b.sparse)) {
		panic(fmt.Sprintf("nn: Cross: x is n×%d, weight %q is %d×%d", d, w.Name, w.Rows, w.Cols))
	}
	n := x0.Rows
	z := t.Scratch(n * d)
	t.gemm(false, true, n, d, d, 1, xl.Data, d, w.Data, d, 0, z, d)
	y := t.New(n, d, t.train)
	t.parallel(n, rowChunk(d), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			zr, yr := z[i*d:(i+1)*d], y.Data[i*d:(i+1)*d]
			ar, lr := x0.Data[i*d:(i+1)*d], xl.Data[i*d:(i+1)*d]
			if b != nil {
				for j, v := range b.Data[:d] {
					zr[j] += v
				}
			}
			for j := range yr {
				yr[j] = ar[j]*zr[j] + lr[j]
			}
		}
	})
	if t.train {
		t.Record(&crossOp{x0: x0, xl: xl, y: y, w: w, b: b, z: z})
	}
	return y
}

type crossOp struct {
	x0, xl, y *Tensor
	w, b      *Param
	z         []float32 // xl·Wᵀ + b
}

// Backward: with dz = dy ⊙ x0, dx0 += dy ⊙ z, dxl += dy + dz·W, dW += dzᵀ·xl, db += Σ dz.
func (o *crossOp) Backward(t *Tape) {
	n, d := o.x0.Rows, o.x0.Cols
	dy := o.y.Grad
	dz := t.Scratch(n * d)
	t.parallel(n, rowChunk(d), func(lo, hi int) {
		s, e := lo*d, hi*d
		a, g, z := o.x0.Data[s:e], dy[s:e], o.z[s:e]
		dzr := dz[s:e]
		for j := range dzr {
			dzr[j] = g[j] * a[j]
		}
		if o.x0.Grad != nil {
			gx := o.x0.Grad[s:e]
			for j := range gx {
				gx[j] += g[j] * z[j]
			}
		}
		if o.xl.Grad != nil {
			kernel.Axpy(1, g, o.xl.Grad[s:e])
		}
	})
	t.gemm(true, false, d, d, n, 1, dz, d, o.xl.Data, d, 1, o.w.Grad, d)
	if o.b != nil {
		t.colSums(dz, n, d, o.b.Grad)
	}
	if o.xl.Grad != nil {
		t.gemm(false, false, n, d, d, 1, dz, d, o.w.Data, d, 1, o.xl.Grad, d)
	}
}
