package nn

import (
	"fmt"
	"math"
)

// InBatchOptions configures InBatchSoftmaxWith. The zero value is τ = 1, no correction, no
// masking.
type InBatchOptions struct {
	// Temperature τ divides the scores (default 1). Ignored when Tau is set.
	Temperature float32
	// Tau, if set, is a learned 1×1 temperature (e.g. Tape.Param of a 1×1 Param); its gradient
	// is computed. Keep it positive (e.g. clamp after each optimizer step).
	Tau *Tensor
	// LogQ, if set, holds log q_j for each in-batch item j (column): the log-probability that
	// item j appears in a batch. It is subtracted from every logit of column j, the diagonal
	// included (sampling-bias correction, Yi et al. 2019).
	LogQ []float32
	// ItemIDs, if set, holds each row's item id; an off-diagonal column whose item equals the
	// row's own item is an accidental hit and is left out of that row's softmax.
	ItemIDs []int32
}

// InBatchSoftmax is InfoNCE over the batch: row i of u (queries) should pick row i of v
// (items) among all rows of v, with logits u·vᵀ/τ − log q_j. It returns the mean over rows of
// the cross-entropy as a 1×1 tensor. logQ may be nil.
func (t *Tape) InBatchSoftmax(u, v *Tensor, temperature float32, logQ []float32) *Tensor {
	return t.InBatchSoftmaxWith(u, v, InBatchOptions{Temperature: temperature, LogQ: logQ})
}

// InBatchSoftmaxWith is InBatchSoftmax with all options. The loss is fused: the forward pass
// computes the softmax and keeps (P − I)/B; the backward pass turns it into gradients for u,
// v and a learned temperature with two matrix products.
func (t *Tape) InBatchSoftmaxWith(u, v *Tensor, opt InBatchOptions) *Tensor {
	sameShape("InBatchSoftmax", u, v)
	b := u.Rows
	if (opt.LogQ != nil && len(opt.LogQ) != b) || (opt.ItemIDs != nil && len(opt.ItemIDs) != b) {
		panic(fmt.Sprintf("nn: InBatchSoftmax: batch of %d with %d logQ and %d ids",
			b, len(opt.LogQ), len(opt.ItemIDs)))
	}
	tau := opt.Temperature
	if opt.Tau != nil {
		tau = opt.Tau.Scalar()
	}
	if tau == 0 {
		tau = 1
	}
	grad := t.needsGrad(u, v, opt.Tau)
	y := t.New(1, 1, grad)
	g := t.Scratch(b * b) // scores, then probabilities, then (P − I)/B
	t.gemm(false, true, b, b, u.Cols, 1/tau, u.Data, u.Cols, v.Data, v.Cols, 0, g, b)
	rowLoss := t.Zeros(2 * b) // per row: loss, then Σ_j (P_ij − δ_ij)·S_ij/τ for dτ
	var keep []float32
	if opt.Tau != nil && grad {
		keep = t.Scratch(b * chunks(b, 4, t.workers))
	}
	t.parallelParts(b, 4, func(p, lo, hi int) {
		var k []float32
		if keep != nil {
			k = keep[p*b : (p+1)*b]
		}
		for i := lo; i < hi; i++ {
			inBatchRow(g[i*b:(i+1)*b], i, opt, k, rowLoss[2*i:2*i+2])
		}
	})
	var loss, tauDot float64
	for i := range b { // fixed order
		loss += float64(rowLoss[2*i])
		tauDot += float64(rowLoss[2*i+1])
	}
	y.Data[0] = float32(loss / float64(b))
	if grad {
		t.Record(&inBatchOp{u: u, v: v, tau: opt.Tau, y: y, g: g, invTau: 1 / tau,
			dTau: float32(-tauDot / float64(b) / float64(tau))})
	}
	return y
}

// inBatchRow turns row i of S/τ into G_i = (P_i − onehot(i))/B in place, after subtracting
// log q and masking accidental hits, and writes the row's loss to out[0]. If keep is non-nil
// (learned τ) it first saves S/τ there and writes Σ_j (P_ij − δ_ij)·S_ij/τ to out[1], from
// which dτ = −(1/τ)·(1/B)·Σ_i out[1] (logits are S/τ − log q, so ∂logit/∂τ = −(S/τ)/τ).
func inBatchRow(row []float32, i int, opt InBatchOptions, keep, out []float32) {
	if keep != nil {
		copy(keep, row)
	}
	if opt.LogQ != nil {
		for j, q := range opt.LogQ {
			row[j] -= q
		}
	}
	if opt.ItemIDs != nil {
		self := opt.ItemIDs[i]
		for j, id := range opt.ItemIDs {
			if id == self && j != i {
				row[j] = float32(math.Inf(-1))
			}
		}
	}
	target := row[i]
	out[0] = float32(softmaxRow(row) - float64(target))
	row[i]--
	if keep != nil {
		var s float64
		for j, p := range row {
			s += float64(p) * float64(keep[j])
		}
		out[1] = float32(s)
	}
	inv := 1 / float32(len(row))
	for j := range row {
		row[j] *= inv
	}
}

type inBatchOp struct {
	u, v, tau *Tensor
	y         *Tensor
	g         []float32
	invTau    float32
	dTau      float32
}

func (o *inBatchOp) Backward(t *Tape) {
	b, d := o.u.Rows, o.u.Cols
	s := o.y.Grad[0] * o.invTau
	if o.u.Grad != nil {
		t.gemm(false, false, b, d, b, s, o.g, b, o.v.Data, d, 1, o.u.Grad, d)
	}
	if o.v.Grad != nil {
		t.gemm(true, false, b, d, b, s, o.g, b, o.u.Data, d, 1, o.v.Grad, d)
	}
	if o.tau != nil && o.tau.Grad != nil {
		o.tau.Grad[0] += o.y.Grad[0] * o.dTau
	}
}
