package seq

import (
	"fmt"
	"math"

	"github.com/corerec/corerec/train/internal/ckpt"
	"github.com/corerec/corerec/train/nn"
)

// A checkpoint file (train/internal/ckpt's format) has the magic "CRSEQCK1", checkpointMeta as its JSON,
// the parameters' values in registration order, then, when the JSON says so, the best epoch's values
// likewise and Adam's first and second moments (per parameter, in the same order). A checkpoint is only
// read into a model of the same shape.
const checkpointMagic = CheckpointMagic

// CheckpointMagic is the first bytes of a SASRec/BERT4Rec checkpoint file.
const CheckpointMagic = "CRSEQCK1"

// checkpointMeta is the training state besides the weights. Shape holds the fields that fix the
// parameters' shapes, which must match on resume; the rest of the configuration (learning rate, dropout,
// epochs, patience, …) may change between runs.
type checkpointMeta struct {
	Shape     checkpointShape `json:"shape"`
	Epochs    []Epoch         `json:"epochs"`
	Bad       int             `json:"bad"`
	BestScore float64         `json:"best_score"`
	HasBest   bool            `json:"has_best"`
	// HasMoments: Adam's first and second moments follow the weights (and the best snapshot), and
	// AdamSteps is its step count. Checkpoints written before they were kept lack both; resuming from
	// one is a warm restart with fresh moments.
	HasMoments bool `json:"has_moments,omitempty"`
	AdamSteps  int  `json:"adam_steps,omitempty"`
}

type checkpointShape struct {
	Model    string `json:"model"`
	NumItems int    `json:"num_items"`
	MaxLen   int    `json:"max_len"`
	Dim      int    `json:"dim"`
	Blocks   int    `json:"blocks"`
	Heads    int    `json:"heads"`
	FFNDim   int    `json:"ffn_dim"`
	Block    string `json:"block,omitempty"` // empty for BlockPreNorm, as in checkpoints older than Config.Block
}

func (m *Model) shape() checkpointShape {
	c := m.cfg
	s := checkpointShape{Model: c.Model, NumItems: m.numItems, MaxLen: c.MaxLen, Dim: c.Dim, Blocks: c.Blocks,
		Heads: c.Heads, FFNDim: c.FFNDim}
	if c.Block != BlockPreNorm {
		s.Block = c.Block
	}
	return s
}

// encodeCheckpoint serialises the model's current weights, the best snapshot (nil for none), the moments
// of opt (Adam over the model's parameters; nil for none) and meta.
func (m *Model) encodeCheckpoint(meta checkpointMeta, best [][]float32, opt *nn.Adam) ([]byte, error) {
	meta.Shape, meta.HasBest, meta.HasMoments, meta.AdamSteps = m.shape(), best != nil, opt != nil, 0
	if best == nil {
		meta.BestScore = 0 // −Inf before the first evaluation, which JSON cannot hold
	}
	blocks := make([][]float32, 0, 2*m.params.Len())
	for _, p := range m.params.All() {
		blocks = append(blocks, p.Data)
	}
	blocks = append(blocks, best...)
	if opt != nil {
		mo, v := opt.Moments()
		blocks = append(append(blocks, mo...), v...)
		meta.AdamSteps = opt.Steps()
	}
	raw, err := ckpt.Encode(checkpointMagic, meta, blocks...)
	if err != nil {
		return nil, fmt.Errorf("seq: checkpoint: %w", err)
	}
	return raw, nil
}

// decodeCheckpoint checks raw against the model's shape and, when it fits, loads the weights into the model
// and the moments, if the file has them, into opt (when not nil), and returns the meta and the best
// snapshot (nil when none). On error the model and opt are unchanged.
func (m *Model) decodeCheckpoint(raw []byte, opt *nn.Adam) (checkpointMeta, [][]float32, error) {
	var meta checkpointMeta
	fail := func(format string, args ...any) (checkpointMeta, [][]float32, error) {
		return meta, nil, fmt.Errorf("%w: %s", ErrCheckpoint, fmt.Sprintf(format, args...))
	}
	data, err := ckpt.Decode(raw, checkpointMagic, &meta)
	if err != nil {
		return fail("%v", err)
	}
	if meta.Shape != m.shape() {
		return fail("shape %+v does not match the model's %+v", meta.Shape, m.shape())
	}
	if meta.Bad < 0 || math.IsNaN(meta.BestScore) || math.IsInf(meta.BestScore, 0) || meta.AdamSteps < 0 {
		return fail("bad count %d, best score %g, adam steps %d", meta.Bad, meta.BestScore, meta.AdamSteps)
	}
	dst := make([][]float32, 0, 2*m.params.Len())
	for _, p := range m.params.All() {
		dst = append(dst, p.Data)
	}
	var best [][]float32
	if meta.HasBest {
		for _, p := range m.params.All() {
			best = append(best, make([]float32, len(p.Data)))
		}
	}
	dst = append(dst, best...)
	if meta.HasMoments {
		dst = append(dst, m.momentsInto(opt)...)
	}
	// ReadBlocks checks the length before it writes, so a short file leaves the model unchanged.
	if err := ckpt.ReadBlocks(data, dst...); err != nil {
		return fail("%v", err)
	}
	if meta.HasMoments && opt != nil {
		opt.SetSteps(meta.AdamSteps)
	}
	return meta, best, nil
}

// momentsInto returns where a checkpoint's moments are read to: opt's (first, then second, per
// parameter), or scratch of the same sizes when opt is nil.
func (m *Model) momentsInto(opt *nn.Adam) [][]float32 {
	if opt != nil {
		mo, v := opt.Moments()
		return append(append([][]float32(nil), mo...), v...)
	}
	var out [][]float32
	for range 2 {
		for _, p := range m.params.All() {
			out = append(out, make([]float32, len(p.Data)))
		}
	}
	return out
}

// saveCheckpoint writes the checkpoint to path atomically (a temporary file in the same folder, renamed).
func (m *Model) saveCheckpoint(path string, meta checkpointMeta, best [][]float32, opt *nn.Adam) error {
	raw, err := m.encodeCheckpoint(meta, best, opt)
	if err != nil {
		return err
	}
	if err := ckpt.Save(path, raw); err != nil {
		return fmt.Errorf("seq: checkpoint: %w", err)
	}
	return nil
}

// loadCheckpoint reads path into the model; found is false (and the model unchanged) when there is no
// such file.
func (m *Model) loadCheckpoint(path string, opt *nn.Adam) (meta checkpointMeta, best [][]float32, found bool, err error) {
	raw, found, err := ckpt.Load(path)
	if err != nil {
		return meta, nil, false, fmt.Errorf("seq: checkpoint: %w", err)
	}
	if !found {
		return meta, nil, false, nil
	}
	meta, best, err = m.decodeCheckpoint(raw, opt)
	if err != nil {
		return meta, nil, false, fmt.Errorf("%w (%s)", err, path)
	}
	return meta, best, true, nil
}

// CheckpointEpochs returns the epoch history of a checkpoint's bytes (for a training curve of a run in
// progress): it checks the magic and checksum and reads no weights. Errors wrap ErrCheckpoint.
func CheckpointEpochs(raw []byte) ([]Epoch, error) {
	var meta checkpointMeta
	if _, err := ckpt.Decode(raw, checkpointMagic, &meta); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCheckpoint, err)
	}
	return meta.Epochs, nil
}
