package twotower

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/corerec/corerec/train/nn"
)

// tower maps an id (its embedding row) and the id's features to an output vector: the input is the
// concatenation [embedding, standardised features], then the hidden layers, then a linear layer to the
// output dimension, then (optionally) L2 normalisation.
type tower struct {
	side      string
	cfg       TowerConfig
	n         int       // known ids; the embedding has n+1 rows, row n is the unknown id
	emb       *nn.Param // (n+1)×IDDim; nil with NoID
	featDim   int
	feats     []float32 // standardised features, n×featDim; nil without features
	mean      []float32 // per feature: the training mean ...
	invStd    []float32 // ... and 1/std (1 for constant columns)
	layers    []layer
	normalize bool
	fuse      *fusion  // the multi-modal input of an item tower; nil otherwise
	hist      *history // the behaviour input of a user tower (TowerConfig.History); nil otherwise
}

type layer struct {
	w, b *nn.Param
	act  nn.Activation
}

// unknownID is the embedding row of ids the tower was not trained on.
func (t *tower) unknownID() int32 { return int32(t.n) }

// rowOf is id u's embedding row: its own for 0 ≤ u < n, else the unknown id's.
func (t *tower) rowOf(u int32) int32 {
	if u >= 0 && int(u) < t.n {
		return u
	}
	return t.unknownID()
}

func newTower(ps *nn.Params, side string, n int, cfg TowerConfig, f *Features, c Config, rng *rand.Rand, h *history) (*tower, error) {
	t := &tower{side: side, cfg: cfg, n: n, normalize: !c.NoNormalize, hist: h}
	in := 0
	if h != nil {
		if f != nil {
			return nil, fmt.Errorf("%w: the %s tower reads a history or features, not both", ErrInput, side)
		}
		in += h.table.Cols
	}
	if !cfg.NoID {
		t.emb = ps.Sparse(side+".emb", n+1, cfg.IDDim)
		t.emb.InitNormal(rng, float64(c.InitStd))
		in += cfg.IDDim
	}
	if f != nil {
		if f.Rows() != n {
			return nil, fmt.Errorf("%w: %s features have %d rows for %d %ss", ErrFeatures, side, f.Rows(), n, side)
		}
		t.standardise(f)
		in += f.Dim
	}
	if in == 0 {
		return nil, fmt.Errorf("%w: the %s tower has neither an id embedding, features nor a history", ErrInput, side)
	}
	if cfg.Identity {
		if f != nil {
			return nil, fmt.Errorf("%w: the %s tower is an identity and cannot read features", ErrInput, side)
		}
		return t, nil
	}
	t.addLayers(ps, in, c.Dim, rng)
	return t, nil
}

// addLayers adds the hidden layers and the output layer (to dim values) over an input of in values.
func (t *tower) addLayers(ps *nn.Params, in, dim int, rng *rand.Rand) {
	act := activationOf(t.cfg.Activation)
	widths := append(append([]int{in}, t.cfg.Hidden...), dim)
	for k := 1; k < len(widths); k++ {
		l := newLayer(ps, fmt.Sprintf("%s.%d", t.side, k-1), widths[k-1], widths[k], act, rng)
		if k == len(widths)-1 {
			l.act = nn.ActNone
		}
		t.layers = append(t.layers, l)
	}
}

// newLayer adds a dense layer in→out named name.weight, name.bias with PyTorch's Linear initialisation.
func newLayer(ps *nn.Params, name string, in, out int, act nn.Activation, rng *rand.Rand) layer {
	l := layer{w: ps.Dense(name+".weight", out, in), b: ps.Dense(name+".bias", 1, out), act: act}
	l.w.InitKaiming(rng)
	l.b.InitUniform(rng, 1/math.Sqrt(float64(in)))
	return l
}

func activationOf(name string) nn.Activation {
	switch name {
	case "gelu":
		return nn.ActGELU
	case "gelu_tanh":
		return nn.ActGELUTanh
	case "tanh":
		return nn.ActTanh
	case "sigmoid":
		return nn.ActSigmoid
	case "none":
		return nn.ActNone
	}
	return nn.ActReLU
}

