package runtime

import (
	"math"

	"github.com/viterin/vek/vek32"

	"github.com/corerec/corerec/internal/kernel"
)

// seqActivation is the feed-forward activation of a sequential bundle; each must compute exactly what the
// trainer's (train/nn) does.
type seqActivation uint8

const (
	seqActGELU     seqActivation = iota // 0.5·x·(1+erf(x/√2)), in float64
	seqActGELUTanh                      // 0.5·x·(1+tanh(√(2/π)·(x+0.044715·x³))), in float64
	seqActReLU                          // max(x, 0)
)

func parseSeqActivation(s string) (seqActivation, bool) {
	switch s {
	case "gelu":
		return seqActGELU, true
	case "gelu_tanh":
		return seqActGELUTanh, true
	case "relu":
		return seqActReLU, true
	}
	return 0, false
}

// apply replaces each x with act(x).
func (a seqActivation) apply(x []float32) {
	switch a {
	case seqActGELU:
		for i, v := range x {
			f := float64(v)
			x[i] = float32(0.5 * f * (1 + math.Erf(f/math.Sqrt2)))
		}
	case seqActGELUTanh:
		const c = 0.7978845608028654 // √(2/π)
		for i, v := range x {
			f := float64(v)
			x[i] = float32(0.5 * f * (1 + math.Tanh(c*(f+0.044715*f*f*f))))
		}
	case seqActReLU:
		for i, v := range x {
			x[i] = max(v, 0)
		}
	}
}

// layerNorm writes (x−mean)·rstd·gamma + beta into y, with the mean and variance accumulated in float64
// as the trainer does.
func layerNorm(x, y, gamma, beta []float32, eps float32) {
	var s float64
	for _, v := range x {
		s += float64(v)
	}
	mean := s / float64(len(x))
	var q float64
	for _, v := range x {
		d := float64(v) - mean
		q += d * d
	}
	m := float32(mean)
	rstd := float32(1 / math.Sqrt(q/float64(len(x))+float64(eps)))
	y = y[:len(x)]
	for j, v := range x {
		y[j] = (v-m)*rstd*gamma[j] + beta[j]
	}
}

// linear writes y = x·Wᵀ + b for the rows×in matrix x and a weight W of out×in (PyTorch's layout).
func linear(x []float32, rows, in int, w, b []float32, y []float32) {
	out := len(b)
	if rows == 1 {
		kernel.DotBatch(x[:in], w, y[:out])
	} else {
		kernel.Gemm(false, true, rows, out, in, 1, x, in, w, in, 0, y, out)
	}
	for r := range rows {
		kernel.Axpy(1, b, y[r*out:(r+1)*out])
	}
}

// softmax replaces a non-empty row with softmax(row).
func softmax(row []float32) {
	m := vek32.Max(row)
	for i, v := range row {
		row[i] = max(v-m, -87) // vek's exp is exact only down to about -87
	}
	vek32.Exp_Inplace(row)
	vek32.MulNumber_Inplace(row, 1/vek32.Sum(row))
}

func sqrt32(x float32) float32 { return float32(math.Sqrt(float64(x))) }
