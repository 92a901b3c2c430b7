package nn

import "fmt"

// Dropout zeroes each element of x with probability p and scales the rest by 1/(1−p) while
// training; in evaluation it returns x itself. Masks come from a counter-based hash of the
// tape's seed, the number of random ops drawn so far and the element index, so they are
// reproducible for a fixed seed and independent of the worker count.
func (t *Tape) Dropout(x *Tensor, p float32) *Tensor {
	if p < 0 || p >= 1 {
		panic(fmt.Sprintf("nn: Dropout: p=%v is outside [0, 1)", p))
	}
	if !t.train || p == 0 {
		return x
	}
	key := splitmix64(t.seed ^ splitmix64(t.draws))
	t.draws++
	grad := t.needsGrad(x)
	y := t.New(x.Rows, x.Cols, grad)
	mask := t.Scratch(x.Len())
	keep := 1 / (1 - p)
	threshold := uint32(float64(p) * (1 << 24))
	t.parallel(x.Rows, rowChunk(x.Cols), func(lo, hi int) {
		for i := lo * x.Cols; i < hi*x.Cols; i++ {
			m := keep
			if uint32(splitmix64(key+uint64(i))>>40) < threshold {
				m = 0
			}
			mask[i] = m
			y.Data[i] = x.Data[i] * m
		}
	})
	if grad {
		t.Record(&dropoutOp{x: x, y: y, mask: mask})
	}
	return y
}

type dropoutOp struct {
	x, y *Tensor
	mask []float32
}

func (o *dropoutOp) Backward(*Tape) {
	for i, g := range o.y.Grad {
		o.x.Grad[i] += g * o.mask[i]
	}
}

// splitmix64 is the SplitMix64 finaliser: a bijective 64-bit mix.
func splitmix64(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
