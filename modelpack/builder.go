package modelpack

import (
	"maps"

	"github.com/corerec/corerec/internal/fmtlite"
)

// Builder assembles a bundle in memory; WriteTo or WriteFile lays it out.
// Every Add copies its data, so the caller may reuse its slices at once.
// Names are unique across the bundle; composite objects (matrix, strings,
// CSR) take several sections named after them (FORMAT.md, "Section kinds").
//
// A Builder is not safe for concurrent use.
type Builder struct {
	manifest Manifest
	secs     []pending
	names    map[string]struct{}
}

type pending struct {
	info SectionInfo
	data []byte // little-endian payload, owned by the builder
}

// NewBuilder starts a bundle with manifest m (copied).
func NewBuilder(m Manifest) *Builder {
	return &Builder{manifest: m.clone(), names: map[string]struct{}{}}
}

// add records one section, taking ownership of data.
func (b *Builder) add(info SectionInfo, data []byte) error {
	info.Shape = cloneShape(info.Shape)
	info.Attrs = maps.Clone(info.Attrs)
	if err := checkNames(&info); err != nil {
		return fmtlite.Errorf("modelpack: add: %w: %v", ErrInvalid, err)
	}
	if _, dup := b.names[info.Name]; dup {
		return fmtlite.Errorf("modelpack: add %q: %w: duplicate name", info.Name, ErrInvalid)
	}
	if len(b.secs) >= MaxSections || len(info.Shape) > MaxDims || len(info.Attrs) > MaxAttrs {
		return fmtlite.Errorf("modelpack: add %q: %w: a limit of FORMAT.md is exceeded", info.Name, ErrRange)
	}
	n := elems(info.Shape, int64(len(data))+1)
	for _, d := range info.Shape {
		if d > maxDim {
			n = -1
		}
	}
	if !info.DType.known() || n < 0 || n*int64(info.DType.Size()) != int64(len(data)) {
		return fmtlite.Errorf("modelpack: add %q: %w: %d bytes do not hold shape %v of %s", info.Name, ErrInvalid, len(data), info.Shape, info.DType)
	}
	info.Length = int64(len(data))
	info.CRC32C = crc32c(data)
	b.names[info.Name] = struct{}{}
	b.secs = append(b.secs, pending{info: info, data: data})
	return nil
}

// maxDim is the largest dimension a shape may have.
const maxDim = 1<<31 - 1

// free reports an error if any of the names is taken (composite objects
// check all their parts before adding any).
func (b *Builder) free(names ...string) error {
	if len(b.secs)+len(names) > MaxSections {
		return errorf(ErrRange, "more than %d sections", MaxSections)
	}
	for _, n := range names {
		if _, dup := b.names[n]; dup {
			return fmtlite.Errorf("modelpack: add %q: %w: duplicate name", n, ErrInvalid)
		}
	}
	return nil
}

// AddTensor adds a section of kind "tensor" holding data, the raw
// little-endian bytes of an array of the given dtype and shape. A required
// section makes readers that do not know its dtype reject the file.
func (b *Builder) AddTensor(name string, dtype DType, shape []int, data []byte, required bool) error {
	return b.add(SectionInfo{Name: name, Kind: KindTensor, DType: dtype, Shape: shape, Required: required},
		append([]byte(nil), data...))
}

func addTyped[T elem](b *Builder, name, kind string, dt DType, shape []int, v []T, attrs map[string]string) error {
	return b.add(SectionInfo{Name: name, Kind: kind, DType: dt, Shape: shape, Attrs: attrs}, leBytes(v))
}

// AddF32 adds an f32 tensor.
func (b *Builder) AddF32(name string, shape []int, v []float32) error {
	return addTyped(b, name, KindTensor, F32, shape, v, nil)
}

// AddInt32 adds an i32 tensor.
func (b *Builder) AddInt32(name string, shape []int, v []int32) error {
	return addTyped(b, name, KindTensor, Int32, shape, v, nil)
}

// AddUint32 adds a u32 tensor.
func (b *Builder) AddUint32(name string, shape []int, v []uint32) error {
	return addTyped(b, name, KindTensor, Uint32, shape, v, nil)
}

// AddInt64 adds an i64 tensor.
func (b *Builder) AddInt64(name string, shape []int, v []int64) error {
	return addTyped(b, name, KindTensor, Int64, shape, v, nil)
}

// AddBytes adds an opaque byte section (dtype bytes, shape [len(data)]).
func (b *Builder) AddBytes(name string, data []byte) error {
	return b.AddTensor(name, Bytes, []int{len(data)}, data, false)
}

// CopySection adds section name of src unchanged: its kind, dtype, shape, attributes and bytes. Composite
// objects (matrix, strings, CSR, catalog) are copied by copying each of their sections.
func (b *Builder) CopySection(src *Bundle, name string) error {
	data, info, err := src.Raw(name)
	if err != nil {
		return fmtlite.Errorf("modelpack: copy %q: %w", name, err)
	}
	info.Offset, info.Length, info.CRC32C = 0, 0, 0
	return b.add(info, leCopy(data, info.DType.Size()))
}
