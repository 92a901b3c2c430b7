package ckpt

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

// MagicLen is the length of a checkpoint's magic.
const MagicLen = 8

// MaxMeta caps the JSON block (an epoch history dominates it: ~100 bytes an epoch).
const MaxMeta = 1 << 22

// ErrFormat reports bytes that are not a readable checkpoint: wrong magic, too short, damaged, or with
// the wrong amount of data for the model reading them.
var ErrFormat = errors.New("bad checkpoint")

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Encode returns the checkpoint of meta (marshalled as JSON) and the float blocks, in order.
func Encode(magic string, meta any, blocks ...[]float32) ([]byte, error) {
	if len(magic) != MagicLen {
		return nil, fmt.Errorf("checkpoint magic %q: want %d bytes", magic, MagicLen)
	}
	js, err := json.Marshal(meta)
	if err != nil {
		return nil, err
	}
	if len(js) > MaxMeta {
		return nil, fmt.Errorf("checkpoint meta of %d bytes over the cap of %d", len(js), MaxMeta)
	}
	n := MagicLen + 4 + len(js) + 4
	for _, b := range blocks {
		n += 4 * len(b)
	}
	buf := bytes.NewBuffer(make([]byte, 0, n))
	buf.WriteString(magic)
	buf.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(js))))
	buf.Write(js)
	var w [4]byte
	for _, b := range blocks {
		for _, x := range b {
			binary.LittleEndian.PutUint32(w[:], math.Float32bits(x))
			buf.Write(w[:])
		}
	}
	buf.Write(binary.LittleEndian.AppendUint32(nil, crc32.Checksum(buf.Bytes(), castagnoli)))
	return buf.Bytes(), nil
}

// Decode checks raw's magic and checksum, decodes its JSON into meta (unknown fields are an error) and
// returns the bytes of the float blocks for ReadBlocks. Errors wrap ErrFormat.
func Decode(raw []byte, magic string, meta any) ([]byte, error) {
	head := MagicLen + 4
	if len(raw) < head+4 || string(raw[:MagicLen]) != magic {
		return nil, fmt.Errorf("%w: not a checkpoint (bad magic or too short)", ErrFormat)
	}
	body := raw[:len(raw)-4]
	if crc32.Checksum(body, castagnoli) != binary.LittleEndian.Uint32(raw[len(raw)-4:]) {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrFormat)
	}
	n := binary.LittleEndian.Uint32(raw[MagicLen:])
	if n > MaxMeta || int(n) > len(body)-head {
		return nil, fmt.Errorf("%w: meta length %d out of range", ErrFormat, n)
	}
	dec := json.NewDecoder(bytes.NewReader(body[head : head+int(n)]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(meta); err != nil {
		return nil, fmt.Errorf("%w: meta: %v", ErrFormat, err)
	}
	return body[head+int(n):], nil
}

// ReadBlocks fills dst, in order, from data (Decode's result), which must hold exactly their values.
func ReadBlocks(data []byte, dst ...[]float32) error {
	want := 0
	for _, d := range dst {
		want += 4 * len(d)
	}
	if len(data) != want {
		return fmt.Errorf("%w: %d bytes of weights, want %d", ErrFormat, len(data), want)
	}
	for _, d := range dst {
		for i := range d {
			d[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:]))
		}
		data = data[4*len(d):]
	}
	return nil
}

// Save writes raw to path atomically: a temporary file in the same folder, renamed over path.
func Save(path string, raw []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return err
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
	}
	return err
}

// Load reads path; found is false, with no error, when there is no such file.
func Load(path string) (raw []byte, found bool, err error) {
	raw, err = os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return raw, true, nil
}
