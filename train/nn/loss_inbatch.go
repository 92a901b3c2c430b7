package nn

import (
	"fmt"
	"math"

	"github.com/viterin/vek/vek32"

	"github.com/corerec/corerec/internal/kernel"
	"github.com/corerec/corerec/internal/kernel/gemm"
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

// InBatchSoftmaxWith is InBatchSoftmax with all options.
//
// The loss is fused and blocked: each worker takes a range of rows and, a block of
// inBatchBlock rows at a time, computes the block's scores, turns them into
// G = (P − I)/B, and immediately multiplies G into the gradients (dU = G·V for its rows,
// dV += Gᵀ·U into its own partial sum), so the B×B matrix never leaves the cache. Backward
// scales the stored dU and dV (summed in worker order) by the upstream gradient over τ.
func (t *Tape) InBatchSoftmaxWith(u, v *Tensor, opt InBatchOptions) *Tensor {
	sameShape("InBatchSoftmax", u, v)
	b := u.Rows
	if (opt.LogQ != nil && len(opt.LogQ) != b) || (opt.ItemIDs != nil && len(opt.ItemIDs) != b) {
		panic(fmt.Sprintf("nn: InBatchSoftmax: batch of %d with %d logQ and %d ids",
			b, len(opt.LogQ), len(opt.ItemIDs)))
	}
	tau := opt.Temperature
	if tau == 0 {
		tau = 1
	}
	if opt.Tau != nil {
		tau = opt.Tau.Scalar()
	}
	grad := t.needsGrad(u, v, opt.Tau)
	y := t.New(1, 1, grad)
	ib := &inBatch{u: u, v: v, opt: opt, invTau: 1 / tau, grad: grad}
	parts := chunks(b, inBatchBlock, t.workers)
	ib.alloc(t, parts)
	rowLoss := t.Zeros(2 * b) // per row: loss, then Σ_j (P_ij − δ_ij)·S_ij/τ for dτ
	t.parallelParts(b, inBatchBlock, func(p, lo, hi int) { ib.rows(p, lo, hi, rowLoss) })
	var loss, tauDot float64
	for i := range b { // fixed order
		loss += float64(rowLoss[2*i])
		tauDot += float64(rowLoss[2*i+1])
	}
	y.Data[0] = float32(loss / float64(b))
	if grad {
		for p := 1; p < parts; p++ { // fixed order
			kernel.Axpy(1, ib.dV[p*b*u.Cols:(p+1)*b*u.Cols], ib.dV[:b*u.Cols])
		}
		t.Record(&inBatchOp{ib: ib, y: y, dTau: float32(-tauDot / float64(b) / float64(tau))})
	}
	return y
}

// inBatchBlock is the number of score rows a worker handles at a time: a 64×B block of
// scores stays in L2 for B up to several thousand.
const inBatchBlock = 64

// inBatch is the state of one fused in-batch softmax.
type inBatch struct {
	u, v   *Tensor
	opt    InBatchOptions
	invTau float32
	grad   bool
	scores []float32    // per part: inBatchBlock×B
	vt, vp gemm.PackedB // Vᵀ for the scores, V for dU, packed once for every block
	keep   []float32    // per part: B (learned τ only)
	dU, dV []float32    // gradients for upstream 1 and τ = 1; dV holds one partial sum per part
}

func (ib *inBatch) alloc(t *Tape, parts int) {
	b, d := ib.u.Rows, ib.u.Cols
	ib.scores = t.Scratch(parts * inBatchBlock * b)
	ib.vt = gemm.PackB(t.Scratch(gemm.PackedSize(d, b)), true, d, b, ib.v.Data, d)
	if !ib.grad {
		return
	}
	ib.vp = gemm.PackB(t.Scratch(gemm.PackedSize(b, d)), false, b, d, ib.v.Data, d)
	if ib.opt.Tau != nil {
		ib.keep = t.Scratch(parts * b)
	}
	ib.dU = t.Scratch(b * d)
	ib.dV = t.Zeros(parts * b * d)
}

// rows handles rows [lo, hi) as worker part p.
func (ib *inBatch) rows(p, lo, hi int, rowLoss []float32) {
	u := ib.u
	b, d := u.Rows, u.Cols
	s := ib.scores[p*inBatchBlock*b : (p+1)*inBatchBlock*b]
	var keep []float32
	if ib.keep != nil {
		keep = ib.keep[p*b : (p+1)*b]
	}
	for r0 := lo; r0 < hi; r0 += inBatchBlock {
		h := min(inBatchBlock, hi-r0)
		gemm.GemmPacked(false, h, ib.invTau, u.Data[r0*d:], d, ib.vt, 0, s, b)
		for i := range h {
			inBatchRow(s[i*b:(i+1)*b], r0+i, ib.opt, keep, rowLoss[2*(r0+i):2*(r0+i)+2])
		}
		if !ib.grad {
			continue
		}
		gemm.GemmPacked(false, h, 1, s, b, ib.vp, 0, ib.dU[r0*d:], d)
		gemm.Gemm(true, false, b, d, h, 1, s, b, u.Data[r0*d:], d, 1, ib.dV[p*b*d:], d)
	}
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
		vek32.Sub_Inplace(row, opt.LogQ)
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
	invB := 1 / float32(len(row))
	out[0] = float32(softmaxRowScaled(row, invB) - float64(target))
	if keep != nil {
		out[1] = float32(len(row))*vek32.Dot(row, keep) - keep[i]
	}
	row[i] -= invB
}

type inBatchOp struct {
	ib   *inBatch
	y    *Tensor
	dTau float32
}

func (o *inBatchOp) Backward(t *Tape) {
	ib := o.ib
	n := ib.u.Len()
	s := o.y.Grad[0] * ib.invTau
	if ib.u.Grad != nil {
		kernel.Axpy(s, ib.dU, ib.u.Grad)
	}
	if ib.v.Grad != nil {
		kernel.Axpy(s, ib.dV[:n], ib.v.Grad)
	}
	if ib.opt.Tau != nil && ib.opt.Tau.Grad != nil {
		ib.opt.Tau.Grad[0] += o.y.Grad[0] * o.dTau
	}
}
