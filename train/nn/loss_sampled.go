package nn

import (
	"fmt"
	"math"

	"github.com/corerec/corerec/internal/kernel"
)

// SampledOptions configures SampledSoftmax. The zero value is τ = 1, no correction, no
// masking.
type SampledOptions struct {
	// Temperature τ divides the scores (default 1).
	Temperature float32
	// PosLogQ (one per row) and NegLogQ (one per negative), if set, are subtracted from the
	// positive's and each negative's logit: log of the expected number of times the item is
	// drawn (for N draws from an AliasSampler, log N + LogQ(item)). This corrects the sampled
	// softmax towards the full softmax (Jean et al. 2015; TensorFlow's subtract_log_q).
	PosLogQ, NegLogQ []float32
	// PosIDs and NegIDs, if both set, name the items; a negative equal to a row's positive is
	// an accidental hit and is left out of that row's softmax.
	PosIDs, NegIDs []int32
}

// SampledSoftmax returns the mean over rows of the cross-entropy of picking pos_i among
// {pos_i} ∪ neg for query u_i: u and pos are B×d, neg is N×d (shared negatives, e.g. drawn
// by an AliasSampler). Logits are u_i·x/τ minus the log-Q corrections.
func (t *Tape) SampledSoftmax(u, pos, neg *Tensor, opt SampledOptions) *Tensor {
	sameShape("SampledSoftmax", u, pos)
	b, n, d := u.Rows, neg.Rows, u.Cols
	if neg.Cols != d || (opt.PosLogQ != nil && len(opt.PosLogQ) != b) ||
		(opt.NegLogQ != nil && len(opt.NegLogQ) != n) ||
		(opt.PosIDs != nil && len(opt.PosIDs) != b) || (opt.NegIDs != nil && len(opt.NegIDs) != n) {
		panic(fmt.Sprintf("nn: SampledSoftmax: u %d×%d, pos %d×%d, neg %d×%d, %d/%d logQ, %d/%d ids",
			b, d, pos.Rows, pos.Cols, n, neg.Cols, len(opt.PosLogQ), len(opt.NegLogQ),
			len(opt.PosIDs), len(opt.NegIDs)))
	}
	tau := opt.Temperature
	if tau == 0 {
		tau = 1
	}
	grad := t.needsGrad(u, pos, neg)
	y := t.New(1, 1, grad)
	w := n + 1
	g := t.Scratch(b * w) // per row: [positive, negatives...] logits, then G = (P − e0)/B
	t.gemm(false, true, b, n, d, 1/tau, u.Data, d, neg.Data, d, 0, g[1:], w)
	rowLoss := t.Scratch(b)
	t.parallel(b, 4, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			row := g[i*w : (i+1)*w]
			row[0] = kernel.Dot(u.Row(i), pos.Row(i)) / tau
			rowLoss[i] = sampledRow(row, i, opt)
		}
	})
	var loss float64
	for _, l := range rowLoss {
		loss += float64(l)
	}
	y.Data[0] = float32(loss / float64(b))
	if grad {
		t.Record(&sampledOp{u: u, pos: pos, neg: neg, y: y, g: g, invTau: 1 / tau})
	}
	return y
}

// sampledRow applies the corrections and masks to row i's logits, replaces them by
// (softmax − e0)/B and returns the row's loss.
func sampledRow(row []float32, i int, opt SampledOptions) float32 {
	if opt.PosLogQ != nil {
		row[0] -= opt.PosLogQ[i]
	}
	for k := range len(row) - 1 {
		if opt.NegLogQ != nil {
			row[k+1] -= opt.NegLogQ[k]
		}
		if opt.PosIDs != nil && opt.NegIDs != nil && opt.NegIDs[k] == opt.PosIDs[i] {
			row[k+1] = float32(math.Inf(-1))
		}
	}
	target := row[0]
	loss := float32(softmaxRow(row) - float64(target))
	row[0]--
	return loss
}

type sampledOp struct {
	u, pos, neg, y *Tensor
	g              []float32
	invTau         float32
}

// Backward: with G the B×(1+N) matrix (P − e0) and s = upstream/(τ·B),
// du_i = s·(G_i0·pos_i + Σ_k G_ik·neg_k), dpos_i = s·G_i0·u_i, dneg = s·G[:,1:]ᵀ·u.
func (o *sampledOp) Backward(t *Tape) {
	b, n, d := o.u.Rows, o.neg.Rows, o.u.Cols
	w := n + 1
	s := o.y.Grad[0] * o.invTau / float32(b)
	if o.u.Grad != nil {
		t.gemm(false, false, b, d, n, s, o.g[1:], w, o.neg.Data, d, 1, o.u.Grad, d)
	}
	if o.neg.Grad != nil {
		t.gemm(true, false, n, d, b, s, o.g[1:], w, o.u.Data, d, 1, o.neg.Grad, d)
	}
	t.parallel(b, 64, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			g0 := s * o.g[i*w]
			if o.u.Grad != nil {
				kernel.Axpy(g0, o.pos.Row(i), o.u.GradRow(i))
			}
			if o.pos.Grad != nil {
				kernel.Axpy(g0, o.u.Row(i), o.pos.GradRow(i))
			}
		}
	})
}
