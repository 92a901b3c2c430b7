package seq

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"math"
	"os"
	"path/filepath"
)

// A checkpoint file is: the magic "CRSEQCK1", a little-endian uint32 length and that many bytes of JSON
// (checkpointMeta), the parameters' values as little-endian float32 in registration order, the best
// epoch's values likewise when the JSON says so, and a CRC32C (Castagnoli) of everything before it. The
// sizes of the float blocks come from the model being trained, never from the file: a checkpoint is only
// read into a model of the same shape, and the file must have exactly the expected length.
const checkpointMagic = "CRSEQCK1"

// maxCheckpointMeta caps the JSON block (the epoch history dominates it: ~100 bytes an epoch).
const maxCheckpointMeta = 1 << 22

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// checkpointMeta is the training state besides the weights. Shape holds the fields that fix the
// parameters' shapes, which must match on resume; the rest of the configuration (learning rate, dropout,
// epochs, patience, …) may change between runs.
type checkpointMeta struct {
	Shape     checkpointShape `json:"shape"`
	Epochs    []Epoch         `json:"epochs"`
	Bad       int             `json:"bad"`
	BestScore float64         `json:"best_score"`
	HasBest   bool            `json:"has_best"`
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

// encodeCheckpoint serialises the model's current weights, the best snapshot (nil for none) and meta.
func (m *Model) encodeCheckpoint(meta checkpointMeta, best [][]float32) ([]byte, error) {
	meta.Shape, meta.HasBest = m.shape(), best != nil
	if best == nil {
		meta.BestScore = 0 // −Inf before the first evaluation, which JSON cannot hold
	}
	js, err := json.Marshal(meta)
	if err != nil {
		return nil, fmt.Errorf("seq: checkpoint: %w", err)
	}
	var buf bytes.Buffer
	buf.WriteString(checkpointMagic)
	buf.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(js))))
	buf.Write(js)
	for _, p := range m.params.All() {
		writeFloats(&buf, p.Data)
	}
	for _, s := range best {
		writeFloats(&buf, s)
	}
	buf.Write(binary.LittleEndian.AppendUint32(nil, crc32.Checksum(buf.Bytes(), castagnoli)))
	return buf.Bytes(), nil
}

func writeFloats(buf *bytes.Buffer, v []float32) {
	var b [4]byte
	for _, x := range v {
		binary.LittleEndian.PutUint32(b[:], math.Float32bits(x))
		buf.Write(b[:])
	}
}

// decodeCheckpoint checks raw against the model's shape and, when it fits, loads the weights into the model
// and returns the meta and the best snapshot (nil when none). On error the model is unchanged.
func (m *Model) decodeCheckpoint(raw []byte) (checkpointMeta, [][]float32, error) {
	var meta checkpointMeta
	fail := func(format string, args ...any) (checkpointMeta, [][]float32, error) {
		return meta, nil, fmt.Errorf("%w: %s", ErrCheckpoint, fmt.Sprintf(format, args...))
	}
	head := len(checkpointMagic) + 4
	if len(raw) < head+4 || string(raw[:len(checkpointMagic)]) != checkpointMagic {
		return fail("not a checkpoint (bad magic or too short)")
	}
	body := raw[:len(raw)-4]
	if crc32.Checksum(body, castagnoli) != binary.LittleEndian.Uint32(raw[len(raw)-4:]) {
		return fail("checksum mismatch")
	}
	n := binary.LittleEndian.Uint32(raw[len(checkpointMagic):])
	if n > maxCheckpointMeta || int(n) > len(body)-head {
		return fail("meta length %d out of range", n)
	}
	dec := json.NewDecoder(bytes.NewReader(body[head : head+int(n)]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&meta); err != nil {
		return fail("meta: %v", err)
	}
	if meta.Shape != m.shape() {
		return fail("shape %+v does not match the model's %+v", meta.Shape, m.shape())
	}
	if meta.Bad < 0 || math.IsNaN(meta.BestScore) || math.IsInf(meta.BestScore, 0) {
		return fail("bad count %d, best score %g", meta.Bad, meta.BestScore)
	}
	floats := m.params.Count()
	if meta.HasBest {
		floats *= 2
	}
	data := body[head+int(n):]
	if len(data) != 4*floats {
		return fail("%d bytes of weights, want %d", len(data), 4*floats)
	}
	for _, p := range m.params.All() {
		readFloats(p.Data, data)
		data = data[4*len(p.Data):]
	}
	var best [][]float32
	if meta.HasBest {
		for _, p := range m.params.All() {
			s := make([]float32, len(p.Data))
			readFloats(s, data)
			data = data[4*len(s):]
			best = append(best, s)
		}
	}
	return meta, best, nil
}

func readFloats(dst []float32, src []byte) {
	for i := range dst {
		dst[i] = math.Float32frombits(binary.LittleEndian.Uint32(src[4*i:]))
	}
}

// saveCheckpoint writes the checkpoint to path atomically (a temporary file in the same folder, renamed).
func (m *Model) saveCheckpoint(path string, meta checkpointMeta, best [][]float32) error {
	raw, err := m.encodeCheckpoint(meta, best)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("seq: checkpoint: %w", err)
	}
	_, err = tmp.Write(raw)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("seq: checkpoint: %w", err)
	}
	return nil
}

// loadCheckpoint reads path into the model; found is false (and the model unchanged) when there is no
// such file.
func (m *Model) loadCheckpoint(path string) (meta checkpointMeta, best [][]float32, found bool, err error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return meta, nil, false, nil
	}
	if err != nil {
		return meta, nil, false, fmt.Errorf("seq: checkpoint: %w", err)
	}
	meta, best, err = m.decodeCheckpoint(raw)
	if err != nil {
		return meta, nil, false, fmt.Errorf("%w (%s)", err, path)
	}
	return meta, best, true, nil
}
