package rank

import (
	"fmt"
	"math/rand/v2"

	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/train/nn"
)

// Model is a ranking model (DCN-v2, DeepFM or logistic regression) on the train/nn core. Its
// parameter names are the bundle's weight names (modelpack.PrefixRankWeight + name):
//
//	emb.F          vocab×k     embedding table of categorical or multi-hot field F
//	cross.L.w/.b   d×d, 1×d    full-rank cross layer L
//	cross.L.v/.u/.b/.g         low-rank mixture: (E·r)×d, (E·d)×r, E×d, E×d (g only when E > 1)
//	deep.L.w/.b    h×in, 1×h   deep layer L (ReLU)
//	lin.F          vocab×1     first-order weight of field F (DeepFM, LR)
//	lin.dense      1×D         first-order weights of the dense fields (DeepFM, LR)
//	out.w/.b       1×H, 1×1    output layer (DCN) or deep output and global bias (DeepFM, LR)
type Model struct {
	Spec   runtime.RankSpec
	Params nn.Params
	p      map[string]*nn.Param
}

// NewModel builds a model for spec with weights drawn from seed.
func NewModel(spec runtime.RankSpec, seed uint64) (*Model, error) {
	if err := spec.Validate(); err != nil {
		return nil, fmt.Errorf("rank: %w", err)
	}
	m := &Model{Spec: spec, p: map[string]*nn.Param{}}
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	k, d := spec.EmbedDim, spec.InputDim()
	nd := NumDense(spec.Fields)
	for _, f := range spec.Fields {
		if !f.Embedded() {
			continue
		}
		if spec.Model != runtime.RankLR {
			m.sparse("emb."+f.Name, f.Vocab, k).InitNormal(rng, 0.01)
		}
		if spec.Model != runtime.RankDCN {
			m.sparse("lin."+f.Name, f.Vocab, 1)
		}
	}
	if spec.Model != runtime.RankDCN && nd > 0 {
		m.dense("lin.dense", 1, nd)
	}
	if spec.Model == runtime.RankDCN {
		m.crossParams(rng, d)
	}
	in := d
	if spec.Model == runtime.RankLR {
		in = 0
	}
	for l, h := range spec.Deep {
		if in == 0 {
			break
		}
		m.dense(fmt.Sprintf("deep.%d.w", l), h, in).InitKaiming(rng)
		m.dense(fmt.Sprintf("deep.%d.b", l), 1, h)
		in = h
	}
	if out := m.outWidth(); out > 0 {
		m.dense("out.w", 1, out).InitKaiming(rng)
	}
	m.dense("out.b", 1, 1)
	return m, nil
}

func (m *Model) crossParams(rng *rand.Rand, d int) {
	c := m.Spec.Cross
	e := max(c.Experts, 1)
	for l := range c.Layers {
		name := fmt.Sprintf("cross.%d.", l)
		if c.Rank == 0 {
			m.dense(name+"w", d, d).InitUniform(rng, 0.5/float64(d))
			m.dense(name+"b", 1, d)
			continue
		}
		m.dense(name+"v", e*c.Rank, d).InitKaiming(rng)
		m.dense(name+"u", e*d, c.Rank).InitUniform(rng, 0.5/float64(c.Rank))
		m.dense(name+"b", e, d)
		if e > 1 {
			m.dense(name+"g", e, d).InitKaiming(rng)
		}
	}
}

// outWidth is the width the output layer reads (0: no out.w).
func (m *Model) outWidth() int {
	s := &m.Spec
	deep := 0
	if len(s.Deep) > 0 {
		deep = s.Deep[len(s.Deep)-1]
	}
	switch s.Model {
	case runtime.RankDCN:
		if s.Stacked || s.Cross.Layers == 0 {
			if deep > 0 {
				return deep
			}
			return s.InputDim()
		}
		return s.InputDim() + deep
	case runtime.RankDeepFM:
		return deep
	}
	return 0
}

