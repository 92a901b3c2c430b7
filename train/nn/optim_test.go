package nn_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/train/nn"
)

// adamRef runs Adam on one scalar for the given gradients (one per step) and returns w.
func adamRef(w float64, grads []float64, lr, wd float64, decoupled bool) float64 {
	const b1, b2, eps = 0.9, 0.999, 1e-8
	var m, v float64
	for t, g := range grads {
		if decoupled {
			w -= lr * wd * w
		} else {
			g += wd * w
		}
		m = b1*m + (1-b1)*g
		v = b2*v + (1-b2)*g*g
		mh := m / (1 - math.Pow(b1, float64(t+1)))
		vh := v / (1 - math.Pow(b2, float64(t+1)))
		w -= lr * mh / (math.Sqrt(vh) + eps)
	}
	return w
}

func TestAdamMatchesReference(t *testing.T) {
	grads := []float64{0.5, -0.2, 0.1, 0.7}
	for _, tc := range []struct {
		name      string
		wd        float32
		decoupled bool
	}{{"adam", 0, false}, {"adam/l2", 0.1, false}, {"adamw", 0.1, true}} {
		t.Run(tc.name, func(t *testing.T) {
			p := nn.NewParam("w", 1, 1)
			p.Data[0] = 1.5
			cfg := nn.AdamConfig{LR: 0.01, WeightDecay: tc.wd}
			opt := nn.NewAdam([]*nn.Param{p}, cfg)
			if tc.decoupled {
				opt = nn.NewAdamW([]*nn.Param{p}, cfg)
			}
			for _, g := range grads {
				p.Grad[0] = float32(g)
				opt.Step()
			}
			require.InDelta(t, adamRef(1.5, grads, 0.01, float64(tc.wd), tc.decoupled), p.Data[0], 1e-6)
		})
	}
}

func TestAdamLazyRows(t *testing.T) {
	table := nn.NewSparse("emb", 3, 2)
	for i := range table.Data {
		table.Data[i] = 1
	}
	opt := nn.NewAdam([]*nn.Param{table}, nn.AdamConfig{LR: 0.1})
	// Step 1 touches row 0, step 2 touches rows 0 and 2; row 1 is never touched.
	steps := [][]int32{{0}, {0, 2}}
	for _, rows := range steps {
		table.ZeroGrad()
		for _, r := range rows {
			g := table.GradRow(int(r))
			g[0], g[1] = 0.5, -0.25
		}
		opt.Step()
	}
	require.Equal(t, []float32{1, 1}, table.Row(1), "untouched row unchanged")
	row0 := adamRef(1, []float64{0.5, 0.5}, 0.1, 0, false)
	require.InDelta(t, row0, table.Row(0)[0], 1e-6)
	// Row 2's moments start at step 2, with the global step's bias correction (lazy Adam).
	const b1, b2 = 0.9, 0.999
	m, v := (1-b1)*0.5, (1-b2)*0.25
	row2 := 1 - 0.1*(m/(1-b1*b1))/(math.Sqrt(v/(1-b2*b2))+1e-8)
	require.InDelta(t, row2, table.Row(2)[0], 1e-6)
}

func TestSGD(t *testing.T) {
	grads := []float32{1, 0.5, -1}
	for _, tc := range []struct {
		name string
		cfg  nn.SGDConfig
		want float64
	}{
		{"plain", nn.SGDConfig{LR: 0.1}, 2 - 0.1*(1+0.5-1)},
		// b: 1, 0.9+0.5=1.4, 1.26-1=0.26; w = 2 - 0.1*(1+1.4+0.26)
		{"momentum", nn.SGDConfig{LR: 0.1, Momentum: 0.9}, 2 - 0.1*(1+1.4+0.26)},
		// nesterov steps g + μ·b: 1+0.9, 0.5+1.26, -1+0.234
		{"nesterov", nn.SGDConfig{LR: 0.1, Momentum: 0.9, Nesterov: true}, 2 - 0.1*(1.9+1.76-0.766)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := nn.NewParam("w", 1, 1)
			p.Data[0] = 2
			opt := nn.NewSGD([]*nn.Param{p}, tc.cfg)
			for _, g := range grads {
				p.Grad[0] = g
				opt.Step()
			}
			require.InDelta(t, tc.want, p.Data[0], 1e-6)
		})
	}
}

