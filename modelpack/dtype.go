package modelpack

// DType is the element type of a section's payload. Every multi-byte type
// is stored little-endian.
type DType uint8

// The element types of format 1.0. The zero value DTypeUnknown stands for a
// dtype name this reader does not know (written by a newer minor version).
const (
	DTypeUnknown DType = iota
	F32                // IEEE 754 binary32
	F16                // IEEE 754 binary16, read as []uint16 bit patterns
	Int8
	Uint8
	Int32
	Uint32
	Uint16
	Int64
	Bytes // opaque bytes, element size 1
)

var dtypeNames = [...]string{
	DTypeUnknown: "unknown",
	F32:          "f32",
	F16:          "f16",
	Int8:         "i8",
	Uint8:        "u8",
	Int32:        "i32",
	Uint32:       "u32",
	Uint16:       "u16",
	Int64:        "i64",
	Bytes:        "bytes",
}

var dtypeSizes = [...]int{0, 4, 2, 1, 1, 4, 4, 2, 8, 1}

// String returns the dtype's name as written in the header ("f32", "i8", ...).
func (d DType) String() string {
	if int(d) < len(dtypeNames) {
		return dtypeNames[d]
	}
	return "unknown"
}

// Size returns the size of one element in bytes, or 0 for DTypeUnknown.
func (d DType) Size() int {
	if int(d) < len(dtypeSizes) {
		return dtypeSizes[d]
	}
	return 0
}

// known reports whether d is one of the dtypes of format 1.0.
func (d DType) known() bool { return d > DTypeUnknown && int(d) < len(dtypeNames) }

// parseDType maps a header name to a DType; unknown names give DTypeUnknown.
func parseDType(s string) DType {
	for i, n := range dtypeNames {
		if i > 0 && n == s {
			return DType(i)
		}
	}
	return DTypeUnknown
}

// MarshalText writes the dtype's header name, so JSON shows "f32", not 1.
func (d DType) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses a header name; unknown names give DTypeUnknown.
func (d *DType) UnmarshalText(b []byte) error {
	*d = parseDType(string(b))
	return nil
}
