package runtime

import (
	"strconv"
	"sync"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/modelpack"
)

// Limits on a sequential bundle's shape, so that a hostile manifest cannot make the engine allocate
// without bound: state buffers are sized from these numbers.
const (
	maxSeqLen    = 4096
	maxSeqBlocks = 64
	maxSeqFFN    = 16384
	maxSeqDim    = 4096
)

// seqModel is a SASRec or BERT4Rec transformer read in place from the bundle (see modelpack's SectionSeq*
// names): pre-norm blocks (or the SASRec code's layout, modelpack.SeqBlockSASRec, or BERT's post-norm one,
// modelpack.SeqBlockBERT) whose output at the
// window's last row is the user vector.
type seqModel struct {
	causal   bool // SASRec; BERT4Rec appends a mask token and attends both ways
	sasrec   bool // modelpack.SeqBlockSASRec: queries and residuals from the normalised rows
	bert     bool // modelpack.SeqBlockBERT: post-norm blocks; lnG, lnB normalise the input rows
	maxLen   int  // longest window, mask token included
	dim      int
	heads    int
	dh       int // dim / heads
	ffn      int
	act      seqActivation
	embScale float32
	eps      float32
	items    *itemSet
	pos      []float32 // maxLen × dim
	mask     []float32 // dim (BERT4Rec)
	lnG, lnB []float32
	blocks   []seqBlock
	states   sync.Pool // *seqState
}

type seqBlock struct {
	ln1g, ln1b, wqkv, bqkv, wo, bo, ln2g, ln2b, w1, b1, w2, b2 []float32
}

// loadSeqModel returns the transformer of a sequential bundle, or nil for other kinds.
func loadSeqModel(b *modelpack.Bundle, man modelpack.Manifest, items *itemSet) (*seqModel, error) {
	if man.Kind != modelpack.KindSASRec && man.Kind != modelpack.KindBERT4Rec {
		return nil, nil
	}
	m, err := seqShape(man, items.dim)
	if err != nil {
		return nil, fmtlite.Errorf("%w: %s: %w", ErrBundle, man.Kind, err)
	}
	for _, f := range [...]struct {
		name   string
		layout bool
	}{{modelpack.FeatureSeqBlockSASRec, m.sasrec}, {modelpack.FeatureSeqBlockBERT, m.bert}} {
		if b.HasFeature(f.name) && !f.layout {
			return nil, fmtlite.Errorf("%w: %s: the file is marked with feature %q but %s = %q", ErrBundle, man.Kind,
				f.name, modelpack.ExtraSeqBlock, man.Extra[modelpack.ExtraSeqBlock])
		}
	}
	m.items = items
	if err := m.loadWeights(b); err != nil {
		return nil, fmtlite.Errorf("%w: %s: %w", ErrBundle, man.Kind, err)
	}
	return m, nil
}

// intField is an integer manifest entry and its allowed range.
type intField struct {
	key      string
	dst      *int
	min, max int
}

// seqShape reads the transformer's hyper-parameters from the manifest's Extra entries.
func seqShape(man modelpack.Manifest, dim int) (*seqModel, error) {
	m := &seqModel{causal: man.Kind == modelpack.KindSASRec, dim: dim}
	var blocks int
	ints := []intField{
		{modelpack.ExtraSeqMaxLen, &m.maxLen, 2, maxSeqLen},
		{modelpack.ExtraSeqHeads, &m.heads, 1, maxSeqDim},
		{modelpack.ExtraSeqFFNDim, &m.ffn, 1, maxSeqFFN},
		{modelpack.ExtraSeqBlocks, &blocks, 1, maxSeqBlocks},
	}
	for _, f := range ints {
		v, err := strconv.Atoi(man.Extra[f.key])
		if err != nil || v < f.min || v > f.max {
			return nil, fmtlite.Errorf("%s = %q: want an integer in %d..%d", f.key, man.Extra[f.key], f.min, f.max)
		}
		*f.dst = v
	}
	if dim > maxSeqDim || dim%m.heads != 0 {
		return nil, fmtlite.Errorf("%d heads do not divide dim %d (at most %d)", m.heads, dim, maxSeqDim)
	}
	m.dh = dim / m.heads
	m.blocks = make([]seqBlock, blocks)
	for _, f := range []struct {
		key string
		dst *float32
	}{{modelpack.ExtraSeqEmbScale, &m.embScale}, {modelpack.ExtraSeqNormEps, &m.eps}} {
		v, err := strconv.ParseFloat(man.Extra[f.key], 32)
		if err != nil || !(v >= 0 && v <= 1e6) { // NaN fails too
			return nil, fmtlite.Errorf("%s = %q: want a number in [0, 1e6]", f.key, man.Extra[f.key])
		}
		*f.dst = float32(v)
	}
	act, ok := parseSeqActivation(man.Extra[modelpack.ExtraSeqActivation])
	if !ok {
		return nil, fmtlite.Errorf("%s = %q: want gelu, gelu_tanh or relu", modelpack.ExtraSeqActivation, man.Extra[modelpack.ExtraSeqActivation])
	}
	m.act = act
	switch man.Extra[modelpack.ExtraSeqBlock] {
	case "", modelpack.SeqBlockPreNorm:
	case modelpack.SeqBlockSASRec:
		m.sasrec = true
	case modelpack.SeqBlockBERT:
		m.bert = true
	default:
		return nil, fmtlite.Errorf("%s = %q: want %s, %s or %s", modelpack.ExtraSeqBlock, man.Extra[modelpack.ExtraSeqBlock],
			modelpack.SeqBlockPreNorm, modelpack.SeqBlockSASRec, modelpack.SeqBlockBERT)
	}
	return m, nil
}

