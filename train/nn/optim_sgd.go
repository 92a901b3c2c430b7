package nn

import "math"

// SGDConfig configures SGD. Zero fields take the defaults shown.
type SGDConfig struct {
	LR          float32 // learning rate (default 0.01)
	Momentum    float32 // heavy-ball momentum (default 0: none)
	Nesterov    bool    // Nesterov momentum (needs Momentum > 0)
	WeightDecay float32 // L2 term wd·w added to the gradient (default 0)
}

// SGD is stochastic gradient descent with optional momentum, PyTorch's formulation:
// b = μ·b + g; w −= lr·b (or lr·(g + μ·b) with Nesterov). Not safe for concurrent use.
type SGD struct {
	cfg    SGDConfig
	params []*Param
	buf    [][]float32 // momentum buffers (nil without momentum)
}

// NewSGD returns SGD over params.
func NewSGD(params []*Param, cfg SGDConfig) *SGD {
	cfg.LR = orDefault(cfg.LR, 0.01)
	s := &SGD{cfg: cfg, params: params}
	if cfg.Momentum != 0 {
		for _, p := range params {
			s.buf = append(s.buf, make([]float32, p.Len()))
		}
	}
	return s
}

// SetLR changes the learning rate.
func (s *SGD) SetLR(lr float32) { s.cfg.LR = lr }

// Step applies one update from the current gradients.
func (s *SGD) Step() {
	c := s.cfg
	for i, p := range s.params {
		forEachGrad(p, func(w, g []float32, off int) {
			var b []float32
			if s.buf != nil {
				b = s.buf[i][off : off+len(w)]
			}
			for j := range w {
				gj := g[j] + c.WeightDecay*w[j]
				if b != nil {
					b[j] = c.Momentum*b[j] + gj
					if c.Nesterov {
						gj += c.Momentum * b[j]
					} else {
						gj = b[j]
					}
				}
				w[j] -= c.LR * gj
			}
		})
	}
}

// AdagradConfig configures Adagrad. Zero fields take the defaults shown.
type AdagradConfig struct {
	LR          float32 // learning rate (default 0.01)
	Eps         float32 // added to √sum (default 1e-10)
	InitialAcc  float32 // starting value of the squared-gradient sums (default 0)
	WeightDecay float32 // L2 term wd·w added to the gradient (default 0)
}

// Adagrad keeps a running sum of squared gradients per value: s += g²; w −= lr·g/(√s + eps).
// Not safe for concurrent use.
type Adagrad struct {
	cfg    AdagradConfig
	params []*Param
	sum    [][]float32
}

// NewAdagrad returns Adagrad over params.
func NewAdagrad(params []*Param, cfg AdagradConfig) *Adagrad {
	cfg.LR = orDefault(cfg.LR, 0.01)
	cfg.Eps = orDefault(cfg.Eps, 1e-10)
	a := &Adagrad{cfg: cfg, params: params}
	for _, p := range params {
		s := make([]float32, p.Len())
		for j := range s {
			s[j] = cfg.InitialAcc
		}
		a.sum = append(a.sum, s)
	}
	return a
}

// SetLR changes the learning rate.
func (a *Adagrad) SetLR(lr float32) { a.cfg.LR = lr }

// Step applies one update from the current gradients.
func (a *Adagrad) Step() {
	c := a.cfg
	for i, p := range a.params {
		forEachGrad(p, func(w, g []float32, off int) {
			s := a.sum[i][off : off+len(w)]
			for j := range w {
				gj := g[j] + c.WeightDecay*w[j]
				s[j] += gj * gj
				w[j] -= c.LR * gj / (float32(math.Sqrt(float64(s[j]))) + c.Eps)
			}
		})
	}
}
