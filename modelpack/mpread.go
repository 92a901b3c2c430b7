package modelpack

import (
	"encoding/binary"
	"errors"
	"math"
	"time"

	"github.com/corerec/corerec/internal/fmtlite"
)

// mpReader decodes the msgpack subset used by the header, straight from the
// header bytes. Every length it reads is checked against the bytes that
// remain before anything is allocated, strings are capped at MaxStringLen
// and nesting at maxDepth, so hostile input costs at most its own size.
//
// Why not msgpack.Unmarshal: v5.4.1 pre-allocates slices of non-string
// element types from the declared length without a cap (decodeSliceValue),
// and maps up to a million entries; a 30-byte header could ask for gigabytes.
type mpReader struct {
	b   []byte
	pos int
}

var errMsgpack = errors.New("bad msgpack")

func (r *mpReader) fail(format string, args ...any) error {
	return fmtlite.Errorf("%w at header byte %d: %s", errMsgpack, r.pos, fmtlite.Sprintf(format, args...))
}

func (r *mpReader) remaining() int { return len(r.b) - r.pos }

func (r *mpReader) take(n int) ([]byte, error) {
	if n < 0 || n > r.remaining() {
		return nil, r.fail("length %d exceeds the %d bytes left", n, r.remaining())
	}
	p := r.b[r.pos : r.pos+n]
	r.pos += n
	return p, nil
}

// byte1 reads one byte. Not inlined: cold (the header, once per file), with many call sites.
//
//go:noinline
func (r *mpReader) byte1() (byte, error) {
	p, err := r.take(1)
	if err != nil {
		return 0, err
	}
	return p[0], nil
}

// uintN reads an n-byte big-endian unsigned integer (n = 1, 2, 4, 8).
func (r *mpReader) uintN(n int) (uint64, error) {
	p, err := r.take(n)
	if err != nil {
		return 0, err
	}
	var v uint64
	for _, c := range p {
		v = v<<8 | uint64(c)
	}
	return v, nil
}

// peek returns the next type byte without consuming it.
func (r *mpReader) peek() (byte, error) {
	if r.remaining() < 1 {
		return 0, r.fail("unexpected end")
	}
	return r.b[r.pos], nil
}

// nilNext consumes a nil and reports true if the next value is nil.
func (r *mpReader) nilNext() bool {
	if r.remaining() > 0 && r.b[r.pos] == 0xc0 {
		r.pos++
		return true
	}
	return false
}

// containerLen reads a map (isMap) or array header; each element needs at
// least one byte (two per map entry), which bounds the count by the input.
func (r *mpReader) containerLen(isMap bool) (int, error) {
	c, err := r.byte1()
	if err != nil {
		return 0, err
	}
	var n uint64
	switch {
	case isMap && c&0xf0 == 0x80, !isMap && c&0xf0 == 0x90:
		n = uint64(c & 0x0f)
	case isMap && c == 0xde, !isMap && c == 0xdc:
		n, err = r.uintN(2)
	case isMap && c == 0xdf, !isMap && c == 0xdd:
		n, err = r.uintN(4)
	default:
		return 0, r.fail("type 0x%02x is not a %s", c, map[bool]string{true: "map", false: "array"}[isMap])
	}
	if err != nil {
		return 0, err
	}
	per := uint64(1)
	if isMap {
		per = 2
	}
	if n > uint64(r.remaining())/per {
		return 0, r.fail("%d elements cannot fit in %d bytes", n, r.remaining())
	}
	return int(n), nil
}

func (r *mpReader) mapLen() (int, error)   { return r.containerLen(true) }
func (r *mpReader) arrayLen() (int, error) { return r.containerLen(false) }

