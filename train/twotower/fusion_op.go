package twotower

import (
	"math"

	"github.com/corerec/corerec/internal/kernel"
	"github.com/corerec/corerec/train/nn"
)

// The fusion ops work on P, the B×(M·W) concatenation of M modality projections of width W, and on an
// explicit B×M mask (1 present, 0 missing). They live here, beside the one model that uses them, and
// implement nn.Op; each has a finite-difference gradient test (fusion_op_test.go).

// grads reports whether an op over xs records a backward pass.
func grads(tp *nn.Tape, xs ...*nn.Tensor) bool {
	if !tp.Training() {
		return false
	}
	for _, x := range xs {
		if x.Grad != nil {
			return true
		}
	}
	return false
}

// maskedConcat returns [P ∘ mask (each projection times its mask), mask]: B×(M·W+M). The mask columns
// tell the next layer which modalities are missing; a missing modality's projection is zero, and its
// values take no gradient.
func maskedConcat(tp *nn.Tape, p *nn.Tensor, mask []float32, m int) *nn.Tensor {
	b, w := p.Rows, p.Cols/m
	g := grads(tp, p)
	y := tp.New(b, m*w+m, g)
	for r := range b {
		src, dst, mk := p.Row(r), y.Row(r), mask[r*m:(r+1)*m]
		for k, v := range mk {
			for j := range w {
				dst[k*w+j] = src[k*w+j] * v
			}
		}
		copy(dst[m*w:], mk)
	}
	if g {
		tp.Record(&maskedConcatOp{p: p, y: y, mask: mask, m: m})
	}
	return y
}

type maskedConcatOp struct {
	p, y *nn.Tensor
	mask []float32
	m    int
}

func (o *maskedConcatOp) Backward(*nn.Tape) {
	w := o.p.Cols / o.m
	for r := range o.p.Rows {
		gp, gy, mk := o.p.GradRow(r), o.y.GradRow(r), o.mask[r*o.m:(r+1)*o.m]
		for k, v := range mk {
			for j := range w {
				gp[k*w+j] += gy[k*w+j] * v
			}
		}
	}
}

// modalityScores returns S (B×M): S[b,k] = q·P[b,k] / √W, the attention logits of a learned query q
// (a 1×W tensor).
func modalityScores(tp *nn.Tape, p, q *nn.Tensor, m int) *nn.Tensor {
	b, w := p.Rows, p.Cols/m
	g := grads(tp, p, q)
	y := tp.New(b, m, g)
	scale := float32(1 / math.Sqrt(float64(w)))
	for r := range b {
		row := p.Row(r)
		for k := range m {
			y.Data[r*m+k] = dot(q.Data, row[k*w:(k+1)*w]) * scale
		}
	}
	if g {
		tp.Record(&scoresOp{p: p, q: q, y: y, m: m, scale: scale})
	}
	return y
}

type scoresOp struct {
	p, q, y *nn.Tensor
	m       int
	scale   float32
}

func (o *scoresOp) Backward(*nn.Tape) {
	w := o.p.Cols / o.m
	for r := range o.p.Rows {
		row := o.p.Row(r)
		for k := range o.m {
			g := o.y.Grad[r*o.m+k] * o.scale
			if o.p.Grad != nil {
				axpy(g, o.q.Data, o.p.GradRow(r)[k*w:(k+1)*w])
			}
			if o.q.Grad != nil {
				axpy(g, row[k*w:(k+1)*w], o.q.Grad)
			}
		}
	}
}

// maskedSoftmax returns A (B×M): each row the softmax of the logits over the present modalities (mask 1),
// 0 for the missing ones; a row with none present is all 0. s is B×M, or 1×M shared by every row (learned
// modality weights).
func maskedSoftmax(tp *nn.Tape, s *nn.Tensor, mask []float32, b, m int) *nn.Tensor {
	g := grads(tp, s)
	y := tp.New(b, m, g)
	for r := range b {
		kernel.SoftmaxMasked(s.Row(min(r, s.Rows-1)), mask[r*m:(r+1)*m], y.Row(r))
	}
	if g {
		tp.Record(&softmaxOp{s: s, y: y})
	}
	return y
}

type softmaxOp struct{ s, y *nn.Tensor }

// Backward: ds_k = a_k·(g_k − Σ_j a_j g_j), summed over the rows into a shared 1×M row.
func (o *softmaxOp) Backward(*nn.Tape) {
	m := o.y.Cols
	for r := range o.y.Rows {
		a, g := o.y.Row(r), o.y.GradRow(r)
		var dot float32
		for k := range m {
			dot += a[k] * g[k]
		}
		ds := o.s.GradRow(min(r, o.s.Rows-1))
		for k := range m {
			ds[k] += a[k] * (g[k] - dot)
		}
	}
}

// weightedSum returns Y (B×W): Y[b] = Σ_k A[b,k]·mask[b,k]·P[b,k], the fusion of the modality
// projections with weights A (B×M).
func weightedSum(tp *nn.Tape, p, a *nn.Tensor, mask []float32) *nn.Tensor {
	b, m := a.Rows, a.Cols
	w := p.Cols / m
	g := grads(tp, p, a)
	y := tp.New(b, w, g)
	for r := range b {
		dst, row := y.Row(r), p.Row(r)
		clear(dst)
		for k := range m {
			if c := a.Data[r*m+k] * mask[r*m+k]; c != 0 {
				axpy(c, row[k*w:(k+1)*w], dst)
			}
		}
	}
	if g {
		tp.Record(&weightedSumOp{p: p, a: a, y: y, mask: mask})
	}
	return y
}

type weightedSumOp struct {
	p, a, y *nn.Tensor
	mask    []float32
}

func (o *weightedSumOp) Backward(*nn.Tape) {
	m := o.a.Cols
	w := o.p.Cols / m
	for r := range o.a.Rows {
		gy, row := o.y.GradRow(r), o.p.Row(r)
		for k := range m {
			mk := o.mask[r*m+k]
			if mk == 0 {
				continue
			}
			if o.p.Grad != nil {
				axpy(o.a.Data[r*m+k]*mk, gy, o.p.GradRow(r)[k*w:(k+1)*w])
			}
			if o.a.Grad != nil {
				o.a.Grad[r*m+k] += mk * dot(gy, row[k*w:(k+1)*w])
			}
		}
	}
}

// dot and axpy are the plain loops (the fusion's vectors are short); the runtime uses the same order.
func dot(a, b []float32) float32 {
	var s float32
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

func axpy(c float32, x, y []float32) {
	for i, v := range x {
		y[i] += c * v
	}
}
