package ann

import "math/bits"

// Neighbour lists are serialised sorted, as gaps (the first id, then each id minus the previous
// one minus 1) in Rice code with one parameter k for the whole graph: a gap x is x>>k one-bits,
// a zero bit, then the k low bits of x, least significant bit first. Gaps between the ~23
// neighbours of a node among N are roughly geometric with mean N/23, for which a Rice code is
// within a few percent of the entropy: 11 bits a link at 5,000 rows, 15 at 100,000.

// riceCost returns the bits that coding xs with parameter k takes.
func riceCost(xs []uint32, k uint) int {
	c := 0
	for _, x := range xs {
		c += int(x>>k) + 1 + int(k)
	}
	return c
}

// bestRiceK returns the parameter that codes xs in the fewest bits.
func bestRiceK(xs []uint32) uint {
	best, bestCost := uint(0), riceCost(xs, 0)
	for k := uint(1); k < 32; k++ {
		if c := riceCost(xs, k); c < bestCost {
			best, bestCost = k, c
		}
	}
	return best
}

// bitWriter appends values to a byte slice, least significant bit first.
type bitWriter struct {
	buf  []byte
	acc  uint64
	nacc uint
}

// writeBits appends the n ≤ 32 low bits of v.
func (w *bitWriter) writeBits(v uint32, n uint) {
	w.acc |= uint64(v&(1<<n-1)) << w.nacc
	w.nacc += n
	for w.nacc >= 8 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc >>= 8
		w.nacc -= 8
	}
}

// writeRice appends x in Rice code with parameter k.
func (w *bitWriter) writeRice(x uint32, k uint) {
	for q := x >> k; ; q -= 31 {
		if q < 31 {
			w.writeBits(1<<q-1, uint(q)+1) // q ones and a zero
			break
		}
		w.writeBits(1<<31-1, 31)
	}
	w.writeBits(x, k)
}

// flush writes the last partial byte (its unused bits zero) and returns the buffer.
func (w *bitWriter) flush() []byte {
	if w.nacc > 0 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc, w.nacc = 0, 0
	}
	return w.buf
}

// bitReader reads what bitWriter wrote. Every read reports false when the data runs out.
type bitReader struct {
	buf  []byte
	pos  int
	acc  uint64
	nacc uint
}

func (r *bitReader) refill() {
	for r.nacc <= 56 && r.pos < len(r.buf) {
		r.acc |= uint64(r.buf[r.pos]) << r.nacc
		r.pos++
		r.nacc += 8
	}
}

// readBits reads n ≤ 32 bits.
func (r *bitReader) readBits(n uint) (uint32, bool) {
	if r.nacc < n {
		r.refill()
		if r.nacc < n {
			return 0, false
		}
	}
	v := uint32(r.acc & (1<<n - 1))
	r.acc >>= n
	r.nacc -= n
	return v, true
}

// readRice reads a Rice-coded value whose quotient is at most maxQ (longer runs of one-bits are
// rejected as soon as they pass maxQ).
func (r *bitReader) readRice(k uint, maxQ uint64) (uint64, bool) {
	var q uint64
	for {
		if r.nacc == 0 {
			r.refill()
			if r.nacc == 0 {
				return 0, false
			}
		}
		ones := uint(bits.TrailingZeros64(^r.acc)) // bits above nacc are zero, so ones ≤ nacc
		if ones < r.nacc {
			q += uint64(ones)
			r.acc >>= ones + 1
			r.nacc -= ones + 1
			break
		}
		q += uint64(r.nacc)
		r.acc, r.nacc = 0, 0
		if q > maxQ {
			return 0, false
		}
	}
	if q > maxQ {
		return 0, false
	}
	low, ok := r.readBits(k)
	return q<<k | uint64(low), ok
}

// clean reports whether the reader used its whole buffer, up to zero padding in the last byte.
func (r *bitReader) clean() bool { return r.pos == len(r.buf) && r.nacc < 8 && r.acc == 0 }
