package abi

import (
	"math"

	"github.com/corerec/corerec/internal/fmtlite"
)

// OutputSize is the size of an output block with count entries and the given flags.
func OutputSize(count, flags uint32) int {
	size := OutputHeaderSize + 4*int(count)
	if flags&FlagScores != 0 {
		size += 4 * int(count)
	}
	return size
}

// ParseOutputHeader reads an output block's count and flags and checks them against n, the number of
// candidates the host sent: count ≤ n, no unknown flag bits. The caller then reads OutputSize(count, flags)
// bytes and calls Output.Decode.
func ParseOutputHeader(b []byte, n int) (count, flags uint32, err error) {
	if len(b) < OutputHeaderSize {
		return 0, 0, fmtlite.Errorf("%w: %d bytes, the header alone is %d", ErrOutput, len(b), OutputHeaderSize)
	}
	count, flags = le.Uint32(b), le.Uint32(b[4:])
	switch {
	case int64(count) > int64(n):
		return 0, 0, fmtlite.Errorf("%w: %d entries for %d candidates", ErrOutput, count, n)
	case flags&^knownFlags != 0:
		return 0, 0, fmtlite.Errorf("%w: unknown flag bits %#x", ErrOutput, flags&^knownFlags)
	}
	return count, flags, nil
}

// Output is a decoded output block: the kept candidates' positions in the input, best first, and their new
// scores when the plugin re-scored them. Its slices are reused by the next Decode.
type Output struct {
	// Positions index the input's records (0 ≤ p < n), each at most once, best first.
	Positions []int32
	// Scores holds one new score per position when Rescored; it is empty otherwise.
	Scores []float32
	// Rescored says the plugin returned new scores.
	Rescored bool

	seen []uint64 // bitset over input positions, cleared after each Decode
}

// Decode reads and checks a whole output block (header included) for an input of n candidates.
func (o *Output) Decode(b []byte, n int) error {
	count, flags, err := ParseOutputHeader(b, n)
	if err != nil {
		return err
	}
	if size := OutputSize(count, flags); len(b) < size {
		return fmtlite.Errorf("%w: block of %d entries needs %d bytes, has %d", ErrOutput, count, size, len(b))
	}
	m := int(count)
	o.Positions, o.Scores, o.Rescored = o.Positions[:0], o.Scores[:0], flags&FlagScores != 0
	if words := (n + 63) / 64; len(o.seen) < words {
		o.seen = make([]uint64, words)
	}
	defer o.clearSeen()
	pos := b[OutputHeaderSize:]
	for j := 0; j < m; j++ {
		p := int32(le.Uint32(pos[4*j:]))
		switch {
		case p < 0:
			return fmtlite.Errorf("%w: entry %d is negative (%d)", ErrOutput, j, p)
		case int(p) >= n:
			return fmtlite.Errorf("%w: entry %d is position %d, out of range for %d candidates", ErrOutput, j, p, n)
		case o.seen[p/64]&(1<<(p%64)) != 0:
			return fmtlite.Errorf("%w: entry %d repeats position %d", ErrOutput, j, p)
		}
		o.seen[p/64] |= 1 << (p % 64)
		o.Positions = append(o.Positions, p)
	}
	if !o.Rescored {
		return nil
	}
	sc := pos[4*m:]
	for j := 0; j < m; j++ {
		s := math.Float32frombits(le.Uint32(sc[4*j:]))
		if math.IsNaN(float64(s)) || math.IsInf(float64(s), 0) {
			return fmtlite.Errorf("%w: entry %d has score %v", ErrOutput, j, s)
		}
		o.Scores = append(o.Scores, s)
	}
	return nil
}

func (o *Output) clearSeen() {
	for _, p := range o.Positions {
		o.seen[p/64] = 0
	}
}

// AppendOutput appends an output block to dst: the positions and, when scores is not nil, one score per
// position. It is what a plugin (or a test standing in for one) writes.
func AppendOutput(dst []byte, positions []int32, scores []float32) []byte {
	var flags uint32
	if scores != nil {
		flags = FlagScores
	}
	dst = le.AppendUint32(dst, uint32(len(positions)))
	dst = le.AppendUint32(dst, flags)
	for _, p := range positions {
		dst = le.AppendUint32(dst, uint32(p))
	}
	if scores != nil {
		for j := range positions {
			var s float32
			if j < len(scores) {
				s = scores[j]
			}
			dst = le.AppendUint32(dst, math.Float32bits(s))
		}
	}
	return dst
}
