package nn

import (
	"fmt"

	"github.com/corerec/corerec/internal/kernel"
	"github.com/corerec/corerec/internal/kernel/gemm"
)

// fullSoftmaxFloats bounds the logits FullSoftmax holds at once per worker (4 MB): a block of
// rows is the largest power of two from 16 to 256 that fits. Larger blocks make fewer, deeper
// updates of the partial dW (measured: 256 rows over 3,706 items cost 20 % less CPU than 32).
const fullSoftmaxFloats = 1 << 20

// fullSoftmaxBlock, when positive, fixes the block size (benchmarks).
var fullSoftmaxBlock = 0

// softmaxBlock is the number of rows per block for a catalog of c classes.
func softmaxBlock(c int) int {
	if fullSoftmaxBlock > 0 {
		return fullSoftmaxBlock
	}
	b := 256
	for b > 16 && b*c > fullSoftmaxFloats {
		b /= 2
	}
	return b
}

// FullSoftmax returns the mean cross-entropy of the softmax over every row of w (a whole
// catalog, e.g. the item embeddings a model also reads its input from): row rows[k] of h
// (rows[k] = k when rows is nil) should pick class targets[k], with logits h_r·wᵀ.
//
// It is fused and blocked like InBatchSoftmaxWith: each worker takes a range of rows and, a
// block of up to 256 rows at a time, computes their logits, turns them into G = (P − onehot)/count and
// multiplies G straight into dH (its rows) and into its own partial dW, so the len(targets)×
// w.Rows logit matrix never exists. Backward scales the stored gradients by the upstream one.
// A target outside [0, w.Rows) fails the tape with ErrIndex and its row is left out; if no row
// is left the loss is 0.
func (t *Tape) FullSoftmax(h, w *Tensor, targets, rows []int32) *Tensor {
	if h.Cols != w.Cols || (rows != nil && len(rows) != len(targets)) || (rows == nil && len(targets) != h.Rows) {
		panic(fmt.Sprintf("nn: FullSoftmax: h %d×%d, w %d×%d, %d targets, %d rows",
			h.Rows, h.Cols, w.Rows, w.Cols, len(targets), len(rows)))
	}
	for _, r := range rows {
		if r < 0 || int(r) >= h.Rows {
			panic(fmt.Sprintf("nn: FullSoftmax: row %d of a %d-row h", r, h.Rows))
		}
	}
	o := &fullSoftmaxOp{h: h, w: w, targets: targets, rows: rows}
	for k, tg := range targets {
		if tg < 0 || int(tg) >= w.Rows {
			t.Fail(fmt.Errorf("%w: FullSoftmax: target %d at row %d, %d classes", ErrIndex, tg, k, w.Rows))
			continue
		}
		o.count++
	}
	grad := t.needsGrad(h, w)
	o.y = t.New(1, 1, grad)
	o.y.Data[0] = 0
	if o.count == 0 {
		return o.y
	}
	o.run(t, grad)
	if grad {
		t.Record(o)
	}
	return o.y
}

type fullSoftmaxOp struct {
	h, w          *Tensor
	targets, rows []int32
	count         int
	y             *Tensor
	dh            []float32 // len(targets)×d: the gradient of each listed row (unscaled by upstream)
	dw            []float32 // parts × w.Rows×d: each worker's partial gradient of w
	parts         int
}

func (o *fullSoftmaxOp) row(k int) int {
	if o.rows == nil {
		return k
	}
	return int(o.rows[k])
}

// run computes the loss and, with grad, the stored gradients.
func (o *fullSoftmaxOp) run(t *Tape, grad bool) {
	n, c, d := len(o.targets), o.w.Rows, o.w.Cols
	logitsB := gemm.PackB(t.Scratch(gemm.PackedSize(d, c)), true, d, c, o.w.Data, d)
	var weightsB gemm.PackedB
	if grad && o.h.Grad != nil {
		o.dh = t.Scratch(n * d)
		weightsB = gemm.PackB(t.Scratch(gemm.PackedSize(c, d)), false, c, d, o.w.Data, d)
	}
	blk := softmaxBlock(c)
	o.parts = t.Parts(n, blk)
	if grad && o.w.Grad != nil {
		o.dw = t.Zeros(o.parts * c * d)
	}
	rowLoss := t.Zeros(n)
	bufs := t.Scratch(o.parts * blk * (c + d))
	inv := 1 / float32(o.count)
	t.Parallel(n, blk, func(p, lo, hi int) {
		buf := bufs[p*blk*(c+d) : (p+1)*blk*(c+d)]
		logits, a := buf[:blk*c], buf[blk*c:]
		var dw []float32
		if o.dw != nil {
			dw = o.dw[p*c*d : (p+1)*c*d]
		}
		for k0 := lo; k0 < hi; k0 += blk {
			k1 := min(k0+blk, hi)
			m := k1 - k0
			for k := k0; k < k1; k++ {
				copy(a[(k-k0)*d:(k-k0+1)*d], o.h.Row(o.row(k)))
			}
			gemm.GemmPacked(false, m, 1, a, d, logitsB, 0, logits, c)
			for k := k0; k < k1; k++ {
				rowLoss[k] = o.rowLossGrad(logits[(k-k0)*c:(k-k0+1)*c], o.targets[k], inv)
			}
			if o.dh != nil {
				gemm.GemmPacked(false, m, 1, logits, c, weightsB, 0, o.dh[k0*d:], d)
			}
			if dw != nil {
				gemm.Gemm(true, false, c, d, m, 1, logits, c, a, d, 1, dw, d)
			}
		}
	})
	var loss float64
	for _, l := range rowLoss {
		loss += float64(l)
	}
	o.y.Data[0] = float32(loss * float64(inv))
}

// rowLossGrad replaces a row of logits by (softmax − onehot(target))·inv and returns the row's
// loss; a row with a bad target becomes zeros and costs nothing.
func (o *fullSoftmaxOp) rowLossGrad(row []float32, target int32, inv float32) float32 {
	if target < 0 || int(target) >= len(row) {
		clear(row)
		return 0
	}
	zt := row[target]
	loss := float32(softmaxRowScaled(row, inv) - float64(zt))
	row[target] -= inv
	return loss
}

// Backward: dh_r += g·G_r·w and dw += g·Gᵀ·h (partials summed in worker order), g the
// upstream gradient, G = (P − onehot)/count.
func (o *fullSoftmaxOp) Backward(t *Tape) {
	g := o.y.Grad[0]
	d := o.w.Cols
	if o.dh != nil {
		for k := range o.targets {
			kernel.Axpy(g, o.dh[k*d:(k+1)*d], o.h.GradRow(o.row(k)))
		}
	}
	if o.dw != nil {
		size := o.w.Rows * d
		for p := range o.parts {
			part := o.dw[p*size : (p+1)*size]
			t.parallel(o.w.Rows, rowChunk(d), func(lo, hi int) {
				kernel.Axpy(g, part[lo*d:hi*d], o.w.Grad[lo*d:hi*d])
			})
		}
	}
}
