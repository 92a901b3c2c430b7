package twotower

import (
	"fmt"
	"math/rand/v2"

	"github.com/corerec/corerec/train/nn"
)

// fusion is the multi-modal input of an item tower. Its modalities, in order: the vector modalities,
// the attribute bag (when attributes are given), the ID embedding (unless NoID; the tower's emb).
type fusion struct {
	strategy string
	width    int
	m        int        // number of modalities
	mods     []Modality // the training items' vectors
	proj     []layer    // per vector modality: Dim → width, no activation
	attrs    *Attributes
	attrEmb  *nn.Param // len(attrs.Names)×width; nil without attributes
	attrIdx  map[string]int32
	hasID    bool
	unknown  int32     // the tower's unknown id: its ID modality is masked
	logits   *nn.Param // weighted: 1×m
	query    *nn.Param // attention: 1×width
	gate     layer     // gated: (m·width+m) → m, sigmoid
}

// fuseBatch is one batch of item-tower inputs.
type fuseBatch struct {
	n       int
	vecs    [][]float32 // per vector modality: n×Dim (a masked row's values are not read)
	mask    []float32   // n×m: 1 present, 0 missing
	bagIDs  []int32     // attribute indices of the batch's items, bag k is bagIDs[offsets[k]:offsets[k+1]]
	offsets []int32
	embIDs  []int32 // ID rows (the unknown id is masked); nil without the ID modality
}

// newFusionTower builds a multi-modal item tower over n items.
func newFusionTower(ps *nn.Params, n int, in Input, c Config, rng *rand.Rand) (*tower, error) {
	if err := checkFusion(in, c); err != nil {
		return nil, err
	}
	t := &tower{side: "item", cfg: c.Item, n: n, normalize: !c.NoNormalize}
	w := c.Fusion.Width
	f := &fusion{strategy: c.Fusion.Strategy, width: w, mods: in.ItemModalities, attrs: in.ItemAttributes,
		hasID: !c.Item.NoID, unknown: int32(n)}
	if f.strategy == "" {
		f.strategy = FuseConcat
	}
	for k, md := range f.mods {
		f.proj = append(f.proj, newLayer(ps, fmt.Sprintf("item.modality.%d", k), md.Dim, w, nn.ActNone, rng))
	}
	f.m = len(f.mods)
	if f.attrs != nil {
		f.attrEmb = ps.Sparse("item.attributes", len(f.attrs.Names), w)
		f.attrEmb.InitNormal(rng, float64(c.InitStd))
		f.attrIdx = make(map[string]int32, len(f.attrs.Names))
		for k, name := range f.attrs.Names {
			f.attrIdx[name] = int32(k)
		}
		f.m++
	}
	if f.hasID {
		t.emb = ps.Sparse("item.emb", n+1, w)
		t.emb.InitNormal(rng, float64(c.InitStd))
		f.m++
	}
	if f.m == 0 {
		return nil, fmt.Errorf("%w: the item tower has no modality", ErrInput)
	}
	in1 := w
	switch f.strategy {
	case FuseConcat:
		in1 = f.m*w + f.m
	case FuseWeighted:
		f.logits = ps.Dense("item.fusion.logits", 1, f.m) // zeros: equal weights at the start
	case FuseAttention:
		f.query = ps.Dense("item.fusion.query", 1, w)
		f.query.InitNormal(rng, float64(c.InitStd))
	case FuseGated:
		f.gate = newLayer(ps, "item.fusion.gate", f.m*w+f.m, f.m, nn.ActSigmoid, rng)
	}
	t.fuse = f
	t.addLayers(ps, in1, c.Dim, rng)
	return t, nil
}

// gather assembles the batch of training items rows (embIDs: their ID rows, the unknown id where the ID
// is dropped).
func (f *fusion) gather(tp *nn.Tape, embIDs, rows []int32) fuseBatch {
	b := fuseBatch{n: len(rows), mask: tp.Scratch(len(rows) * f.m)}
	for k, md := range f.mods {
		x := tp.Scratch(len(rows) * md.Dim)
		for r, i := range rows {
			dst := x[r*md.Dim : (r+1)*md.Dim]
			present := md.Present == nil || md.Present[i]
			if present {
				copy(dst, md.Data[int(i)*md.Dim:int(i+1)*md.Dim])
			} else {
				clear(dst)
			}
			b.mask[r*f.m+k] = flag(present)
		}
		b.vecs = append(b.vecs, x)
	}
	k := len(f.mods)
	if f.attrs != nil {
		b.offsets = append(make([]int32, 0, len(rows)+1), 0)
		for r, i := range rows {
			ids := f.attrs.Items[i]
			b.bagIDs = append(b.bagIDs, ids...)
			b.offsets = append(b.offsets, int32(len(b.bagIDs)))
			b.mask[r*f.m+k] = flag(len(ids) > 0)
		}
		k++
	}
	if f.hasID {
		b.embIDs = embIDs
		for r, id := range embIDs {
			b.mask[r*f.m+k] = flag(id != f.unknown)
		}
	}
	return b
}

func flag(ok bool) float32 {
	if ok {
		return 1
	}
	return 0
}

// forward fuses the batch's modalities into the tower's layer input.
func (f *fusion) forward(tp *nn.Tape, b fuseBatch, emb *nn.Param) *nn.Tensor {
	parts := make([]*nn.Tensor, 0, f.m)
	for k, l := range f.proj {
		x := tp.Const(b.n, f.mods[k].Dim, b.vecs[k])
		parts = append(parts, tp.Linear(x, l.w, l.b, nn.ActNone))
	}
	if f.attrs != nil {
		parts = append(parts, tp.EmbeddingBag(f.attrEmb, b.bagIDs, b.offsets, nn.BagMean))
	}
	if f.hasID {
		parts = append(parts, tp.Embedding(emb, b.embIDs))
	}
	p := parts[0]
	if len(parts) > 1 {
		p = tp.Concat(parts...)
	}
	switch f.strategy {
	case FuseWeighted:
		return weightedSum(tp, p, maskedSoftmax(tp, tp.Param(f.logits), b.mask, b.n, f.m), b.mask)
	case FuseAttention:
		s := modalityScores(tp, p, tp.Param(f.query), f.m)
		return weightedSum(tp, p, maskedSoftmax(tp, s, b.mask, b.n, f.m), b.mask)
	case FuseGated:
		g := tp.Linear(maskedConcat(tp, p, b.mask, f.m), f.gate.w, f.gate.b, nn.ActSigmoid)
		return weightedSum(tp, p, g, b.mask)
	}
	return maskedConcat(tp, p, b.mask, f.m)
}
