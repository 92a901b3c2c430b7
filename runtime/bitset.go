package runtime

// bitset marks items by dense index. Its words are reused across requests through the scratch pool.
type bitset []uint64

func (b bitset) set(i int32)      { b[i>>6] |= 1 << (uint(i) & 63) }
func (b bitset) has(i int32) bool { return b[i>>6]&(1<<(uint(i)&63)) != 0 }
func (b bitset) clear()           { clear(b) }
func newBitset(n int) bitset      { return make(bitset, (n+63)/64) }
