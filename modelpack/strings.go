package modelpack

import (
	"math"
	"math/bits"
	"sync"

	"github.com/corerec/corerec/internal/fmtlite"
)

// Strings is an immutable list of byte strings stored as n+1 uint32
// offsets into one blob, read in place. An optional open-addressing hash
// table (FORMAT.md, "Strings") makes Index O(1) without building anything;
// without it, Index builds a map on first use.
//
// A Strings is safe for concurrent use.
type Strings struct {
	offsets []uint32 // n+1 entries, offsets[0] = 0, non-decreasing, offsets[n] = len(data)
	data    []byte
	hash    []uint32 // power-of-two length > n; 0 = empty, else index+1; may be nil

	once   sync.Once        // builds lookup when hash is nil
	lookup map[string]int32 // first index of each string; guarded by once
}

// NewStrings builds an in-memory Strings (with a hash table when the
// strings are unique), e.g. to look ids up before a bundle is written.
func NewStrings(s []string) (*Strings, error) {
	offsets, data, err := encodeStrings(s)
	if err != nil {
		return nil, err
	}
	return &Strings{offsets: offsets, data: data, hash: buildHash(offsets, data)}, nil
}

// encodeStrings lays strings out as offsets + blob.
func encodeStrings(s []string) ([]uint32, []byte, error) {
	if len(s) > math.MaxInt32 {
		return nil, nil, errorf(ErrRange, "%d strings exceed %d", len(s), math.MaxInt32)
	}
	total := 0
	for _, v := range s {
		total += len(v)
		if uint64(total) > math.MaxUint32 {
			return nil, nil, errorf(ErrRange, "strings blob exceeds 4 GiB")
		}
	}
	offsets := make([]uint32, len(s)+1)
	data := make([]byte, 0, total)
	for i, v := range s {
		data = append(data, v...)
		offsets[i+1] = uint32(len(data))
	}
	return offsets, data, nil
}

// newStrings validates sections read from a file. With verify, it also
// checks that the hash table finds every string at its own index.
func newStrings(offsets []uint32, data []byte, hash []uint32, verify bool) (*Strings, error) {
	n := len(offsets) - 1
	if n < 0 || n > math.MaxInt32 {
		return nil, fmtlite.Errorf("%w: %d offsets", ErrCorrupt, len(offsets))
	}
	if offsets[0] != 0 || uint64(offsets[n]) != uint64(len(data)) {
		return nil, fmtlite.Errorf("%w: offsets run from %d to %d over %d bytes", ErrCorrupt, offsets[0], offsets[n], len(data))
	}
	for i := 1; i <= n; i++ {
		if offsets[i] < offsets[i-1] {
			return nil, fmtlite.Errorf("%w: offset %d decreases", ErrCorrupt, i)
		}
	}
	s := &Strings{offsets: offsets, data: data, hash: hash}
	if hash == nil {
		return s, nil
	}
	if len(hash) <= n || bits.OnesCount(uint(len(hash))) != 1 {
		return nil, fmtlite.Errorf("%w: hash table of %d slots for %d strings", ErrCorrupt, len(hash), n)
	}
	for _, v := range hash {
		if v > uint32(n) {
			return nil, fmtlite.Errorf("%w: hash slot holds %d, only %d strings", ErrCorrupt, v, n)
		}
	}
	if verify {
		if err := s.checkHash(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// checkHash requires the table to hold each index exactly once, each at a
// slot linear probing reaches from its string's home slot without crossing
// an empty slot; then Index finds every string. One pass over the table.
func (s *Strings) checkHash() error {
	m, n := len(s.hash), s.Len()
	mask := m - 1
	start := -1 // an empty slot: runs of full slots are measured from it
	for k, v := range s.hash {
		if v == 0 {
			start = k
			break
		}
	}
	if start < 0 {
		return fmtlite.Errorf("%w: hash table has no empty slot", ErrCorrupt)
	}
	seen := make([]uint64, (n+63)/64)
	used, runFrom := 0, 0
	for p := 1; p < m; p++ { // p: position relative to start
		v := s.hash[(start+p)&mask]
		if v == 0 {
			runFrom = p + 1
			continue
		}
		i := int(v - 1)
		if seen[i/64]&(1<<(i%64)) != 0 {
			return fmtlite.Errorf("%w: hash table holds string %d twice", ErrCorrupt, i)
		}
		seen[i/64] |= 1 << (i % 64)
		used++
		home := (int(slotHash(s.Bytes(i))&uint64(mask)) - start) & mask
		if home < runFrom || home > p {
			return fmtlite.Errorf("%w: hash table cannot reach string %d", ErrCorrupt, i)
		}
	}
	if used != n {
		return fmtlite.Errorf("%w: hash table holds %d of %d strings", ErrCorrupt, used, n)
	}
	return nil
}

// Len returns the number of strings.
func (s *Strings) Len() int { return len(s.offsets) - 1 }

// Bytes returns a read-only view of string i (nil if i is out of range).
func (s *Strings) Bytes(i int) []byte {
	if i < 0 || i >= s.Len() {
		return nil
	}
	a, b := s.offsets[i], s.offsets[i+1]
	return s.data[a:b:b]
}

// At returns string i as a new string ("" if i is out of range).
func (s *Strings) At(i int) string { return string(s.Bytes(i)) }

// Index returns the index of v, or false. With a hash table it allocates
// nothing; without, the first call builds a map (first occurrence wins).
func (s *Strings) Index(v string) (int, bool) {
	if s.hash == nil {
		s.once.Do(s.buildLookup)
		i, ok := s.lookup[v]
		return int(i), ok
	}
	return probe(s, v)
}

// indexBytes is Index for a byte slice (no conversion allocation).
func (s *Strings) indexBytes(v []byte) (int, bool) {
	if s.hash == nil {
		s.once.Do(s.buildLookup)
		i, ok := s.lookup[string(v)]
		return int(i), ok
	}
	return probe(s, v)
}

// probe looks v up in the hash table by linear probing, at most one pass.
func probe[T string | []byte](s *Strings, v T) (int, bool) {
	mask := uint64(len(s.hash) - 1)
	h := slotHash(v)
	for probe := 0; probe < len(s.hash); probe++ {
		e := s.hash[(h+uint64(probe))&mask]
		if e == 0 {
			return 0, false
		}
		if string(s.Bytes(int(e-1))) == string(v) {
			return int(e - 1), true
		}
	}
	return 0, false
}

func (s *Strings) buildLookup() {
	s.lookup = make(map[string]int32, s.Len())
	for i := 0; i < s.Len(); i++ {
		k := s.At(i)
		if _, dup := s.lookup[k]; !dup {
			s.lookup[k] = int32(i)
		}
	}
}