// loadWeights reads every weight in place, checking each shape. The blocks' weights come from a table:
// a call per weight made this cold function 12 KB of the browser build's code.
func (m *seqModel) loadWeights(b *modelpack.Bundle) error {
	d, f := m.dim, m.ffn
	var err error
	seqWeight(b, &err, &m.pos, modelpack.SectionSeqPositions, m.maxLen, d)
	if !m.causal {
		seqWeight(b, &err, &m.mask, modelpack.SectionSeqMask, d, 0)
	}
	seqWeight(b, &err, &m.lnG, modelpack.SectionSeqFinalNormGamma, d, 0)
	seqWeight(b, &err, &m.lnB, modelpack.SectionSeqFinalNormBeta, d, 0)
	for i := range m.blocks {
		bl := &m.blocks[i]
		prefix := modelpack.SectionSeqBlockPrefix + strconv.Itoa(i) + "."
		for _, w := range [...]struct {
			dst        *[]float32
			name       string
			rows, cols int // cols 0: a vector of rows values
		}{
			{&bl.ln1g, modelpack.SeqBlockNorm1Gamma, d, 0},
			{&bl.ln1b, modelpack.SeqBlockNorm1Beta, d, 0},
			{&bl.wqkv, modelpack.SeqBlockQKVWeight, 3 * d, d},
			{&bl.bqkv, modelpack.SeqBlockQKVBias, 3 * d, 0},
			{&bl.wo, modelpack.SeqBlockOutWeight, d, d},
			{&bl.bo, modelpack.SeqBlockOutBias, d, 0},
			{&bl.ln2g, modelpack.SeqBlockNorm2Gamma, d, 0},
			{&bl.ln2b, modelpack.SeqBlockNorm2Beta, d, 0},
			{&bl.w1, modelpack.SeqBlockFFN1Weight, f, d},
			{&bl.b1, modelpack.SeqBlockFFN1Bias, f, 0},
			{&bl.w2, modelpack.SeqBlockFFN2Weight, d, f},
			{&bl.b2, modelpack.SeqBlockFFN2Bias, d, 0},
		} {
			seqWeight(b, &err, w.dst, prefix+w.name, w.rows, w.cols)
		}
	}
	return err
}

// seqWeight reads section name into dst, checking its shape ([rows] for cols 0, else [rows cols]), unless
// *err is already set; it sets *err on failure.
//
//go:noinline
func seqWeight(b *modelpack.Bundle, err *error, dst *[]float32, name string, rows, cols int) {
	if *err != nil {
		return
	}
	shape := []int{rows, cols}
	if cols == 0 {
		shape = shape[:1]
	}
	v, got, e := b.F32(name)
	switch {
	case e != nil:
		*err = e
	case !sameShape(got, shape):
		*err = fmtlite.Errorf("section %q has shape %v, want %v", name, got, shape)
	default:
		*dst = v
	}
}

func sameShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// window returns the part of a history the model reads: the most recent maxLen items (SASRec) or
// maxLen−1 (BERT4Rec, whose mask token takes the last place).
func (m *seqModel) window(hist []int32) []int32 {
	room := m.maxLen
	if !m.causal {
		room--
	}
	return hist[max(0, len(hist)-room):]
}
