package modelpack

import "math/bits"

// FNV-1a 64-bit parameters.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// slotHash is the hash of FORMAT.md: FNV-1a 64 of the bytes, folded
// h ^ h>>32 so the low bits used as the first slot depend on every byte.
func slotHash[T string | []byte](s T) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h ^ h>>32
}

// hashSlots returns the table size for n strings: the smallest power of
// two >= 2n (load factor <= 1/2), at least 1.
func hashSlots(n int) int {
	if n == 0 {
		return 1
	}
	return 1 << bits.Len(uint(2*n-1))
}

// buildHash builds the open-addressing table (linear probing, slot value
// index+1, 0 = empty) or returns nil if the strings are not unique.
func buildHash(offsets []uint32, data []byte) []uint32 {
	n := len(offsets) - 1
	table := make([]uint32, hashSlots(n))
	mask := uint64(len(table) - 1)
	str := func(i int) []byte { return data[offsets[i]:offsets[i+1]] }
	for i := 0; i < n; i++ {
		v := str(i)
		h := slotHash(v)
		for probe := uint64(0); ; probe++ {
			slot := &table[(h+probe)&mask]
			if *slot == 0 {
				*slot = uint32(i + 1)
				break
			}
			if string(str(int(*slot-1))) == string(v) {
				return nil
			}
		}
	}
	return table
}