func (m *Model) dense(name string, rows, cols int) *nn.Param {
	p := m.Params.Dense(name, rows, cols)
	m.p[name] = p
	return p
}

func (m *Model) sparse(name string, rows, cols int) *nn.Param {
	p := m.Params.Sparse(name, rows, cols)
	m.p[name] = p
	return p
}

// Forward returns the logits (n×1) of a batch.
func (m *Model) Forward(t *nn.Tape, in *Inputs) *nn.Tensor {
	s := &m.Spec
	var embs []*nn.Tensor
	var lin *nn.Tensor
	for fi, f := range s.Fields {
		if !f.Embedded() {
			continue
		}
		if e := m.p["emb."+f.Name]; e != nil {
			embs = append(embs, m.lookup(t, e, in, fi, f))
		}
		if w := m.p["lin."+f.Name]; w != nil {
			lin = addOr(t, lin, m.lookup(t, w, in, fi, f))
		}
	}
	nd := NumDense(s.Fields)
	var dense *nn.Tensor
	if nd > 0 {
		dense = t.Const(in.N, nd, in.Dense[:in.N*nd])
		if w := m.p["lin.dense"]; w != nil {
			lin = addOr(t, lin, t.Linear(dense, w, nil, nn.ActNone))
		}
	}
	bias := t.Param(m.p["out.b"])
	if s.Model == runtime.RankLR {
		return t.Add(lin, bias)
	}
	x0 := t.Concat(append(embs, nonNil(dense)...)...)
	if s.Model == runtime.RankDCN {
		return t.Linear(m.dcnBody(t, x0), m.p["out.w"], m.p["out.b"], nn.ActNone)
	}
	y := t.Add(lin, t.FM(t.Concat(embs...), len(embs)))
	if len(s.Deep) > 0 {
		y = t.Add(y, t.Linear(m.deep(t, x0), m.p["out.w"], nil, nn.ActNone))
	}
	return t.Add(y, bias)
}

func (m *Model) lookup(t *nn.Tape, p *nn.Param, in *Inputs, fi int, f runtime.RankField) *nn.Tensor {
	if f.Kind == runtime.FieldMultiHot {
		return t.EmbeddingBag(p, in.BagIDs[fi], in.BagOff[fi], nn.BagMean)
	}
	return t.Embedding(p, in.Codes[fi][:in.N])
}

func (m *Model) dcnBody(t *nn.Tape, x0 *nn.Tensor) *nn.Tensor {
	s := &m.Spec
	xl := x0
	for l := range s.Cross.Layers {
		name := fmt.Sprintf("cross.%d.", l)
		if s.Cross.Rank == 0 {
			xl = t.Cross(x0, xl, m.p[name+"w"], m.p[name+"b"])
		} else {
			xl = t.CrossMix(x0, xl, m.p[name+"v"], m.p[name+"u"], m.p[name+"b"], m.p[name+"g"])
		}
	}
	switch {
	case len(s.Deep) == 0:
		return xl
	case s.Cross.Layers == 0:
		return m.deep(t, x0)
	case s.Stacked:
		return m.deep(t, xl)
	}
	return t.Concat(xl, m.deep(t, x0))
}

func (m *Model) deep(t *nn.Tape, x *nn.Tensor) *nn.Tensor {
	for l := range m.Spec.Deep {
		x = t.Linear(x, m.p[fmt.Sprintf("deep.%d.w", l)], m.p[fmt.Sprintf("deep.%d.b", l)], nn.ActReLU)
	}
	return x
}

// Param returns the parameter with the given name.
func (m *Model) Param(name string) (*nn.Param, bool) {
	p, ok := m.p[name]
	return p, ok
}

func addOr(t *nn.Tape, a, b *nn.Tensor) *nn.Tensor {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return t.Add(a, b)
}

func nonNil(x *nn.Tensor) []*nn.Tensor {
	if x == nil {
		return nil
	}
	return []*nn.Tensor{x}
}
