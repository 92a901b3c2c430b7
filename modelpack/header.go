package modelpack

import (
	"bytes"
	"fmt"
	"math"
	"sort"

	"github.com/vmihailenco/msgpack/v5"
)

// Header keys (FORMAT.md, "Header").
const (
	keyManifest = "manifest"
	keySections = "sections"
	keyName     = "name"
	keyKind     = "kind"
	keyDType    = "dtype"
	keyShape    = "shape"
	keyOffset   = "offset"
	keyLength   = "length"
	keyCRC      = "crc32c"
	keyFlags    = "flags"
	keyAttrs    = "attrs"
)

// encodeHeader writes the msgpack header. Offsets are written as fixed
// 9-byte uint64 so the header length does not depend on their values.
func encodeHeader(m Manifest, secs []SectionInfo) ([]byte, error) {
	var buf bytes.Buffer
	enc := msgpack.NewEncoder(&buf)
	enc.UseCompactInts(true)
	err := firstErr(
		enc.EncodeMapLen(2),
		enc.EncodeString(keyManifest), encodeManifest(enc, &m),
		enc.EncodeString(keySections), enc.EncodeArrayLen(len(secs)),
	)
	for i := range secs {
		if err != nil {
			break
		}
		err = encodeSection(enc, &secs[i])
	}
	if err != nil {
		return nil, fmt.Errorf("modelpack: encode header: %w", err)
	}
	return buf.Bytes(), nil
}

func encodeSection(enc *msgpack.Encoder, s *SectionInfo) error {
	n := 8
	if len(s.Attrs) > 0 {
		n++
	}
	flags := uint64(0)
	if s.Required {
		flags |= flagRequired
	}
	err := firstErr(
		enc.EncodeMapLen(n),
		enc.EncodeString(keyName), enc.EncodeString(s.Name),
		enc.EncodeString(keyKind), enc.EncodeString(s.Kind),
		enc.EncodeString(keyDType), enc.EncodeString(s.DType.String()),
		enc.EncodeString(keyShape), encodeShape(enc, s.Shape),
		enc.EncodeString(keyOffset), enc.EncodeUint64(uint64(s.Offset)),
		enc.EncodeString(keyLength), enc.EncodeUint(uint64(s.Length)),
		enc.EncodeString(keyCRC), enc.EncodeUint(uint64(s.CRC32C)),
		enc.EncodeString(keyFlags), enc.EncodeUint(flags),
	)
	if err != nil || len(s.Attrs) == 0 {
		return err
	}
	return firstErr(enc.EncodeString(keyAttrs), encodeStrMap(enc, s.Attrs))
}

func encodeShape(enc *msgpack.Encoder, shape []int) error {
	err := enc.EncodeArrayLen(len(shape))
	for _, d := range shape {
		err = firstErr(err, enc.EncodeInt(int64(d)))
	}
	return err
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// decodeHeader parses the header bytes of a file of fileSize bytes.
func decodeHeader(h []byte, fileSize int64) (Manifest, []SectionInfo, error) {
	r := &mpReader{b: h}
	m, secs, err := r.header(fileSize)
	if err == nil && r.remaining() != 0 {
		err = r.fail("%d bytes after the header map", r.remaining())
	}
	if err != nil {
		if _, ok := err.(*FormatError); ok {
			return Manifest{}, nil, err
		}
		return Manifest{}, nil, &FormatError{Offset: PreambleLen + int64(r.pos), Err: fmt.Errorf("%w: header: %v", ErrCorrupt, err)}
	}
	return m, secs, nil
}

func (r *mpReader) header(fileSize int64) (m Manifest, secs []SectionInfo, err error) {
	n, err := r.mapLen()
	var seen int
	for i := 0; i < n && err == nil; i++ {
		var k []byte
		if k, err = r.strBytes(); err != nil {
			break
		}
		switch string(k) {
		case keyManifest:
			seen |= 1
			m, err = r.manifest()
		case keySections:
			seen |= 2
			secs, err = r.sections(fileSize)
		default:
			err = r.skip(1)
		}
	}
	if err == nil && seen != 3 {
		err = r.fail("header lacks %q or %q", keyManifest, keySections)
	}
	return m, secs, err
}

func (r *mpReader) sections(fileSize int64) ([]SectionInfo, error) {
	if r.nilNext() {
		return nil, nil
	}
	n, err := r.arrayLen()
	if err != nil {
		return nil, err
	}
	if n > MaxSections || int64(n-1)*sectionCost > fileSize {
		return nil, r.fail("%d sections for a file of %d bytes", n, fileSize)
	}
	secs := make([]SectionInfo, n)
	for i := range secs {
		if err := r.section(&secs[i]); err != nil {
			return nil, err
		}
	}
	return secs, nil
}

// section decodes one table entry; the seven core keys are mandatory.
func (r *mpReader) section(s *SectionInfo) error {
	n, err := r.mapLen()
	var seen int
	for i := 0; i < n && err == nil; i++ {
		var k []byte
		if k, err = r.strBytes(); err != nil {
			break
		}
		bit, ferr := r.sectionField(s, string(k))
		seen, err = seen|bit, ferr
	}
	if err == nil && seen != 0x7f {
		err = r.fail("section %q lacks a mandatory key", s.Name)
	}
	if err == nil {
		err = checkNames(s)
	}
	return err
}

func (r *mpReader) sectionField(s *SectionInfo, key string) (bit int, err error) {
	var v int64
	switch key {
	case keyName:
		s.Name, err = r.str()
		return 1, err
	case keyKind:
		s.Kind, err = r.str()
		return 2, err
	case keyDType:
		var d []byte
		d, err = r.strBytes()
		s.DType = parseDType(string(d))
		return 4, err
	case keyShape:
		s.Shape, err = r.shape()
		return 8, err
	case keyOffset:
		s.Offset, err = r.int64v()
		return 16, err
	case keyLength:
		s.Length, err = r.int64v()
		return 32, err
	case keyCRC:
		v, err = r.int64v()
		if err == nil && (v < 0 || v > math.MaxUint32) {
			err = r.fail("crc32c %d out of range", v)
		}
		s.CRC32C = uint32(v)
		return 64, err
	case keyFlags:
		v, err = r.int64v()
		s.Required = v&flagRequired != 0
		return 0, err
	case keyAttrs:
		s.Attrs, err = r.strMap(MaxAttrs)
		return 0, err
	}
	return 0, r.skip(1)
}

func (r *mpReader) shape() ([]int, error) {
	n, err := r.arrayLen()
	if err != nil {
		return nil, err
	}
	if n > MaxDims {
		return nil, r.fail("shape of %d dimensions exceeds %d", n, MaxDims)
	}
	shape := make([]int, n)
	for i := range shape {
		v, err := r.int64v()
		if err != nil {
			return nil, err
		}
		if v < 0 || v > math.MaxInt32 {
			return nil, r.fail("dimension %d out of range", v)
		}
		shape[i] = int(v)
	}
	return shape, nil
}

// checkNames applies the name and kind limits of FORMAT.md.
func checkNames(s *SectionInfo) error {
	switch {
	case s.Name == "" || len(s.Name) > MaxNameLen:
		return fmt.Errorf("section name of %d bytes (want 1..%d)", len(s.Name), MaxNameLen)
	case len(s.Kind) > MaxKindLen:
		return fmt.Errorf("section %q: kind of %d bytes exceeds %d", s.Name, len(s.Kind), MaxKindLen)
	}
	return nil
}

// sortedKeys returns the keys of m in order (deterministic output).
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
