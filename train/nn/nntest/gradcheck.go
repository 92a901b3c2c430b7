package nntest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/corerec/corerec/train/nn"
)

// Options configures Check. Zero fields take the defaults shown.
type Options struct {
	Eps    float64   // perturbation of each value (default 1e-2)
	AbsTol float64   // absolute tolerance (default 2e-3)
	RelTol float64   // tolerance relative to the larger gradient (default 2e-2)
	Tape   nn.Config // configuration of every tape built (Workers, Seed)
}

// Mismatch is one value whose analytic and numeric gradients disagree.
type Mismatch struct {
	Param             string
	Index             int // flat index into the parameter's values
	Analytic, Numeric float64
}

func (m Mismatch) Error() string {
	return fmt.Sprintf("nntest: %s[%d]: analytic %.6g, numeric %.6g", m.Param, m.Index, m.Analytic, m.Numeric)
}

// GradCheck fails t if any gradient of the value built by build disagrees with central finite
// differences with step eps (0 for the default). build must be deterministic given its tape
// (Dropout is: every tape gets the same seed). A non-scalar output y is reduced to
// L = Σ r∘y with fixed pseudo-random weights r.
func GradCheck(t testing.TB, eps float64, build func(*nn.Tape) *nn.Tensor, params ...*nn.Param) {
	t.Helper()
	GradCheckWith(t, Options{Eps: eps}, build, params...)
}

// GradCheckWith is GradCheck with all options.
func GradCheckWith(t testing.TB, opt Options, build func(*nn.Tape) *nn.Tensor, params ...*nn.Param) {
	t.Helper()
	bad, err := Check(opt, build, params...)
	if err != nil {
		t.Fatalf("nntest: GradCheck: %v", err)
	}
	for i, m := range bad {
		if i == 10 {
			t.Errorf("nntest: ... and %d more mismatches", len(bad)-10)
			break
		}
		t.Error(m.Error())
	}
}

// Check returns the values whose gradients disagree, or an error if the computation itself
// fails (a tape error, a non-finite output).
func Check(opt Options, build func(*nn.Tape) *nn.Tensor, params ...*nn.Param) ([]Mismatch, error) {
	opt = withDefaults(opt)
	analytic, err := analyticGrads(opt, build, params)
	if err != nil {
		return nil, err
	}
	var bad []Mismatch
	for pi, p := range params {
		for i := range p.Data {
			num, err := numericGrad(opt, build, p, i)
			if err != nil {
				return nil, err
			}
			a := analytic[pi][i]
			if math.Abs(a-num) > opt.AbsTol+opt.RelTol*math.Max(math.Abs(a), math.Abs(num)) {
				bad = append(bad, Mismatch{Param: p.Name, Index: i, Analytic: a, Numeric: num})
			}
		}
	}
	return bad, nil
}

func withDefaults(opt Options) Options {
	if opt.Eps == 0 {
		opt.Eps = 1e-2
	}
	if opt.AbsTol == 0 {
		opt.AbsTol = 2e-3
	}
	if opt.RelTol == 0 {
		opt.RelTol = 2e-2
	}
	return opt
}

// analyticGrads runs build and Backward once and returns each parameter's gradient as a dense
// float64 slice.
func analyticGrads(opt Options, build func(*nn.Tape) *nn.Tensor, params []*nn.Param) ([][]float64, error) {
	for _, p := range params {
		p.ZeroGrad()
	}
	tape := nn.NewTape(opt.Tape)
	y := build(tape)
	if err := tape.Err(); err != nil {
		return nil, err
	}
	if err := tape.BackwardFrom(y, weights(y.Len())); err != nil {
		return nil, err
	}
	out := make([][]float64, len(params))
	for pi, p := range params {
		g := make([]float64, p.Len())
		if p.Sparse() {
			for s, r := range p.TouchedRows() {
				for j, v := range p.RowGrad(s) {
					g[int(r)*p.Cols+j] = float64(v)
				}
			}
		} else {
			for i, v := range p.Grad {
				g[i] = float64(v)
			}
		}
		out[pi] = g
		p.ZeroGrad()
	}
	return out, nil
}

// numericGrad is the central difference of the reduced output in value i of p.
func numericGrad(opt Options, build func(*nn.Tape) *nn.Tensor, p *nn.Param, i int) (float64, error) {
	orig := p.Data[i]
	defer func() { p.Data[i] = orig }()
	p.Data[i] = orig + float32(opt.Eps)
	hi := p.Data[i]
	lPlus, err := evaluate(opt, build)
	if err != nil {
		return 0, err
	}
	p.Data[i] = orig - float32(opt.Eps)
	lo := p.Data[i]
	lMinus, err := evaluate(opt, build)
	if err != nil {
		return 0, err
	}
	return (lPlus - lMinus) / (float64(hi) - float64(lo)), nil
}

// evaluate runs build on a fresh tape and reduces its output in float64.
func evaluate(opt Options, build func(*nn.Tape) *nn.Tensor) (float64, error) {
	tape := nn.NewTape(opt.Tape)
	y := build(tape)
	if err := tape.Err(); err != nil {
		return 0, err
	}
	var l float64
	for i, r := range weights(y.Len()) {
		l += float64(r) * float64(y.Data[i])
	}
	if math.IsNaN(l) || math.IsInf(l, 0) {
		return 0, fmt.Errorf("%w: output sums to %v", nn.ErrNotFinite, l)
	}
	return l, nil
}

// weights returns the fixed reduction weights for an output of n values: 1 for a scalar,
// otherwise values uniform in [-1, 1) from a fixed seed.
func weights(n int) []float32 {
	w := make([]float32, n)
	if n == 1 {
		w[0] = 1
		return w
	}
	rng := rand.New(rand.NewPCG(7, uint64(n)))
	for i := range w {
		w[i] = float32(2*rng.Float64() - 1)
	}
	return w
}