// strBytes reads a str (or bin) value and returns a view of its bytes.
func (r *mpReader) strBytes() ([]byte, error) {
	c, err := r.byte1()
	if err != nil {
		return nil, err
	}
	var n uint64
	switch {
	case c&0xe0 == 0xa0:
		n = uint64(c & 0x1f)
	case c == 0xd9 || c == 0xc4:
		n, err = r.uintN(1)
	case c == 0xda || c == 0xc5:
		n, err = r.uintN(2)
	case c == 0xdb || c == 0xc6:
		n, err = r.uintN(4)
	default:
		return nil, r.fail("type 0x%02x is not a string", c)
	}
	if err != nil {
		return nil, err
	}
	if n > MaxStringLen {
		return nil, r.fail("string of %d bytes exceeds %d", n, MaxStringLen)
	}
	return r.take(int(n))
}

// str reads a string (copied: the header may live in an mmap). Not inlined: the header decoders call it
// often, once per file.
//
//go:noinline
func (r *mpReader) str() (string, error) {
	p, err := r.strBytes()
	return string(p), err
}

// int64v reads any msgpack integer that fits an int64.
func (r *mpReader) int64v() (int64, error) {
	c, err := r.byte1()
	if err != nil {
		return 0, err
	}
	switch {
	case c <= 0x7f:
		return int64(c), nil
	case c >= 0xe0:
		return int64(int8(c)), nil
	case c >= 0xcc && c <= 0xcf: // uint 8..64
		v, err := r.uintN(1 << (c - 0xcc))
		if err == nil && v > math.MaxInt64 {
			err = r.fail("integer %d overflows int64", v)
		}
		return int64(v), err
	case c >= 0xd0 && c <= 0xd3: // int 8..64
		n := 1 << (c - 0xd0)
		v, err := r.uintN(n)
		shift := uint(64 - 8*n)
		return int64(v<<shift) >> shift, err
	}
	return 0, r.fail("type 0x%02x is not an integer", c)
}

// float64v reads a float32, float64 or integer as float64.
func (r *mpReader) float64v() (float64, error) {
	c, err := r.peek()
	if err != nil {
		return 0, err
	}
	switch c {
	case 0xca:
		r.pos++
		v, err := r.uintN(4)
		return float64(math.Float32frombits(uint32(v))), err
	case 0xcb:
		r.pos++
		v, err := r.uintN(8)
		return math.Float64frombits(v), err
	}
	v, err := r.int64v()
	return float64(v), err
}

func (r *mpReader) boolv() (bool, error) {
	c, err := r.byte1()
	switch {
	case err != nil:
		return false, err
	case c == 0xc2:
		return false, nil
	case c == 0xc3:
		return true, nil
	}
	return false, r.fail("type 0x%02x is not a bool", c)
}

// timev reads the msgpack timestamp extension (type -1; 4, 8 or 12 bytes).
func (r *mpReader) timev() (time.Time, error) {
	c, err := r.byte1()
	if err != nil {
		return time.Time{}, err
	}
	var n int
	switch c {
	case 0xd6:
		n = 4
	case 0xd7:
		n = 8
	case 0xc7:
		l, err := r.uintN(1)
		if err != nil {
			return time.Time{}, err
		}
		n = int(l)
	default:
		return time.Time{}, r.fail("type 0x%02x is not a timestamp", c)
	}
	typ, err := r.byte1()
	if err != nil {
		return time.Time{}, err
	}
	p, err := r.take(n)
	if err != nil {
		return time.Time{}, err
	}
	if int8(typ) != -1 {
		return time.Time{}, r.fail("extension %d is not a timestamp", int8(typ))
	}
	return decodeTimestamp(p, r)
}

func decodeTimestamp(p []byte, r *mpReader) (time.Time, error) {
	var sec int64
	var nsec uint32
	switch len(p) {
	case 4:
		sec = int64(binary.BigEndian.Uint32(p))
	case 8:
		v := binary.BigEndian.Uint64(p)
		nsec, sec = uint32(v>>34), int64(v&(1<<34-1))
	case 12:
		nsec, sec = binary.BigEndian.Uint32(p), int64(binary.BigEndian.Uint64(p[4:]))
	default:
		return time.Time{}, r.fail("timestamp of %d bytes", len(p))
	}
	if nsec >= 1e9 {
		return time.Time{}, r.fail("timestamp nanoseconds %d", nsec)
	}
	return time.Unix(sec, int64(nsec)).UTC(), nil
}
