package modelpack

import (
	"math"
	"sort"

	"github.com/corerec/corerec/internal/fmtlite"
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
func encodeHeader(m Manifest, secs []SectionInfo) []byte {
	w := &mpWriter{}
	w.mapLen(2)
	w.str(keyManifest)
	encodeManifest(w, &m)
	w.str(keySections)
	w.arrayLen(len(secs))
	for i := range secs {
		encodeSection(w, &secs[i])
	}
	return w.b
}

func encodeSection(w *mpWriter, s *SectionInfo) {
	n := 8
	if len(s.Attrs) > 0 {
		n++
	}
	flags := uint64(0)
	if s.Required {
		flags |= flagRequired
	}
	w.mapLen(n)
	w.str(keyName)
	w.str(s.Name)
	w.str(keyKind)
	w.str(s.Kind)
	w.str(keyDType)
	w.str(s.DType.String())
	w.str(keyShape)
	w.arrayLen(len(s.Shape))
	for _, d := range s.Shape {
		w.int(int64(d))
	}
	w.str(keyOffset)
	w.uint64(uint64(s.Offset))
	w.str(keyLength)
	w.uint(uint64(s.Length))
	w.str(keyCRC)
	w.uint(uint64(s.CRC32C))
	w.str(keyFlags)
	w.uint(flags)
	if len(s.Attrs) > 0 {
		w.str(keyAttrs)
		encodeStrMap(w, s.Attrs)
	}
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
		return Manifest{}, nil, &FormatError{Offset: PreambleLen + int64(r.pos), Err: fmtlite.Errorf("%w: header: %v", ErrCorrupt, err)}
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
		return fmtlite.Errorf("section name of %d bytes (want 1..%d)", len(s.Name), MaxNameLen)
	case len(s.Kind) > MaxKindLen:
		return fmtlite.Errorf("section %q: kind of %d bytes exceeds %d", s.Name, len(s.Kind), MaxKindLen)
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