func TestAdagrad(t *testing.T) {
	p := nn.NewParam("w", 1, 1)
	p.Data[0] = 1
	opt := nn.NewAdagrad([]*nn.Param{p}, nn.AdagradConfig{LR: 0.5, InitialAcc: 0.1})
	want, s := 1.0, 0.1
	for _, g := range []float64{0.3, -0.6} {
		p.Grad[0] = float32(g)
		opt.Step()
		s += g * g
		want -= 0.5 * g / (math.Sqrt(s) + 1e-10)
	}
	require.InDelta(t, want, p.Data[0], 1e-6)
}

func TestClipGradNorm(t *testing.T) {
	dense := nn.NewParam("d", 1, 2)
	copy(dense.Grad, []float32{3, 0})
	table := nn.NewSparse("t", 5, 1)
	table.GradRow(4)[0] = 4
	params := []*nn.Param{dense, table}
	require.InDelta(t, 5, nn.GradNorm(params), 1e-6)
	require.InDelta(t, 5, nn.ClipGradNorm(params, 10), 1e-6)
	require.Equal(t, []float32{3, 0}, dense.Grad, "under the limit: unchanged")
	require.InDelta(t, 5, nn.ClipGradNorm(params, 1), 1e-6)
	require.InDelta(t, 1, nn.GradNorm(params), 1e-5)
	require.InDelta(t, 0.8, table.RowGrad(0)[0], 1e-5)
}

// TestOptimizersFit trains a linear regression with each optimizer and expects the loss to fall
// by 10× or more.
func TestOptimizersFit(t *testing.T) {
	rng := newRand(50)
	const n, d = 64, 4
	x := make([]float32, n*d)
	y := make([]float32, n)
	trueW := []float32{1, -2, 0.5, 3}
	for i := range n {
		for j := range d {
			x[i*d+j] = float32(rng.NormFloat64())
			y[i] += trueW[j] * x[i*d+j]
		}
	}
	makers := map[string]func([]*nn.Param) nn.Optimizer{
		"sgd":     func(ps []*nn.Param) nn.Optimizer { return nn.NewSGD(ps, nn.SGDConfig{LR: 0.05, Momentum: 0.9}) },
		"adam":    func(ps []*nn.Param) nn.Optimizer { return nn.NewAdam(ps, nn.AdamConfig{LR: 0.05}) },
		"adamw":   func(ps []*nn.Param) nn.Optimizer { return nn.NewAdamW(ps, nn.AdamConfig{LR: 0.05, WeightDecay: 1e-4}) },
		"adagrad": func(ps []*nn.Param) nn.Optimizer { return nn.NewAdagrad(ps, nn.AdagradConfig{LR: 0.5}) },
	}
	for name, mk := range makers {
		t.Run(name, func(t *testing.T) {
			w := nn.NewParam("w", 1, d)
			opt := mk([]*nn.Param{w})
			tp := nn.NewTape(nn.Config{})
			loss := func() float32 {
				tp.Reset()
				pred := tp.MatMulT(tp.Const(n, d, x), tp.Param(w)) // n×1
				diff := tp.Add(pred, tp.Scale(tp.Const(n, 1, y), -1))
				l := tp.Mean(tp.Mul(diff, diff))
				w.ZeroGrad()
				require.NoError(t, tp.Backward(l))
				return l.Scalar()
			}
			first := loss()
			for range 200 {
				opt.Step()
				loss()
			}
			last := loss()
			require.Less(t, last, first/10, fmt.Sprintf("loss %v → %v", first, last))
		})
	}
}

// A fresh Adam given another's moments and step count continues exactly where that one would have.
func TestAdamResumesFromMoments(t *testing.T) {
	grads := []float32{0.5, -0.2, 0.1, 0.7, -0.3}
	run := func(p *nn.Param, opt *nn.Adam, gs []float32) {
		for _, g := range gs {
			p.Grad[0] = g
			opt.Step()
		}
	}
	straight := nn.NewParam("w", 1, 1)
	straight.Data[0] = 1.5
	run(straight, nn.NewAdam([]*nn.Param{straight}, nn.AdamConfig{LR: 0.01}), grads)

	first := nn.NewParam("w", 1, 1)
	first.Data[0] = 1.5
	a := nn.NewAdam([]*nn.Param{first}, nn.AdamConfig{LR: 0.01})
	run(first, a, grads[:2])
	second := nn.NewParam("w", 1, 1)
	second.Data[0] = first.Data[0]
	b := nn.NewAdam([]*nn.Param{second}, nn.AdamConfig{LR: 0.01})
	am, av := a.Moments()
	bm, bv := b.Moments()
	copy(bm[0], am[0])
	copy(bv[0], av[0])
	b.SetSteps(a.Steps())
	run(second, b, grads[2:])
	require.Equal(t, straight.Data[0], second.Data[0])
}
