package modelpack

import (
	"maps"
	"sync/atomic"

	"github.com/corerec/corerec/internal/fmtlite"
)

// Bundle is an open bundle. Its payloads are read in place: the slices its
// accessors return are views of the file's bytes, valid until Close and
// read-only (writing through a view of an mmapped bundle faults).
//
// A Bundle is immutable after Open and safe for concurrent use. Close must
// not run concurrently with readers still using its views.
type Bundle struct {
	data    []byte       // the whole file, host byte order, 8-byte aligned
	release func() error // unmaps an mmapped file; nil otherwise
	closed  atomic.Bool

	major, minor int
	manifest     Manifest
	sections     []SectionInfo
	byName       map[string]int // section name → index in sections

	strs    map[string]*Strings // composite objects, built and validated at open
	csrs    map[string]CSR
	mats    map[string]Matrix
	catalog *Catalog
}

// Close releases the bundle (unmaps an mmapped file). Views obtained from
// the bundle must not be used afterwards. Close is idempotent.
func (b *Bundle) Close() error {
	if !b.closed.CompareAndSwap(false, true) {
		return nil
	}
	if b.release != nil {
		return b.release()
	}
	return nil
}

// Manifest returns a copy of the bundle's manifest.
func (b *Bundle) Manifest() Manifest { return b.manifest.clone() }

// Version returns the format version the file was written with.
func (b *Bundle) Version() (major, minor int) { return b.major, b.minor }

// Size returns the file size in bytes.
func (b *Bundle) Size() int64 { return int64(len(b.data)) }

// Sections returns a copy of the section table, in file order.
func (b *Bundle) Sections() []SectionInfo {
	out := make([]SectionInfo, len(b.sections))
	for i, s := range b.sections {
		s.Shape = cloneShape(s.Shape)
		s.Attrs = maps.Clone(s.Attrs)
		out[i] = s
	}
	return out
}

// Has reports whether a section with that exact name exists.
func (b *Bundle) Has(name string) bool {
	_, ok := b.byName[name]
	return ok
}

// HasObject reports whether a section or a composite object (matrix, strings, CSR) of that name exists.
func (b *Bundle) HasObject(name string) bool {
	_, m := b.mats[name]
	_, s := b.strs[name]
	_, c := b.csrs[name]
	return m || s || c || b.Has(name)
}

// Raw returns the payload bytes of a section (in host byte order) and its
// description.
func (b *Bundle) Raw(name string) ([]byte, SectionInfo, error) {
	s, err := b.section(name)
	if err != nil {
		return nil, SectionInfo{}, err
	}
	info := *s
	info.Shape = cloneShape(s.Shape)
	info.Attrs = maps.Clone(s.Attrs)
	return b.payload(s), info, nil
}

// F32 returns a view of an f32 section and a copy of its shape.
func (b *Bundle) F32(name string) ([]float32, []int, error) { return typed[float32](b, name, F32) }

// F16 returns a view of an f16 section as IEEE binary16 bit patterns.
func (b *Bundle) F16(name string) ([]uint16, []int, error) { return typed[uint16](b, name, F16) }

// Int8 returns a view of an i8 section.
func (b *Bundle) Int8(name string) ([]int8, []int, error) { return typed[int8](b, name, Int8) }

// Int32 returns a view of an i32 section.
func (b *Bundle) Int32(name string) ([]int32, []int, error) { return typed[int32](b, name, Int32) }

// Uint32 returns a view of a u32 section.
func (b *Bundle) Uint32(name string) ([]uint32, []int, error) { return typed[uint32](b, name, Uint32) }

// Int64 returns a view of an i64 section.
func (b *Bundle) Int64(name string) ([]int64, []int, error) { return typed[int64](b, name, Int64) }

func typed[T elem](b *Bundle, name string, want DType) ([]T, []int, error) {
	s, err := b.section(name)
	if err != nil {
		return nil, nil, err
	}
	if s.DType != want {
		return nil, nil, fmtlite.Errorf("modelpack: section %q is %s, not %s: %w", name, s.DType, want, ErrDType)
	}
	return viewAs[T](b.payload(s)), cloneShape(s.Shape), nil
}

func (b *Bundle) section(name string) (*SectionInfo, error) {
	if b.closed.Load() {
		return nil, ErrClosed
	}
	i, ok := b.byName[name]
	if !ok {
		return nil, fmtlite.Errorf("modelpack: section %q: %w", name, ErrNotFound)
	}
	return &b.sections[i], nil
}

func (b *Bundle) payload(s *SectionInfo) []byte {
	return b.data[s.Offset : s.Offset+s.Length : s.Offset+s.Length]
}

// Matrix returns the matrix NAME (sections NAME.f32, NAME.f16 or NAME.int8
// with NAME.scale and NAME.offset). Its slices are views.
func (b *Bundle) Matrix(name string) (Matrix, error) {
	if b.closed.Load() {
		return Matrix{}, ErrClosed
	}
	m, ok := b.mats[name]
	if !ok {
		return Matrix{}, fmtlite.Errorf("modelpack: matrix %q: %w", name, ErrNotFound)
	}
	return m, nil
}

// Strings returns the string list NAME (sections NAME.offsets, NAME.data
// and optionally NAME.hash), read in place.
func (b *Bundle) Strings(name string) (*Strings, error) {
	if b.closed.Load() {
		return nil, ErrClosed
	}
	s, ok := b.strs[name]
	if !ok {
		return nil, fmtlite.Errorf("modelpack: strings %q: %w", name, ErrNotFound)
	}
	return s, nil
}

// CSR returns the sparse rows NAME (sections NAME.indptr, NAME.indices).
func (b *Bundle) CSR(name string) (CSR, error) {
	if b.closed.Load() {
		return CSR{}, ErrClosed
	}
	c, ok := b.csrs[name]
	if !ok {
		return CSR{}, fmtlite.Errorf("modelpack: csr %q: %w", name, ErrNotFound)
	}
	return c, nil
}

// Catalog returns the item catalog (sections catalog.*).
func (b *Bundle) Catalog() (*Catalog, error) {
	if b.closed.Load() {
		return nil, ErrClosed
	}
	if b.catalog == nil {
		return nil, fmtlite.Errorf("modelpack: catalog: %w", ErrNotFound)
	}
	return b.catalog, nil
}
