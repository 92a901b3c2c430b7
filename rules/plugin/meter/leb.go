package meter

import "github.com/corerec/corerec/internal/fmtlite"

// reader walks a byte slice; every read checks bounds and reports ErrMalformed.
type reader struct {
	b   []byte
	pos int
	err error
	// globals is the module's global count, when walking code: global.get and global.set must stay below
	// it, so that no function can name the fuel global the instrumentation appends.
	globals uint32
	// labels holds the branch targets of the last br, br_if or br_table decoded.
	labels []uint32
}

func (r *reader) fail(format string, a ...any) {
	if r.err == nil {
		r.err = fmtlite.Errorf("%w: at byte %d: %s", ErrMalformed, r.pos, fmtlite.Sprintf(format, a...))
	}
	r.pos = len(r.b)
}

func (r *reader) done() bool { return r.err != nil || r.pos >= len(r.b) }

func (r *reader) byte() byte {
	if r.pos >= len(r.b) {
		r.fail("unexpected end")
		return 0
	}
	c := r.b[r.pos]
	r.pos++
	return c
}

func (r *reader) bytes(n int) []byte {
	if n < 0 || n > len(r.b)-r.pos {
		r.fail("%d bytes past the end", n)
		return nil
	}
	s := r.b[r.pos : r.pos+n]
	r.pos += n
	return s
}

// uleb reads an unsigned LEB128 of at most bits bits, strictly: no more bytes than bits needs and no bits
// set beyond the width, so that the decoder agrees with every conforming engine on instruction boundaries.
func (r *reader) uleb(bits uint) uint64 {
	var v uint64
	for shift := uint(0); ; shift += 7 {
		c := r.byte()
		if r.err != nil {
			return 0
		}
		p := uint64(c & 0x7f)
		if shift >= bits || (bits-shift < 7 && p>>(bits-shift) != 0) {
			r.fail("LEB128 overflows %d bits", bits)
			return 0
		}
		v |= p << shift
		if c&0x80 == 0 {
			return v
		}
	}
}

// sleb reads a signed LEB128 of at most bits bits, strictly (see uleb): the unused bits of the last byte
// must repeat the sign bit.
func (r *reader) sleb(bits uint) int64 {
	var v int64
	for shift := uint(0); ; shift += 7 {
		c := r.byte()
		if r.err != nil {
			return 0
		}
		p := int64(c & 0x7f)
		if shift >= bits {
			r.fail("LEB128 overflows %d bits", bits)
			return 0
		}
		v |= p << shift
		if c&0x80 != 0 {
			continue
		}
		if rem := bits - shift; rem < 7 {
			upper, ones := p>>rem, int64(1)<<(7-rem)-1
			if sign := p >> (rem - 1) & 1; (sign == 0 && upper != 0) || (sign == 1 && upper != ones) {
				r.fail("LEB128 overflows %d bits", bits)
				return 0
			}
		}
		if shift+7 < 64 && p&0x40 != 0 {
			v |= -1 << (shift + 7)
		}
		return v
	}
}

func (r *reader) u32() uint32 { return uint32(r.uleb(32)) }

// count reads a vector length and checks that at least minSize bytes per element remain.
func (r *reader) count(minSize int) int {
	n := r.uleb(32)
	if r.err == nil && n > uint64(len(r.b)-r.pos)/uint64(max(minSize, 1)) {
		r.fail("vector of %d elements does not fit", n)
		return 0
	}
	return int(n)
}

func (r *reader) name() string { return string(r.bytes(r.count(1))) }

// appendULEB and appendSLEB are called from some fifty places; inlined into each they made this package's
// code 30 % larger in the browser build (Go's wasm code for an inlined append loop is long), for no
// measurable gain: metering runs once per plugin load.
//
//go:noinline
func appendULEB(dst []byte, v uint64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			return append(dst, c)
		}
		dst = append(dst, c|0x80)
	}
}

//go:noinline
func appendSLEB(dst []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(dst, c)
		}
		dst = append(dst, c|0x80)
	}
}
