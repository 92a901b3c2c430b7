package nn

import "math"

// Activation is an elementwise function fused into Linear (or applied by Tape.Activate).
// The runtime's inference forward pass must apply the same function: GELU in particular
// comes in two variants that differ by up to ~1e-3.
type Activation uint8

const (
	ActNone     Activation = iota // identity
	ActReLU                       // max(0, x)
	ActGELU                       // exact GELU: 0.5·x·(1+erf(x/√2)) (PyTorch nn.GELU() default, BERT)
	ActGELUTanh                   // tanh approximation: 0.5·x·(1+tanh(√(2/π)·(x+0.044715·x³)))
	ActTanh                       // tanh(x)
	ActSigmoid                    // 1/(1+e^-x)
)

var actNames = [...]string{"none", "relu", "gelu", "gelu_tanh", "tanh", "sigmoid"}

func (a Activation) String() string {
	if int(a) < len(actNames) {
		return actNames[a]
	}
	return "activation(?)"
}

// needsInput reports whether the derivative needs the pre-activation value (not just the
// output).
func (a Activation) needsInput() bool { return a == ActGELU || a == ActGELUTanh }

const (
	sqrt2        = 1.4142135623730951
	invSqrt2Pi   = 0.3989422804014327 // 1/√(2π)
	geluTanhC    = 0.7978845608028654 // √(2/π)
	geluTanhCube = 0.044715
)

// activate writes y = f(z); y may alias z.
func activate(a Activation, z, y []float32) {
	y = y[:len(z)]
	switch a {
	case ActNone:
		copy(y, z)
	case ActReLU:
		for i, v := range z {
			y[i] = max(v, 0)
		}
	case ActGELU:
		for i, v := range z {
			x := float64(v)
			y[i] = float32(0.5 * x * (1 + math.Erf(x/sqrt2)))
		}
	case ActGELUTanh:
		for i, v := range z {
			x := float64(v)
			y[i] = float32(0.5 * x * (1 + math.Tanh(geluTanhC*(x+geluTanhCube*x*x*x))))
		}
	case ActTanh:
		for i, v := range z {
			y[i] = float32(math.Tanh(float64(v)))
		}
	case ActSigmoid:
		for i, v := range z {
			y[i] = sigmoid(v)
		}
	default:
		panic("nn: unknown activation " + a.String())
	}
}

// activateGrad writes dz = dy·f'(z), using the output y (and z when a.needsInput()).
// dz may alias dy.
func activateGrad(a Activation, z, y, dy, dz []float32) {
	dz = dz[:len(dy)]
	switch a {
	case ActNone:
		copy(dz, dy)
	case ActReLU:
		reluGrad(y, dy, dz)
	case ActGELU:
		for i, g := range dy {
			x := float64(z[i])
			cdf := 0.5 * (1 + math.Erf(x/sqrt2))
			pdf := invSqrt2Pi * math.Exp(-0.5*x*x)
			dz[i] = g * float32(cdf+x*pdf)
		}
	case ActGELUTanh:
		for i, g := range dy {
			x := float64(z[i])
			th := math.Tanh(geluTanhC * (x + geluTanhCube*x*x*x))
			d := 0.5*(1+th) + 0.5*x*(1-th*th)*geluTanhC*(1+3*geluTanhCube*x*x)
			dz[i] = g * float32(d)
		}
	case ActTanh:
		for i, g := range dy {
			dz[i] = g * (1 - y[i]*y[i])
		}
	case ActSigmoid:
		for i, g := range dy {
			dz[i] = g * y[i] * (1 - y[i])
		}
	default:
		panic("nn: unknown activation " + a.String())
	}
}

// sigmoid is 1/(1+e^-x), computed without overflow.
func sigmoid(x float32) float32 {
	if x >= 0 {
		return float32(1 / (1 + math.Exp(-float64(x))))
	}
	e := math.Exp(float64(x))
	return float32(e / (1 + e))
}

// softplus is log(1+e^x), computed without overflow.
func softplus(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

// reluGrad writes dz = dy where y > 0 and 0 elsewhere, without branches: y = max(z, 0) is +0
// or positive, so its bits are zero exactly when the unit is off.
func reluGrad(y, dy, dz []float32) {
	y, dz = y[:len(dy)], dz[:len(dy)]
	for i, g := range dy {
		b := int32(math.Float32bits(y[i]))
		on := uint32((b | -b) >> 31) // all ones iff b != 0
		dz[i] = math.Float32frombits(math.Float32bits(g) & on)
	}
}
