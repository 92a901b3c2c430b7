package nn

import "math"

// Optimizer updates parameters from their gradients. Step does not clear the gradients: call
// Params.ZeroGrad (or Param.ZeroGrad) before the next step's Backward, as a row-sparse
// gradient otherwise keeps accumulating rows.
//
// Row-sparse parameters are updated lazily: only the rows touched this step change, and their
// optimizer state (moments, accumulators, momentum) advances only on the steps that touch
// them. Weight decay, too, applies to touched rows only.
type Optimizer interface {
	Step()
	SetLR(lr float32)
}

// forEachGrad calls fn(values, grad, state offset) for every stretch of p that has a gradient:
// the whole of a dense p, each touched row of a row-sparse p.
func forEachGrad(p *Param, fn func(w, g []float32, off int)) {
	if !p.sparse {
		fn(p.Data, p.Grad, 0)
		return
	}
	for s, r := range p.touched {
		off := int(r) * p.Cols
		fn(p.Data[off:off+p.Cols], p.RowGrad(s), off)
	}
}

// GradNorm returns the L2 norm of all gradients of params (dense gradients and the touched
// rows of row-sparse ones), accumulated in float64.
func GradNorm(params []*Param) float32 {
	var s float64
	for _, p := range params {
		forEachGrad(p, func(_, g []float32, _ int) {
			for _, v := range g {
				s += float64(v) * float64(v)
			}
		})
	}
	return float32(math.Sqrt(s))
}

// ClipGradNorm scales all gradients of params by maxNorm/norm when their global L2 norm
// exceeds maxNorm, and returns the norm before clipping (as PyTorch's clip_grad_norm_).
func ClipGradNorm(params []*Param, maxNorm float32) float32 {
	norm := GradNorm(params)
	if norm <= maxNorm || norm == 0 {
		return norm
	}
	scale := maxNorm / (norm + 1e-6)
	for _, p := range params {
		forEachGrad(p, func(_, g []float32, _ int) {
			for i := range g {
				g[i] *= scale
			}
		})
	}
	return norm
}

// orDefault returns v, or def when v is zero.
func orDefault(v, def float32) float32 {
	if v == 0 {
		return def
	}
	return v
}
