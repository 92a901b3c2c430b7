package lightgcn

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"

	"github.com/corerec/corerec/train/internal/ckpt"
	"github.com/corerec/corerec/train/nn"
)

// A checkpoint file (train/internal/ckpt's format) has the magic "CRLGCCK1", checkpointMeta as its JSON,
// then E⁰, Adam's first and second moments of E⁰ and, when the JSON says so, the best validation epoch's
// E⁰ — each (Users+Items)×Dim floats, rows in node order (the caller's numbering, not the trainer's
// internal one) whatever the number of workers. A resumed run
// continues exactly as the uninterrupted one would have: an epoch's sampling depends only on the seed
// and the epoch number, and Adam's state is restored whole.
const checkpointMagic = CheckpointMagic

// CheckpointMagic is the first bytes of a LightGCN checkpoint file.
const CheckpointMagic = "CRLGCCK1"

// checkpointMeta is the training state besides the tables. Shape must match on resume; the other
// hyper-parameters (epochs, patience, decay, batch, workers, time limit) may change between runs, and the
// learning rate continues from Plateau.LR (the schedule's state), not from Config.LearningRate.
type checkpointMeta struct {
	Shape     checkpointShape `json:"shape"`
	Epochs    []Epoch         `json:"epochs"`
	Plateau   nn.PlateauState `json:"plateau"`
	AdamSteps int             `json:"adam_steps"`
	HasBest   bool            `json:"has_best"`
}

// checkpointShape names the graph and the table a checkpoint belongs to. Graph is a CRC32C of the
// adjacency's structure, so a checkpoint is never resumed on other training data of the same size.
type checkpointShape struct {
	Users  int     `json:"users"`
	Items  int     `json:"items"`
	Edges  int     `json:"edges"`
	Graph  uint32  `json:"graph"`
	Dim    int     `json:"dim"`
	Layers int     `json:"layers"`
	Seed   int64   `json:"seed"`
	Sample string  `json:"sampling"`
	Batch  int     `json:"batch"`
	Reg    float32 `json:"reg"`
}

func (t *trainer) shape() checkpointShape {
	a, c := t.adj, t.cfg
	return checkpointShape{Users: a.Users, Items: a.Items, Edges: len(a.Col), Graph: t.graph, Dim: c.Dim,
		Layers: c.Layers}
}

// graphHash is a CRC32C of a's structure (RowPtr and Col).
func graphHash(a *Adjacency) uint32 {
	h := crc32.New(crc32.MakeTable(crc32.Castagnoli))
	var b [4]byte
	for _, v := range a.RowPtr {
		binary.LittleEndian.PutUint32(b[:], uint32(v))
		h.Write(b[:])
	}
	for _, v := range a.Col {
		binary.LittleEndian.PutUint32(b[:], uint32(v))
		h.Write(b[:])
	}
	return h.Sum32()
}

// moments returns Adam's first and second moments of E⁰, each one table with rows in the internal
// numbering, copied out of the shards.
func (t *trainer) moments() (m, v []float32) {
	for _, a := range t.shards {
		ms, vs := a.Moments()
		m, v = append(m, ms[0]...), append(v, vs[0]...)
	}
	return m, v
}

// setMoments copies whole tables of first and second moments (internal numbering) into the shards.
func (t *trainer) setMoments(m, v []float32) {
	for _, a := range t.shards {
		ms, vs := a.Moments()
		n := copy(ms[0], m)
		copy(vs[0], v)
		m, v = m[n:], v[n:]
	}
}

// save writes the state after an epoch; bestEgo is nil before the first evaluation.
func (t *trainer) save(hist []Epoch, stop *nn.Plateau, bestEgo []float32) error {
	meta := checkpointMeta{Shape: t.shape(), Epochs: hist, Plateau: stop.State(),
		AdamSteps: t.shards[0].Steps(), HasBest: bestEgo != nil}
	d := t.cfg.Dim
	m, v := t.moments()
	blocks := [][]float32{t.rl.toOriginal(t.ego, d), t.rl.toOriginal(m, d), t.rl.toOriginal(v, d)}
	if bestEgo != nil {
		blocks = append(blocks, bestEgo)
	}
	raw, err := ckpt.Encode(checkpointMagic, meta, blocks...)
	if err == nil {
		err = ckpt.Save(t.cfg.Checkpoint, raw)
	}
	if err != nil {
		return fmt.Errorf("lightgcn: checkpoint: %w", err)
	}
	return nil
}

// resume loads Config.Checkpoint when it exists: the tables and Adam's state go into t, the rest is
// returned (found false and t unchanged when there is no file). A file that does not fit is an error
// that also leaves t unchanged.
func (t *trainer) resume() (meta checkpointMeta, bestEgo []float32, found bool, err error) {
	path := t.cfg.Checkpoint
	raw, found, err := ckpt.Load(path)
	if err != nil {
		return meta, nil, false, fmt.Errorf("lightgcn: checkpoint: %w", err)
	}
	if !found {
		return meta, nil, false, nil
	}
	meta, bestEgo, err = t.load(raw)
	if err != nil {
		return meta, nil, false, fmt.Errorf("%w (%s)", err, path)
	}
	return meta, bestEgo, true, nil
}

// load reads a checkpoint's bytes into t (see resume).
func (t *trainer) load(raw []byte) (meta checkpointMeta, bestEgo []float32, err error) {
	fail := func(format string, args ...any) (checkpointMeta, []float32, error) {
		return meta, nil, fmt.Errorf("%w: %s", ErrCheckpoint, fmt.Sprintf(format, args...))
	}
	data, err := ckpt.Decode(raw, checkpointMagic, &meta)
	if err != nil {
		return fail("%v", err)
	}
	if want := t.shape(); meta.Shape != want {
		return fail("shape %+v does not match this run's %+v", meta.Shape, want)
	}
	if meta.AdamSteps < 0 || meta.Plateau.Bad < 0 || !(meta.Plateau.LR > 0) {
		return fail("adam steps %d, plateau %+v", meta.AdamSteps, meta.Plateau)
	}
	n, d := len(t.ego), t.cfg.Dim
	ego, m, v := make([]float32, n), make([]float32, n), make([]float32, n)
	dst := [][]float32{ego, m, v}
	if meta.HasBest {
		bestEgo = make([]float32, n)
		dst = append(dst, bestEgo)
	}
	if err := ckpt.ReadBlocks(data, dst...); err != nil { // checks the length before writing
		return fail("%v", err)
	}
	copy(t.ego, t.rl.toInternal(ego, d))
	t.setMoments(t.rl.toInternal(m, d), t.rl.toInternal(v, d))
	for _, a := range t.shards {
		a.SetSteps(meta.AdamSteps)
	}
	return meta, bestEgo, nil
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
