package abi

// FNV-1a 64-bit parameters.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// Hash is FNV-1a 64 of s: the hash the input carries for item ids, user ids and category names. The empty
// string hashes to 0 ("none"), and a non-empty string that would hash to 0 hashes to 1, so 0 always means
// absent.
func Hash(s string) uint64 {
	if s == "" {
		return 0
	}
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	if h == 0 {
		return 1
	}
	return h
}
