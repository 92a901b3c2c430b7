package nn

import (
	"fmt"
	"math"
)

// Op is one recorded operation. Backward reads the gradient of the op's output and adds the
// gradients of its inputs into their Grad slices (or their Params' gradients). Ops that live
// outside this package (cross layers, attention, ...) implement Op and call Tape.Record.
type Op interface {
	Backward(t *Tape)
}

// Config configures a Tape. The zero value works: one worker, seed 0.
type Config struct {
	// Workers is the number of goroutines an op splits its rows over (default 1). Results
	// are bit-for-bit reproducible for a fixed Workers: every reduction splits rows into the
	// same fixed ranges and combines the partial results in the same order.
	Workers int
	// Seed seeds the random streams of Dropout (default 0).
	Seed uint64
}

// Tape records the ops of one training step so Backward can run them in reverse. Tensors,
// their data and gradients come from an arena that Reset recycles, so after the first step
// a step of the same shape allocates almost nothing.
//
// A Tape is not safe for concurrent use; its ops use Config.Workers goroutines internally.
type Tape struct {
	workers int
	seed    uint64
	draws   uint64 // random streams handed out so far; never reset, so masks differ per step
	train   bool
	ops     []Op
	arena   arena
	tensors []*Tensor // pool, reused across steps
	used    int
	err     error
}

// NewTape returns a Tape in training mode.
func NewTape(cfg Config) *Tape {
	w := cfg.Workers
	if w < 1 {
		w = 1
	}
	return &Tape{workers: w, seed: cfg.Seed, train: true}
}

// Reset starts a new step: it forgets the recorded ops and the first error and recycles every
// Tensor and arena slice handed out since the last Reset.
func (t *Tape) Reset() {
	clear(t.ops)
	t.ops = t.ops[:0]
	t.arena.reset()
	t.used = 0
	t.err = nil
}

// SetTraining switches between training (the default: gradients are recorded, Dropout drops)
// and evaluation (no gradients, no recorded ops, Dropout is the identity).
func (t *Tape) SetTraining(on bool) { t.train = on }

// Training reports whether the tape records gradients.
func (t *Tape) Training() bool { return t.train }

// Workers is the configured worker count.
func (t *Tape) Workers() int { return t.workers }

// Err returns the first data error met since the last Reset (an id out of range, ...).
func (t *Tape) Err() error { return t.err }

// Fail records err as the tape's error unless one is already recorded. Ops call it when their
// input data is bad; they still produce outputs of the right shape.
func (t *Tape) Fail(err error) {
	if t.err == nil {
		t.err = err
	}
}

// Record appends op to the tape; Backward runs it. Ops record only when their output needs a
// gradient.
func (t *Tape) Record(op Op) { t.ops = append(t.ops, op) }

// New returns a rows×cols tensor with undefined Data, and a zeroed Grad if grad is set and the
// tape is training.
func (t *Tape) New(rows, cols int, grad bool) *Tensor {
	if rows < 0 || cols < 0 {
		panic(fmt.Sprintf("nn: New: bad shape %d×%d", rows, cols))
	}
	var x *Tensor
	if t.used < len(t.tensors) {
		x = t.tensors[t.used]
	} else {
		x = new(Tensor)
		t.tensors = append(t.tensors, x)
	}
	t.used++
	n := rows * cols
	*x = Tensor{Rows: rows, Cols: cols, Data: t.arena.alloc(n)}
	if grad && t.train {
		x.Grad = t.arena.zeros(n)
	}
	return x
}

// Scratch returns n floats of undefined contents from the arena, valid until Reset.
func (t *Tape) Scratch(n int) []float32 { return t.arena.alloc(n) }

// Zeros returns n zeroed floats from the arena, valid until Reset.
func (t *Tape) Zeros(n int) []float32 { return t.arena.zeros(n) }

// Const wraps data as a rows×cols tensor without a gradient (inputs, features, targets).
// The tape reads data until the step's Backward returns.
func (t *Tape) Const(rows, cols int, data []float32) *Tensor {
	if len(data) != rows*cols {
		panic(fmt.Sprintf("nn: Const: %d values for %d×%d", len(data), rows, cols))
	}
	x := t.New(0, 0, false)
	*x = Tensor{Rows: rows, Cols: cols, Data: data}
	return x
}

// Backward seeds the gradient of the 1×1 loss with 1 and runs the recorded ops in reverse.
// It returns the tape's first data error, or an error wrapping ErrNotFinite if the loss is
// NaN or infinite (in both cases no gradient is computed).
func (t *Tape) Backward(loss *Tensor) error {
	if loss.Rows != 1 || loss.Cols != 1 {
		panic(fmt.Sprintf("nn: Backward: loss is %d×%d, not a scalar", loss.Rows, loss.Cols))
	}
	if v := float64(loss.Data[0]); math.IsNaN(v) || math.IsInf(v, 0) {
		if t.err != nil {
			return t.err
		}
		return fmt.Errorf("%w: loss is %v", ErrNotFinite, v)
	}
	return t.BackwardFrom(loss, []float32{1})
}

// BackwardFrom runs the recorded ops in reverse after adding seed (one value per element of
// y) to y's gradient: it computes the gradient of Σ seed∘y, a vector-Jacobian product. It
// returns the tape's first data error without computing anything.
func (t *Tape) BackwardFrom(y *Tensor, seed []float32) error {
	if t.err != nil {
		return t.err
	}
	if len(seed) != y.Len() {
		panic(fmt.Sprintf("nn: BackwardFrom: %d seed values for %d×%d", len(seed), y.Rows, y.Cols))
	}
	if y.Grad == nil {
		return nil
	}
	for i, s := range seed {
		y.Grad[i] += s
	}
	for i := len(t.ops) - 1; i >= 0; i-- {
		t.ops[i].Backward(t)
	}
	return nil
}

// needsGrad reports whether an op over these inputs records a gradient.
func (t *Tape) needsGrad(xs ...*Tensor) bool {
	if !t.train {
		return false
	}
	for _, x := range xs {
		if x != nil && x.Grad != nil {
			return true
		}
	}
	return false
}
