package runtime

import (
	"math"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/internal/kernel"
)

// activation is a tower layer's elementwise function; the formulas are the trainer's (train/nn), computed
// in float64 like there so both sides round alike.
type activation uint8

const (
	actNone activation = iota
	actReLU
	actGELU
	actGELUTanh
	actTanh
	actSigmoid
)

func activationNamed(name string) (activation, bool) {
	for a, n := range []string{"none", "relu", "gelu", "gelu_tanh", "tanh", "sigmoid"} {
		if n == name {
			return activation(a), true
		}
	}
	return 0, false
}

func (a activation) apply(v []float32) {
	switch a {
	case actReLU:
		for i, x := range v {
			v[i] = max(x, 0)
		}
	case actGELU:
		for i, x := range v {
			z := float64(x)
			v[i] = float32(0.5 * z * (1 + math.Erf(z/math.Sqrt2)))
		}
	case actGELUTanh:
		for i, x := range v {
			z := float64(x)
			v[i] = float32(0.5 * z * (1 + math.Tanh(0.7978845608028654*(z+0.044715*z*z*z))))
		}
	case actTanh:
		for i, x := range v {
			v[i] = float32(math.Tanh(float64(x)))
		}
	case actSigmoid:
		for i, x := range v {
			v[i] = sigmoid(x)
		}
	}
}

func sigmoid(x float32) float32 {
	if x >= 0 {
		return float32(1 / (1 + math.Exp(-float64(x))))
	}
	e := math.Exp(float64(x))
	return float32(e / (1 + e))
}

// l2Eps is the smallest norm the tower's output is divided by (the trainer's nn.L2Eps).
const l2Eps = 1e-12

// encode writes the tower's output for ID row idRow (len IDDim; ignored when IDDim is 0) and raw features,
// or for a history tower the history items (resolved indices, at least one), into out (len of the last
// layer). Features must have been checked (length, finite values).
func (t *userTower) encode(idRow, features []float32, hist []int32, out []float32) {
	bp, _ := t.bufs.Get().(*[]float32)
	if bp == nil {
		b := make([]float32, 2*t.width)
		bp = &b
	}
	defer t.bufs.Put(bp)
	a, b := (*bp)[:t.width:t.width], (*bp)[t.width:]
	d := t.spec.IDDim
	copy(a[:d], idRow)
	for j, v := range features {
		a[d+j] = (v - t.mean[j]) * t.invStd[j]
	}
	n := d + len(features)
	if t.hist != nil {
		h := t.spec.History
		mean := a[d : d+h]
		clear(mean)
		for _, it := range hist {
			kernel.Axpy(1, t.hist.Row(int(it), b[:0]), mean)
		}
		kernel.Scale(1/float32(len(hist)), mean)
		n = d + h
		if t.spec.HistoryAdd {
			kernel.Axpy(1, mean, a[:d])
			n = d
		}
	}
	x := a[:n]
	for _, l := range t.layers {
		h := b[:l.out]
		for o := range h {
			h[o] = kernel.Dot(l.w[o*l.in:(o+1)*l.in], x) + l.b[o]
		}
		l.act.apply(h)
		x = h
		a, b = b, a
	}
	if t.spec.Normalize {
		n := max(float32(math.Sqrt(float64(kernel.Dot(x, x)))), l2Eps)
		inv := 1 / n
		for j, v := range x {
			x[j] = v * inv
		}
	}
	copy(out, x)
}

// checkFeatures reports a request's features that the tower cannot read.
func (t *userTower) checkFeatures(f []float32) error {
	if len(f) != t.spec.Features {
		return fmtlite.Errorf("%w: %d features, the user tower reads %d", ErrBadRequest, len(f), t.spec.Features)
	}
	for j, v := range f {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return fmtlite.Errorf("%w: feature %d is %v", ErrBadRequest, j, v)
		}
	}
	return nil
}

// UserFeatures is the number of features the bundle's user tower reads from Request.Features; 0 when the
// bundle has no user tower.
func (e *Engine) UserFeatures() int {
	if e.tower == nil {
		return 0
	}
	return e.tower.spec.Features
}

// encodeRequest fills sc.q with the request's user vector: through the user tower when the request gives
// features, or when the tower reads a history and the request's History has known items (with the user's
// own ID row when the bundle has it, else the unknown-id row); otherwise as encode does. It reports false
// when no vector can be made.
func (e *Engine) encodeRequest(sc *scratch, features []float32, user int32, known bool, sess *Session) (bool, error) {
	t := e.tower
	if len(features) == 0 && (t == nil || t.hist == nil || len(sc.hist) == 0 || sess != nil) {
		return e.encode(sc, user, known, sess), nil
	}
	if t == nil {
		return false, fmtlite.Errorf("%w: the request gives features but the bundle has no user tower", ErrBadRequest)
	}
	if err := t.checkFeatures(features); err != nil {
		return false, err
	}
	id := t.unknown
	if known && t.ids != nil {
		sc.row = t.ids.Row(int(user), sc.row[:0])
		id = sc.row
	}
	t.encode(id, features, sc.hist, sc.q)
	return true, nil
}
