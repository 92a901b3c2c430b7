package nn

import (
	"math"

	"github.com/viterin/vek/vek32"

	"github.com/corerec/corerec/internal/kernel"
)

// AdamConfig configures Adam and AdamW. Zero fields take the defaults shown.
type AdamConfig struct {
	LR    float32 // learning rate (default 1e-3)
	Beta1 float32 // first-moment decay (default 0.9)
	Beta2 float32 // second-moment decay (default 0.999)
	Eps   float32 // added to √v̂ (default 1e-8)
	// WeightDecay: for Adam, an L2 term wd·w added to the gradient (PyTorch Adam's
	// weight_decay); for AdamW, a decoupled shrink w −= lr·wd·w (default 0).
	WeightDecay float32
}

// Adam is the Adam optimizer (Kingma & Ba), or AdamW (Loshchilov & Hutter) when made by
// NewAdamW. Row-sparse parameters get the standard lazy-Adam approximation (PyTorch's
// SparseAdam, TensorFlow's LazyAdam): only touched rows update their moments and values, and
// bias correction uses the global step count. Not safe for concurrent use.
type Adam struct {
	cfg       AdamConfig
	decoupled bool
	params    []*Param
	m, v      [][]float32
	step      int
	tmp       []float32 // 2·adamChunk floats of scratch
}

// NewAdam returns Adam over params.
func NewAdam(params []*Param, cfg AdamConfig) *Adam { return newAdam(params, cfg, false) }

// NewAdamW returns AdamW (decoupled weight decay) over params.
func NewAdamW(params []*Param, cfg AdamConfig) *Adam { return newAdam(params, cfg, true) }

func newAdam(params []*Param, cfg AdamConfig, decoupled bool) *Adam {
	cfg.LR = orDefault(cfg.LR, 1e-3)
	cfg.Beta1 = orDefault(cfg.Beta1, 0.9)
	cfg.Beta2 = orDefault(cfg.Beta2, 0.999)
	cfg.Eps = orDefault(cfg.Eps, 1e-8)
	a := &Adam{cfg: cfg, decoupled: decoupled, params: params,
		tmp: make([]float32, 2*adamChunk)}
	for _, p := range params {
		a.m = append(a.m, make([]float32, p.Len()))
		a.v = append(a.v, make([]float32, p.Len()))
	}
	return a
}

// SetLR changes the learning rate (for schedules).
func (a *Adam) SetLR(lr float32) { a.cfg.LR = lr }

// Steps is the number of Step calls so far.
func (a *Adam) Steps() int { return a.step }

// Moments returns the first and second moments, one slice per parameter in order. They are views:
// writing them sets the optimizer's state (resuming from a checkpoint).
func (a *Adam) Moments() (m, v [][]float32) { return a.m, a.v }

// SetSteps sets the step count the bias correction uses (resuming from a checkpoint).
func (a *Adam) SetSteps(n int) { a.step = n }

// Step applies one update from the current gradients.
func (a *Adam) Step() {
	a.step++
	c := a.cfg
	bc1 := 1 - math.Pow(float64(c.Beta1), float64(a.step))
	bc2 := 1 - math.Pow(float64(c.Beta2), float64(a.step))
	stepSize := float32(float64(c.LR) / bc1)
	invBC2 := float32(1 / math.Sqrt(bc2))
	for i, p := range a.params {
		m, v := a.m[i], a.v[i]
		forEachGrad(p, func(w, g []float32, off int) {
			a.update(w, g, m[off:off+len(w)], v[off:off+len(w)], stepSize, invBC2)
		})
	}
}

// update: m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
// w −= lr/bc1 · m / (√v/√bc2 + eps), with the weight-decay variant. Each chunk of adamChunk values
// (L1-resident) goes through a few vector passes (internal/kernel's Scale and Axpy, vek's Mul, Sqrt and
// Div): a third of the time of the scalar loop (BenchmarkAdamDense), which was compute-bound; chunks
// shorter than adamVectorMin keep the scalar loop.
func (a *Adam) update(w, g, m, v []float32, stepSize, invBC2 float32) {
	c := a.cfg
	if a.decoupled && c.WeightDecay != 0 {
		kernel.Scale(1-c.LR*c.WeightDecay, w)
	}
	l2 := c.WeightDecay
	if a.decoupled {
		l2 = 0
	}
	b1, b2 := c.Beta1, c.Beta2
	for lo := 0; lo < len(w); lo += adamChunk {
		hi := min(lo+adamChunk, len(w))
		wj, gj, mj, vj := w[lo:hi], g[lo:hi], m[lo:hi], v[lo:hi]
		tmp := a.tmp[:len(wj)]
		if len(wj) < adamVectorMin {
			a.updateScalar(wj, gj, mj, vj, stepSize, invBC2, l2, tmp)
			continue
		}
		if l2 != 0 { // the L2 term joins the gradient: g + l2·w
			gl := a.tmp[adamChunk : adamChunk+len(wj)]
			copy(gl, gj)
			kernel.Axpy(l2, wj, gl)
			gj = gl
		}
		kernel.Scale(b1, mj)
		kernel.Axpy(1-b1, gj, mj)
		vek32.Mul_Into(tmp, gj, gj)
		kernel.Scale(b2, vj)
		kernel.Axpy(1-b2, tmp, vj)
		vek32.Sqrt_Into(tmp, vj)
		vek32.MulNumber_Inplace(tmp, invBC2)
		vek32.AddNumber_Inplace(tmp, c.Eps)
		q := a.tmp[adamChunk : adamChunk+len(wj)] // the L2 gradient's room, free again
		vek32.Div_Into(q, mj, tmp)
		kernel.Axpy(-stepSize, q, wj)
	}
}

// adamVectorMin is the shortest chunk update takes through its vector passes: on fewer values (an
// embedding row of a row-sparse table, a bias) their ten calls cost more than the scalar loop
// (BenchmarkTrainStep in train/twotower, 64-value rows: 5.99 → 6.26 ms a step when they all took the
// vector passes).
const adamVectorMin = 256

// updateScalar is update's loop for one short chunk: the moments (scalar, one pass), √v (vectorised), the
// update (scalar). root holds len(w) floats.
func (a *Adam) updateScalar(w, g, m, v []float32, stepSize, invBC2, l2 float32, root []float32) {
	c := a.cfg
	b1, b2 := c.Beta1, c.Beta2
	for j, gr := range g {
		gr += l2 * w[j]
		m[j] = b1*m[j] + (1-b1)*gr
		q := b2*v[j] + (1-b2)*gr*gr
		v[j] = q
		root[j] = q
	}
	vek32.Sqrt_Inplace(root)
	for j, r := range root {
		w[j] -= stepSize * m[j] / (r*invBC2 + c.Eps)
	}
}

// AdamChunk is the number of values Adam's update processes per vector pass. Its rounding depends on
// where a value falls within a chunk (the passes' vector bodies use FMA, their tails do not), so a table
// split into several Params updates exactly as one Param only where the split points are multiples of
// AdamChunk values.
const AdamChunk = 512

const adamChunk = AdamChunk
