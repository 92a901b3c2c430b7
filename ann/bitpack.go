package ann

import "math/bits"

// Neighbour ids are serialised bit-packed at the width of the largest id, least significant bit
// first: 13 bits a link for 5,000 rows, 17 for 100,000 (uint16 would take 16, uint32 32).

// idWidth returns the number of bits that hold every id below n (at least 1).
func idWidth(n int) int { return max(1, bits.Len(uint(max(n-1, 0)))) }

// packedLen returns the bytes that count values of width bits take.
func packedLen(count, width int) int { return (count*width + 7) / 8 }

// bitWriter appends width-bit values to a byte slice.
type bitWriter struct {
	buf   []byte
	acc   uint64
	nacc  uint
	width uint
}

func (w *bitWriter) write(v uint32) {
	w.acc |= uint64(v) << w.nacc
	w.nacc += w.width
	for w.nacc >= 8 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc >>= 8
		w.nacc -= 8
	}
}

// flush writes the last partial byte and returns the buffer.
func (w *bitWriter) flush() []byte {
	if w.nacc > 0 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc, w.nacc = 0, 0
	}
	return w.buf
}

// bitReader reads width-bit values from a byte slice that holds enough of them.
type bitReader struct {
	buf   []byte
	pos   int // next byte
	acc   uint64
	nacc  uint
	width uint
	mask  uint64
}

func newBitReader(buf []byte, width int) bitReader {
	return bitReader{buf: buf, width: uint(width), mask: 1<<uint(width) - 1}
}

func (r *bitReader) read() uint32 {
	for r.nacc < r.width {
		r.acc |= uint64(r.buf[r.pos]) << r.nacc
		r.pos++
		r.nacc += 8
	}
	v := r.acc & r.mask
	r.acc >>= r.width
	r.nacc -= r.width
	return uint32(v)
}

// clean reports whether the reader consumed its whole buffer and the bits left of the last byte
// are zero, as the writer leaves them.
func (r *bitReader) clean() bool { return r.pos == len(r.buf) && r.acc == 0 }
