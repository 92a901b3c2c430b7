package seq

import (
	"fmt"
	"maps"
	"strconv"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/train"
)

// Pack assembles the bundle: e names the items (and, optionally, users with their time-ordered seen items,
// which the runtime then uses as a known user's history) and carries the manifest's name, training summary
// and metrics; Pack fills in the kind, the dimension, the item embeddings and the transformer's weights
// (f32, named as in modelpack's SectionSeq* constants) and its shape in Manifest.Extra. opt chooses the
// storage of the item embeddings; the transformer's weights stay f32.
func (m *Model) Pack(e train.Embeddings, opt train.PackOptions) (*modelpack.Builder, error) {
	if len(e.ItemIDs) != m.numItems {
		return nil, fmt.Errorf("seq: %d item ids for %d items", len(e.ItemIDs), m.numItems)
	}
	c := m.cfg
	e.Manifest.Kind = c.Model
	e.Manifest.Metric = modelpack.MetricDot
	e.Manifest.Extra = maps.Clone(e.Manifest.Extra)
	if e.Manifest.Extra == nil {
		e.Manifest.Extra = map[string]string{}
	}
	maps.Copy(e.Manifest.Extra, m.Extra())
	e.Dim, e.Items, e.Users = c.Dim, m.ItemVectors(), nil
	b, err := e.Builder(opt)
	if err != nil {
		return nil, err
	}
	// Readers that ignore ExtraSeqBlock must refuse the file, not misread it.
	if f, ok := map[string]string{BlockSASRec: modelpack.FeatureSeqBlockSASRec, BlockBERT: modelpack.FeatureSeqBlockBERT}[c.Block]; ok {
		if err := b.RequireFeature(f); err != nil {
			return nil, fmt.Errorf("seq: %w", err)
		}
	}
	for _, p := range m.params.All() {
		name, v, shape := p.Name, p.Data, []int{p.Rows, p.Cols}
		switch {
		case p == m.items && c.Model != BERT4Rec:
			continue // stored as the item embeddings
		case p == m.items:
			name, v, shape = modelpack.SectionSeqMask, p.Row(m.numItems), []int{p.Cols}
		case p.Rows == 1:
			shape = []int{p.Cols} // biases and norms are vectors
		}
		if err := b.AddF32(name, shape, v); err != nil {
			return nil, fmt.Errorf("seq: %w", err)
		}
	}
	return b, nil
}

// Extra returns the Manifest.Extra entries that describe the transformer's shape.
func (m *Model) Extra() map[string]string {
	c := m.cfg
	f := func(v float32) string { return strconv.FormatFloat(float64(v), 'g', -1, 32) }
	return map[string]string{
		modelpack.ExtraSeqMaxLen: strconv.Itoa(c.MaxLen), modelpack.ExtraSeqBlocks: strconv.Itoa(c.Blocks),
		modelpack.ExtraSeqHeads: strconv.Itoa(c.Heads), modelpack.ExtraSeqFFNDim: strconv.Itoa(c.FFNDim),
		modelpack.ExtraSeqActivation: c.Activation, modelpack.ExtraSeqEmbScale: f(m.embScale),
		modelpack.ExtraSeqNormEps: f(NormEps), modelpack.ExtraSeqBlock: c.Block,
	}
}

// Params returns the hyper-parameters as the manifest's Training.Params.
func (c Config) Params() map[string]string {
	f := func(v float32) string { return strconv.FormatFloat(float64(v), 'g', -1, 32) }
	return map[string]string{
		"model": c.Model, "max_len": strconv.Itoa(c.MaxLen), "dim": strconv.Itoa(c.Dim),
		"blocks": strconv.Itoa(c.Blocks), "heads": strconv.Itoa(c.Heads), "ffn_dim": strconv.Itoa(c.FFNDim), "activation": c.Activation,
		"block": c.Block, "init": c.Init, "windows": c.Windows,
		"dropout": f(c.Dropout), "loss": c.Loss, "mask_prob": f(c.MaskProb), "batch_size": strconv.Itoa(c.BatchSize),
		"epochs": strconv.Itoa(c.Epochs), "lr": f(c.LearningRate), "weight_decay": f(c.WeightDecay),
		"init_std": f(c.InitStd), "workers": strconv.Itoa(c.Workers), "seed": strconv.FormatInt(c.Seed, 10),
		"patience": strconv.Itoa(c.Patience), "eval_every": strconv.Itoa(c.EvalEvery),
	}
}
