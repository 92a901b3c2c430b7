package seq

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/train/nn"
)

// NormEps is the epsilon of every layer norm.
const NormEps = 1e-6

// Model is a trained (or training) SASRec or BERT4Rec. Its parameters carry the bundle's section names.
type Model struct {
	cfg      Config
	numItems int
	embScale float32
	params   nn.Params
	items    *nn.Param // numItems (+1 mask token for BERT4Rec) × Dim
	pos      *nn.Param // MaxLen × Dim
	lnG, lnB *nn.Param
	blocks   []block
}

type block struct {
	ln1g, ln1b, wqkv, bqkv, wo, bo, ln2g, ln2b, w1, b1, w2, b2 *nn.Param
}

// New returns a freshly initialised model over numItems items.
func New(numItems int, cfg Config) (*Model, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if numItems < 2 {
		return nil, fmt.Errorf("seq: %d items: need at least 2", numItems)
	}
	m := &Model{cfg: cfg, numItems: numItems, embScale: 1}
	if cfg.Model == SASRec {
		m.embScale = float32(math.Sqrt(float64(cfg.Dim)))
	}
	d, f := cfg.Dim, cfg.FFNDim
	rows := numItems
	if cfg.Model == BERT4Rec {
		rows++ // the mask token
	}
	m.items = m.params.Dense(modelpack.SectionItemEmbeddings, rows, d)
	m.pos = m.params.Dense(modelpack.SectionSeqPositions, cfg.MaxLen, d)
	for i := range cfg.Blocks {
		name := func(s string) string { return blockName(i, s) }
		b := block{
			ln1g: m.params.Dense(name(modelpack.SeqBlockNorm1Gamma), 1, d),
			ln1b: m.params.Dense(name(modelpack.SeqBlockNorm1Beta), 1, d),
			wqkv: m.params.Dense(name(modelpack.SeqBlockQKVWeight), 3*d, d),
			bqkv: m.params.Dense(name(modelpack.SeqBlockQKVBias), 1, 3*d),
			wo:   m.params.Dense(name(modelpack.SeqBlockOutWeight), d, d),
			bo:   m.params.Dense(name(modelpack.SeqBlockOutBias), 1, d),
			ln2g: m.params.Dense(name(modelpack.SeqBlockNorm2Gamma), 1, d),
			ln2b: m.params.Dense(name(modelpack.SeqBlockNorm2Beta), 1, d),
			w1:   m.params.Dense(name(modelpack.SeqBlockFFN1Weight), f, d),
			b1:   m.params.Dense(name(modelpack.SeqBlockFFN1Bias), 1, f),
			w2:   m.params.Dense(name(modelpack.SeqBlockFFN2Weight), d, f),
			b2:   m.params.Dense(name(modelpack.SeqBlockFFN2Bias), 1, d),
		}
		m.blocks = append(m.blocks, b)
	}
	m.lnG = m.params.Dense(modelpack.SectionSeqFinalNormGamma, 1, d)
	m.lnB = m.params.Dense(modelpack.SectionSeqFinalNormBeta, 1, d)
	m.init(rand.New(rand.NewPCG(uint64(cfg.Seed), 0x736571)))
	return m, nil
}

// blockName is block i's section name for a SeqBlock* suffix.
func blockName(i int, suffix string) string {
	return modelpack.SectionSeqBlockPrefix + strconv.Itoa(i) + "." + suffix
}

// init draws embeddings and weights from N(0, InitStd²) (with InitTorch the query/key/value projections
// Glorot-uniform), zeroes the biases and sets the layer norms to the identity.
func (m *Model) init(rng *rand.Rand) {
	std := float64(m.cfg.InitStd)
	for _, p := range m.params.All() {
		switch {
		case m.cfg.Init == InitTorch && strings.HasSuffix(p.Name, "."+modelpack.SeqBlockQKVWeight):
			p.InitXavier(rng)
		case p.Rows > 1:
			p.InitNormal(rng, std)
		case strings.HasSuffix(p.Name, ".gamma"):
			for i := range p.Data {
				p.Data[i] = 1
			}
		}
	}
}

// Config returns the model's configuration with defaults applied.
func (m *Model) Config() Config { return m.cfg }

// NumItems is the catalog size.
func (m *Model) NumItems() int { return m.numItems }

// Params lists the parameters in registration order.
func (m *Model) Params() []*nn.Param { return m.params.All() }

// ItemVectors returns the item embeddings (NumItems × Dim, the mask token excluded), shared with the model.
func (m *Model) ItemVectors() []float32 { return m.items.Data[:m.numItems*m.cfg.Dim] }

// maskToken is BERT4Rec's mask id (the row after the items).
func (m *Model) maskToken() int32 { return int32(m.numItems) }

// forward runs the transformer over a packed batch — item ids (or the mask token), their positions in
// their windows, and the sequences' spans — and returns the last block's output after the final layer
// norm (BlockBERT: without one; its norms are inside the blocks): one row per id, or,
// when out is set, one row per entry of out (the rows a loss or a query reads; the last block then runs its
// attention output and feed-forward on those rows alone).
func (m *Model) forward(tp *nn.Tape, ids, pos []int32, spans []nn.Span, out []int32) *nn.Tensor {
	c := m.cfg
	drop := c.dropout()
	x := tp.Embedding(m.items, ids)
	if m.embScale != 1 {
		x = tp.Scale(x, m.embScale)
	}
	x = tp.Add(x, tp.Embedding(m.pos, pos))
	if c.Block == BlockBERT { // the final layer norm's parameters normalise the input instead
		x = tp.LayerNorm(x, m.lnG, m.lnB, NormEps)
	}
	x = tp.Dropout(x, drop)
	attn := nn.AttentionConfig{Heads: c.Heads, Causal: c.Model == SASRec, Spans: spans, Dropout: drop}
	for i := range m.blocks {
		var rows []int32
		if i == len(m.blocks)-1 {
			rows = out
		}
		switch c.Block {
		case BlockSASRec:
			x = m.sasrecBlock(tp, &m.blocks[i], x, attn, rows)
		case BlockBERT:
			x = m.bertBlock(tp, &m.blocks[i], x, attn, rows)
		default:
			x = m.preNormBlock(tp, &m.blocks[i], x, attn, rows)
		}
	}
	if c.Block == BlockBERT {
		return x
	}
	return tp.LayerNorm(x, m.lnG, m.lnB, NormEps)
}

// catalog returns the item embeddings as a tensor (the mask token excluded) for the output softmax.
func (m *Model) catalog(tp *nn.Tape) *nn.Tensor {
	all := tp.Param(m.items)
	n := m.numItems * m.cfg.Dim
	v := &nn.Tensor{Rows: m.numItems, Cols: m.cfg.Dim, Data: all.Data[:n]}
	if all.Grad != nil {
		v.Grad = all.Grad[:n]
	}
	return v
}

// snapshot copies every parameter's values; restore writes them back.
func (m *Model) snapshot() [][]float32 {
	out := make([][]float32, 0, m.params.Len())
	for _, p := range m.params.All() {
		out = append(out, append([]float32(nil), p.Data...))
	}
	return out
}

func (m *Model) restore(s [][]float32) {
	for i, p := range m.params.All() {
		copy(p.Data, s[i])
	}
}
