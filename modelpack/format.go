package modelpack

// Format version written by this package. Readers reject any other major
// version and accept any minor version of their major (see FORMAT.md).
const (
	FormatMajor = 1
	FormatMinor = 1 // 1.1 added feature marker sections (feature.go); files without one are written as 1.0
)

// Layout constants of format 1.x (FORMAT.md, "Byte layout").
const (
	// Magic opens every bundle.
	Magic = "CRECPACK"
	// PreambleLen is the size of magic + major + minor + header length.
	PreambleLen = 16
	// Align is the alignment of every section offset.
	Align = 64
)

// Limits enforced by readers and writers (FORMAT.md, "Limits").
const (
	MaxHeaderLen  = 16 << 20 // bytes of msgpack header
	MaxSections   = 1 << 16  // sections in one bundle
	MaxNameLen    = 256      // bytes in a section name
	MaxKindLen    = 64       // bytes in a section kind
	MaxDims       = 8        // dimensions of a section shape
	MaxAttrs      = 64       // attributes of one section
	MaxMapEntries = 4096     // entries of each manifest map
	MaxStringLen  = 1 << 20  // bytes of any string in the header
	maxDepth      = 32       // msgpack nesting skipped in unknown values
	// sectionCost: a file of L bytes holds at most 1 + L/sectionCost
	// sections. A table entry (SectionInfo) takes 96 bytes in memory, so the
	// table a reader allocates never exceeds the file size plus one entry.
	// Every conforming file satisfies it: each section but the last costs at
	// least 54 header bytes plus its own 64-byte slot.
	sectionCost = 96
)

// Section kinds of format 1.0. A reader ignores a section of another kind
// unless it is marked required.
const (
	KindTensor         = "tensor"          // plain n-d array (AddTensor, AddF32, AddBytes, ...)
	KindMatrix         = "matrix"          // NAME.f32 | NAME.f16 | NAME.int8: rows × cols codes
	KindMatrixScale    = "matrix.scale"    // NAME.scale: f32 per row or per column
	KindMatrixOffset   = "matrix.offset"   // NAME.offset: f32 per row or per column
	KindStringsOffsets = "strings.offsets" // NAME.offsets: u32, n+1 byte offsets
	KindStringsData    = "strings.data"    // NAME.data: bytes, concatenated strings
	KindStringsHash    = "strings.hash"    // NAME.hash: u32 open-addressing table
	KindCSRIndptr      = "csr.indptr"      // NAME.indptr: u32, rows+1
	KindCSRIndices     = "csr.indices"     // NAME.indices: i32, nnz
)

// flagRequired marks a section a reader must understand (bit 0 of flags).
const flagRequired = 1

// SectionInfo describes one section as recorded in the header.
type SectionInfo struct {
	Name     string            `json:"name"`
	Kind     string            `json:"kind"`
	DType    DType             `json:"dtype"`
	Shape    []int             `json:"shape"`
	Offset   int64             `json:"offset"` // absolute file offset, multiple of Align
	Length   int64             `json:"length"` // payload bytes (product(Shape)·DType.Size())
	CRC32C   uint32            `json:"crc32c"` // Castagnoli CRC of the payload
	Required bool              `json:"required"`
	Attrs    map[string]string `json:"attrs,omitempty"` // kind-specific metadata
}

// known reports whether this reader understands the section's kind and dtype.
func (s *SectionInfo) known() bool {
	if !s.DType.known() {
		return false
	}
	switch s.Kind {
	case KindTensor, KindMatrix, KindMatrixScale, KindMatrixOffset,
		KindStringsOffsets, KindStringsData, KindStringsHash,
		KindCSRIndptr, KindCSRIndices:
		return true
	case KindFeature:
		return knownFeature(s)
	}
	return false
}

// elems returns the number of elements of shape, or -1 on overflow of limit.
func elems(shape []int, limit int64) int64 {
	n := int64(1)
	for _, d := range shape {
		if d < 0 {
			return -1
		}
		if d != 0 && n > limit/int64(d) {
			return -1
		}
		n *= int64(d)
	}
	return n
}

func alignUp(n int64) int64 { return (n + Align - 1) &^ (Align - 1) }

func cloneShape(s []int) []int { return append([]int(nil), s...) }
