package nn

import (
	"fmt"

	"github.com/corerec/corerec/internal/kernel"
)

// BCEWithLogits returns the mean binary cross-entropy of sigmoid(logits) against labels (one
// label in [0, 1] per element), computed stably from the logits:
// max(x,0) − x·y + log(1+e^−|x|).
func (t *Tape) BCEWithLogits(logits *Tensor, labels []float32) *Tensor {
	if len(labels) != logits.Len() {
		panic(fmt.Sprintf("nn: BCEWithLogits: %d labels for %d logits", len(labels), logits.Len()))
	}
	grad := t.needsGrad(logits)
	y := t.New(1, 1, grad)
	var loss float64
	for i, v := range logits.Data {
		x, l := float64(v), float64(labels[i])
		loss += softplus(x) - x*l
	}
	y.Data[0] = float32(loss / float64(max(len(labels), 1)))
	if grad {
		t.Record(&bceOp{x: logits, labels: labels, y: y})
	}
	return y
}

type bceOp struct {
	x      *Tensor
	labels []float32
	y      *Tensor
}

// Backward: ∂/∂x = (σ(x) − y)/n.
func (o *bceOp) Backward(*Tape) {
	s := o.y.Grad[0] / float32(len(o.labels))
	for i, v := range o.x.Data {
		o.x.Grad[i] += s * (sigmoid(v) - o.labels[i])
	}
}

// BPR returns the mean Bayesian personalised ranking loss −log σ(pos − neg) over matching
// elements of two same-shaped score tensors (B×1, or B×k for k negatives per row paired with
// a repeated positive).
func (t *Tape) BPR(pos, neg *Tensor) *Tensor {
	sameShape("BPR", pos, neg)
	grad := t.needsGrad(pos, neg)
	y := t.New(1, 1, grad)
	var loss float64
	for i, p := range pos.Data {
		loss += softplus(float64(neg.Data[i]) - float64(p))
	}
	y.Data[0] = float32(loss / float64(max(pos.Len(), 1)))
	if grad {
		t.Record(&bprOp{pos: pos, neg: neg, y: y})
	}
	return y
}

type bprOp struct{ pos, neg, y *Tensor }

// Backward: with d = neg − pos, ∂/∂pos = −σ(d)/n and ∂/∂neg = σ(d)/n.
func (o *bprOp) Backward(*Tape) {
	s := o.y.Grad[0] / float32(o.pos.Len())
	for i, p := range o.pos.Data {
		g := s * sigmoid(o.neg.Data[i]-p)
		if o.pos.Grad != nil {
			o.pos.Grad[i] -= g
		}
		if o.neg.Grad != nil {
			o.neg.Grad[i] += g
		}
	}
}

// CrossEntropy returns the mean over rows of −log softmax(logits_i)[targets_i], skipping rows
// whose target equals ignoreIndex (e.g. padding positions of a sequence). If every row is
// ignored the loss is 0. A target outside [0, Cols) other than ignoreIndex fails the tape
// with ErrIndex (the row is then ignored).
func (t *Tape) CrossEntropy(logits *Tensor, targets []int32, ignoreIndex int32) *Tensor {
	if len(targets) != logits.Rows {
		panic(fmt.Sprintf("nn: CrossEntropy: %d targets for %d rows", len(targets), logits.Rows))
	}
	c := logits.Cols
	for i, tg := range targets {
		if tg != ignoreIndex && (tg < 0 || int(tg) >= c) {
			t.Fail(fmt.Errorf("%w: CrossEntropy: target %d at row %d, %d classes", ErrIndex, tg, i, c))
		}
	}
	grad := t.needsGrad(logits)
	y := t.New(1, 1, grad)
	p := t.Scratch(logits.Len())
	rowLoss := t.Zeros(logits.Rows)
	t.parallel(logits.Rows, max(1, 4096/max(c, 1)), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			tg := targets[i]
			if tg == ignoreIndex || tg < 0 || int(tg) >= c {
				continue
			}
			row := p[i*c : (i+1)*c]
			copy(row, logits.Row(i))
			rowLoss[i] = float32(softmaxRow(row) - float64(logits.Data[i*c+int(tg)]))
		}
	})
	var loss float64
	count := 0
	for i, tg := range targets {
		if tg != ignoreIndex && tg >= 0 && int(tg) < c {
			loss += float64(rowLoss[i])
			count++
		}
	}
	if count > 0 {
		y.Data[0] = float32(loss / float64(count))
	} else {
		y.Data[0] = 0
	}
	if grad && count > 0 {
		t.Record(&crossEntropyOp{x: logits, targets: targets, ignore: ignoreIndex, p: p, count: count, y: y})
	}
	return y
}

type crossEntropyOp struct {
	x       *Tensor
	targets []int32
	ignore  int32
	p       []float32
	count   int
	y       *Tensor
}

// Backward: ∂/∂logits_i = (softmax_i − onehot(target_i))/count for kept rows.
func (o *crossEntropyOp) Backward(t *Tape) {
	c := o.x.Cols
	s := o.y.Grad[0] / float32(o.count)
	t.parallel(o.x.Rows, max(1, 4096/max(c, 1)), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			tg := o.targets[i]
			if tg == o.ignore || tg < 0 || int(tg) >= c {
				continue
			}
			gx := o.x.GradRow(i)
			kernel.Axpy(s, o.p[i*c:(i+1)*c], gx)
			gx[tg] -= s
		}
	})
}
