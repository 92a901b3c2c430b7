package modelpack

import (
	"encoding/binary"
	"unsafe"
)

// hostLE reports whether this machine stores integers little-endian, in
// which case payload bytes are used in place.
var hostLE = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

// elem is the set of element types a section can be viewed as.
type elem interface {
	~float32 | ~uint16 | ~int8 | ~uint8 | ~int32 | ~uint32 | ~int64
}

// viewAs reinterprets b (len a multiple of T's size, address aligned for T,
// bytes in host order) as a []T sharing b's memory.
func viewAs[T elem](b []byte) []T {
	var z T
	n := len(b) / int(unsafe.Sizeof(z))
	if n == 0 {
		return []T{}
	}
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), n)
}

// rawBytes reinterprets v's memory as bytes (host order).
func rawBytes[T elem](v []T) []byte {
	if len(v) == 0 {
		return nil
	}
	var z T
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(v))), len(v)*int(unsafe.Sizeof(z)))
}

// leBytes returns a little-endian copy of v's elements.
func leBytes[T elem](v []T) []byte {
	raw := rawBytes(v)
	out := make([]byte, len(raw))
	copy(out, raw)
	if !hostLE {
		var z T
		swapInPlace(out, int(unsafe.Sizeof(z)))
	}
	return out
}

// alignedBytes allocates n zero bytes at an 8-byte aligned address.
func alignedBytes(n int) []byte {
	if n == 0 {
		return []byte{}
	}
	u := make([]uint64, (n+7)/8)
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(u))), n)
}

// aligned8 reports whether b starts at an 8-byte aligned address.
func aligned8(b []byte) bool {
	return len(b) == 0 || uintptr(unsafe.Pointer(unsafe.SliceData(b)))%8 == 0
}

// swapInPlace reverses the byte order of every size-byte element of b.
func swapInPlace(b []byte, size int) {
	switch size {
	case 2:
		for i := 0; i+2 <= len(b); i += 2 {
			binary.BigEndian.PutUint16(b[i:], binary.LittleEndian.Uint16(b[i:]))
		}
	case 4:
		for i := 0; i+4 <= len(b); i += 4 {
			binary.BigEndian.PutUint32(b[i:], binary.LittleEndian.Uint32(b[i:]))
		}
	case 8:
		for i := 0; i+8 <= len(b); i += 8 {
			binary.BigEndian.PutUint64(b[i:], binary.LittleEndian.Uint64(b[i:]))
		}
	}
}

// leCopy returns a copy of host-order payload bytes in little-endian order (the file's order).
func leCopy(b []byte, size int) []byte {
	out := append([]byte(nil), b...)
	if !hostLE && size > 1 {
		swapInPlace(out, size)
	}
	return out
}