// standardise stores f's columns shifted to zero mean and scaled to unit variance, with the statistics.
func (t *tower) standardise(f *Features) {
	d, n := f.Dim, f.Rows()
	t.featDim = d
	t.mean, t.invStd = make([]float32, d), make([]float32, d)
	for j := range d {
		var s, q float64
		for i := range n {
			s += float64(f.Data[i*d+j])
		}
		m := s / float64(max(n, 1))
		for i := range n {
			e := float64(f.Data[i*d+j]) - m
			q += e * e
		}
		std := math.Sqrt(q / float64(max(n, 1)))
		t.mean[j], t.invStd[j] = float32(m), 1
		if std > 1e-6 {
			t.invStd[j] = float32(1 / std)
		}
	}
	t.feats = make([]float32, n*d)
	for i := range n {
		t.scale(f.Row(i), t.feats[i*d:(i+1)*d])
	}
}

// scale writes the standardised raw features into dst.
func (t *tower) scale(raw, dst []float32) {
	for j, v := range raw {
		dst[j] = (v - t.mean[j]) * t.invStd[j]
	}
}

// forward computes the outputs of ids: embedding row embIDs[k] (unknownID for an unknown id) beside the
// features and the whole history of featRows[k]. featRows is ignored without features or history.
func (t *tower) forward(tp *nn.Tape, embIDs, featRows []int32) *nn.Tensor {
	return t.forwardTrain(tp, embIDs, featRows, nil)
}

// forwardTrain is forward with training's history bags: each holds at most TowerConfig.History items
// drawn with rng. rng == nil takes whole histories.
func (t *tower) forwardTrain(tp *nn.Tape, embIDs, featRows []int32, rng *rand.Rand) *nn.Tensor {
	if t.fuse != nil {
		return t.head(tp, t.fuse.forward(tp, t.fuse.gather(tp, embIDs, featRows), t.emb))
	}
	var x []float32
	if t.featDim > 0 {
		d := t.featDim
		x = tp.Scratch(len(featRows) * d)
		for k, r := range featRows {
			copy(x[k*d:(k+1)*d], t.feats[int(r)*d:int(r+1)*d])
		}
	}
	var bag *nn.Tensor
	if t.hist != nil {
		bag = t.hist.bag(tp, featRows, rng)
	}
	return t.forwardX(tp, embIDs, len(featRows), x, bag)
}

// forwardX is forward with the standardised features (n rows, nil without features) and the history
// bags (nil without a history) given. An identity tower adds its bags to its embeddings.
func (t *tower) forwardX(tp *nn.Tape, embIDs []int32, n int, x []float32, bag *nn.Tensor) *nn.Tensor {
	var parts []*nn.Tensor
	if t.emb != nil {
		parts = append(parts, tp.Embedding(t.emb, embIDs))
	}
	if bag != nil && t.cfg.Identity {
		parts[0] = tp.Add(parts[0], bag)
	} else if bag != nil {
		parts = append(parts, bag)
	}
	if t.featDim > 0 {
		parts = append(parts, tp.Const(n, t.featDim, x))
	}
	h := parts[0]
	if len(parts) > 1 {
		h = tp.Concat(parts...)
	}
	return t.head(tp, h)
}

// head runs the tower's layers (and normalisation) on its input h.
func (t *tower) head(tp *nn.Tape, h *nn.Tensor) *nn.Tensor {
	for _, l := range t.layers {
		h = tp.Linear(h, l.w, l.b, l.act)
	}
	if t.normalize {
		h = tp.L2Normalize(h)
	}
	return h
}

// refreshUnknown sets the unknown id's row to the mean of the known rows when training does not learn it
// (IDDropout == 0), so an unknown id stands for the average known one.
func (t *tower) refreshUnknown() {
	if t.emb == nil || t.cfg.IDDropout > 0 || t.fuse != nil {
		return
	}
	d := t.emb.Cols
	mean := make([]float64, d)
	for i := range t.n {
		for j, v := range t.emb.Row(i) {
			mean[j] += float64(v)
		}
	}
	row := t.emb.Row(t.n)
	for j := range row {
		row[j] = float32(mean[j] / float64(max(t.n, 1)))
	}
}

// vectors computes the outputs of all n known ids (n×dim) on an evaluation tape, in chunks.
func (t *tower) vectors(tp *nn.Tape, dim int) []float32 {
	const chunk = 4096
	out := make([]float32, t.n*dim)
	ids := make([]int32, 0, chunk)
	for lo := 0; lo < t.n; lo += chunk {
		hi := min(lo+chunk, t.n)
		ids = ids[:0]
		for i := lo; i < hi; i++ {
			ids = append(ids, int32(i))
		}
		tp.Reset()
		y := t.forward(tp, ids, ids)
		copy(out[lo*dim:hi*dim], y.Data)
	}
	tp.Reset()
	return out
}
