package runtime

import (
	"math"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/internal/kernel"
)

// ItemInput is what an ItemTower reads of a new item.
type ItemInput struct {
	// Modalities maps modality names (ItemTowerSpec.Modalities) to the item's vector; a modality the map
	// lacks, or maps to an empty vector, is missing and masked.
	Modalities map[string][]float32
	// Attributes are the item's attribute names; names the tower does not know are skipped. None known
	// masks the attribute modality.
	Attributes []string
}

// Encode computes a new item's embedding (the bundle's dimension) from its modalities alone: the ID
// modality, if the tower has one, is missing. An unknown modality name, a vector of the wrong size or a
// non-finite value is an error wrapping ErrBadRequest. An item with no modality at all is allowed: it
// gets the tower's output for an all-missing input.
func (t *ItemTower) Encode(in ItemInput) ([]float32, error) {
	s := t.spec
	m, w := s.count(), s.Width
	p := make([]float32, m*w) // the projections, modality after modality
	mask := make([]float32, m)
	if err := t.project(in, p, mask); err != nil {
		return nil, err
	}
	x := t.fuse(p, mask)
	for _, l := range t.layers {
		h := make([]float32, l.out)
		for o := range h {
			h[o] = kernel.Dot(l.w[o*l.in:(o+1)*l.in], x) + l.b[o]
		}
		l.act.apply(h)
		x = h
	}
	if s.Normalize {
		n := max(float32(math.Sqrt(float64(kernel.Dot(x, x)))), l2Eps)
		inv := 1 / n
		for j, v := range x {
			x[j] = v * inv
		}
	}
	return x, nil
}

// project writes each present modality's projection into p and its mask into mask.
func (t *ItemTower) project(in ItemInput, p, mask []float32) error {
	s, w := t.spec, t.spec.Width
	for name := range in.Modalities {
		if !t.hasModality(name) {
			return fmtlite.Errorf("%w: unknown item modality %q", ErrBadRequest, name)
		}
	}
	for k, md := range s.Modalities {
		v := in.Modalities[md.Name]
		if len(v) == 0 {
			continue
		}
		if len(v) != md.Dim {
			return fmtlite.Errorf("%w: modality %q has %d values, the tower reads %d", ErrBadRequest, md.Name, len(v), md.Dim)
		}
		for j, x := range v {
			if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
				return fmtlite.Errorf("%w: modality %q: value %d is %v", ErrBadRequest, md.Name, j, x)
			}
		}
		l, dst := t.proj[k], p[k*w:(k+1)*w]
		for o := range dst {
			dst[o] = kernel.Dot(l.w[o*l.in:(o+1)*l.in], v) + l.b[o]
		}
		mask[k] = 1
	}
	if len(s.Attributes) > 0 {
		k := len(s.Modalities)
		dst, n := p[k*w:(k+1)*w], 0
		for _, name := range in.Attributes {
			if a, ok := t.attrIdx[name]; ok {
				axpy(1, t.attrs[a*w:(a+1)*w], dst)
				n++
			}
		}
		if n > 0 {
			inv := 1 / float32(n)
			for j := range dst {
				dst[j] *= inv
			}
			mask[k] = 1
		}
	}
	return nil
}

func (t *ItemTower) hasModality(name string) bool {
	for _, md := range t.spec.Modalities {
		if md.Name == name {
			return true
		}
	}
	return false
}

// fuse combines the projections p of the present modalities by the tower's strategy (the trainer's
// formulas, in the same order of operations).
func (t *ItemTower) fuse(p, mask []float32) []float32 {
	m, w := len(mask), t.spec.Width
	if t.spec.Strategy == "concat" {
		return maskedConcat(p, mask, w)
	}
	a := make([]float32, m)
	switch t.spec.Strategy {
	case "weighted":
		kernel.SoftmaxMasked(t.logits, mask, a)
	case "attention":
		s := make([]float32, m)
		scale := float32(1 / math.Sqrt(float64(w)))
		for k := range m {
			s[k] = dotLoop(t.query, p[k*w:(k+1)*w]) * scale
		}
		kernel.SoftmaxMasked(s, mask, a)
	case "gated":
		c := maskedConcat(p, mask, w)
		g := t.gate
		for o := range a {
			a[o] = kernel.Dot(g.w[o*g.in:(o+1)*g.in], c) + g.b[o]
		}
		g.act.apply(a)
	}
	y := make([]float32, w)
	for k := range m {
		if c := a[k] * mask[k]; c != 0 {
			axpy(c, p[k*w:(k+1)*w], y)
		}
	}
	return y
}

func maskedConcat(p, mask []float32, w int) []float32 {
	m := len(mask)
	c := make([]float32, m*w+m)
	for k, v := range mask {
		for j := range w {
			c[k*w+j] = p[k*w+j] * v
		}
	}
	copy(c[m*w:], mask)
	return c
}

func dotLoop(a, b []float32) float32 {
	var s float32
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

func axpy(c float32, x, y []float32) {
	for i, v := range x {
		y[i] += c * v
	}
}
