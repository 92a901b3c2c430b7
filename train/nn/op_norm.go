package nn

import (
	"fmt"
	"math"

	"github.com/corerec/corerec/internal/kernel"
)

// L2Eps is the smallest norm L2Normalize divides by (PyTorch F.normalize's default eps).
const L2Eps = 1e-12

// L2Normalize returns each row of x divided by max(‖row‖₂, L2Eps).
func (t *Tape) L2Normalize(x *Tensor) *Tensor {
	grad := t.needsGrad(x)
	y := t.New(x.Rows, x.Cols, grad)
	norms := t.Scratch(x.Rows)
	c := x.Cols
	t.parallel(x.Rows, rowChunk(c), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			xr, yr := x.Data[i*c:(i+1)*c], y.Data[i*c:(i+1)*c]
			n := max(float32(math.Sqrt(float64(kernel.Dot(xr, xr)))), L2Eps)
			norms[i] = n
			inv := 1 / n
			for j, v := range xr {
				yr[j] = v * inv
			}
		}
	})
	if grad {
		t.Record(&l2NormOp{x: x, y: y, norms: norms})
	}
	return y
}

type l2NormOp struct {
	x, y  *Tensor
	norms []float32
}

// Backward: for ‖x‖ > eps, dx = (dy − y·(y·dy)) / ‖x‖; below eps the op is x/eps.
func (o *l2NormOp) Backward(t *Tape) {
	if o.x.Grad == nil {
		return
	}
	c := o.x.Cols
	t.parallel(o.x.Rows, rowChunk(c), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			yr, gy, gx := o.y.Data[i*c:(i+1)*c], o.y.Grad[i*c:(i+1)*c], o.x.Grad[i*c:(i+1)*c]
			inv := 1 / o.norms[i]
			proj := kernel.Dot(yr, gy)
			if o.norms[i] <= L2Eps {
				proj = 0
			}
			for j, g := range gy {
				gx[j] += (g - yr[j]*proj) * inv
			}
		}
	})
}

// LayerNorm normalises each row of x to zero mean and unit variance (population variance, eps
// added to it), then scales by gamma and shifts by beta (each 1×Cols; nil for none).
func (t *Tape) LayerNorm(x *Tensor, gamma, beta *Param, eps float32) *Tensor {
	for _, p := range []*Param{gamma, beta} {
		if p != nil && (p.Len() != x.Cols || p.sparse) {
			panic(fmt.Sprintf("nn: LayerNorm: %q must be dense with %d values", p.Name, x.Cols))
		}
	}
	y := t.New(x.Rows, x.Cols, t.needsGrad(x) || (t.train && (gamma != nil || beta != nil)))
	op := &layerNormOp{x: x, y: y, gamma: gamma, beta: beta, stats: t.Scratch(2 * x.Rows)}
	c := x.Cols
	t.parallel(x.Rows, rowChunk(c), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			xr, yr := x.Data[i*c:(i+1)*c], y.Data[i*c:(i+1)*c]
			mean, rstd := meanRstd(xr, eps)
			op.stats[2*i], op.stats[2*i+1] = mean, rstd
			for j, v := range xr {
				h := (v - mean) * rstd
				if gamma != nil {
					h *= gamma.Data[j]
				}
				if beta != nil {
					h += beta.Data[j]
				}
				yr[j] = h
			}
		}
	})
	if y.Grad != nil {
		t.Record(op)
	}
	return y
}

// meanRstd returns the mean of x and 1/sqrt(variance+eps), accumulated in float64.
func meanRstd(x []float32, eps float32) (mean, rstd float32) {
	var s float64
	for _, v := range x {
		s += float64(v)
	}
	m := s / float64(len(x))
	var q float64
	for _, v := range x {
		d := float64(v) - m
		q += d * d
	}
	return float32(m), float32(1 / math.Sqrt(q/float64(len(x))+float64(eps)))
}

type layerNormOp struct {
	x, y        *Tensor
	gamma, beta *Param
	stats       []float32 // mean, rstd per row
}

// Backward: with x̂ = (x−μ)·rstd and g = dy·γ,
// dx = rstd·(g − mean(g) − x̂·mean(g·x̂)), dγ += Σ_rows dy·x̂, dβ += Σ_rows dy.
func (o *layerNormOp) Backward(t *Tape) {
	c := o.x.Cols
	minRows := rowChunk(c)
	parts := chunks(o.x.Rows, minRows, t.workers)
	partial := t.Zeros(2 * c * parts) // per range: dγ then dβ
	scratch := t.Scratch(c * parts)
	t.parallelParts(o.x.Rows, minRows, func(p, lo, hi int) {
		dg, db := partial[2*c*p:2*c*p+c], partial[2*c*p+c:2*c*(p+1)]
		g := scratch[c*p : c*(p+1)]
		for i := lo; i < hi; i++ {
			o.rowBackward(i, g, dg, db)
		}
	})
	for p := range parts { // fixed order
		if o.gamma != nil {
			kernel.Axpy(1, partial[2*c*p:2*c*p+c], o.gamma.Grad)
		}
		if o.beta != nil {
			kernel.Axpy(1, partial[2*c*p+c:2*c*(p+1)], o.beta.Grad)
		}
	}
}

func (o *layerNormOp) rowBackward(i int, g, dg, db []float32) {
	c := o.x.Cols
	xr, gy := o.x.Data[i*c:(i+1)*c], o.y.Grad[i*c:(i+1)*c]
	mean, rstd := o.stats[2*i], o.stats[2*i+1]
	var sg, sgx float32
	for j, d := range gy {
		h := (xr[j] - mean) * rstd
		dg[j] += d * h
		db[j] += d
		if o.gamma != nil {
			d *= o.gamma.Data[j]
		}
		g[j] = d
		sg += d
		sgx += d * h
	}
	if o.x.Grad == nil {
		return
	}
	sg /= float32(c)
	sgx /= float32(c)
	gx := o.x.Grad[i*c : (i+1)*c]
	for j, d := range g {
		h := (xr[j] - mean) * rstd
		gx[j] += rstd * (d - sg - h*sgx)
	}
}
