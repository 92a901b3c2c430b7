package ann

import "math/bits"

// Filter restricts a search to some rows; the zero Filter allows every row. The fields that are
// set apply together: a row is allowed when it is in Allow (if Allow is not nil), not in Deny and
// accepted by Func (if Func is not nil).
//
// A selective filter makes the graph walk through many rows it may not return, so Search
// estimates how many rows the filter allows and scans them exactly when that is cheaper (see
// FilterPlan). Preparing Allow or Deny costs O(len(Allow) + N/64) per search: for large allowed
// sets a Deny bitset or Func is cheaper than a long Allow list.
type Filter struct {
	// Allow lists the only rows that may be returned. Ids outside 0…N-1 are ignored; duplicates
	// are harmless. A non-nil empty slice allows nothing.
	Allow []int32
	// Deny is a bitset of rows never returned: row i is denied when Deny[i/64]>>(i%64)&1 == 1.
	// Rows past the end of the bitset are not denied.
	Deny []uint64
	// Func, when not nil, accepts or rejects a row. It is called from the searching goroutine,
	// possibly many times per search, and must not block.
	Func func(id int32) bool
}

func (f *Filter) active() bool { return f.Allow != nil || f.Deny != nil || f.Func != nil }

// filterState is a Filter prepared for one search: Allow and Deny merged into one bitset of the
// allowed rows (nil when neither is set), and Func.
type filterState struct {
	bits []uint64
	fn   func(int32) bool
}

// allows reports whether row id passes the filter.
func (f *filterState) allows(id int32) bool {
	if f.bits != nil && f.bits[uint32(id)/64]&(1<<(uint32(id)%64)) == 0 {
		return false
	}
	return f.fn == nil || f.fn(id)
}

// prepare sets up f for filter over n rows, with its bitset in s.allow, and returns an estimate
// of the number of rows the filter allows: exact for Allow and Deny, sampled for Func.
func (f *filterState) prepare(s *searcher, filter *Filter, n int) int {
	*f = filterState{fn: filter.Func}
	est := n
	if filter.Allow != nil || filter.Deny != nil {
		f.bits = s.allowBits(filter, n)
		est = 0
		for _, w := range f.bits {
			est += bits.OnesCount64(w)
		}
	}
	if f.fn != nil && est > 0 {
		est = f.sampleFunc(n, est)
	}
	return est
}

// allowBits returns, in s.allow, the bitset of the rows below n that are in filter.Allow (all
// rows if Allow is nil) and not in filter.Deny.
func (s *searcher) allowBits(filter *Filter, n int) []uint64 {
	words := (n + 63) / 64
	if cap(s.allow) < words {
		s.allow = make([]uint64, words)
	}
	b := s.allow[:words]
	if filter.Allow != nil {
		clear(b)
		for _, id := range filter.Allow {
			if uint32(id) < uint32(n) {
				b[uint32(id)/64] |= 1 << (uint32(id) % 64)
			}
		}
	} else {
		for i := range b {
			b[i] = ^uint64(0)
		}
		if rest := n % 64; rest != 0 {
			b[words-1] = 1<<rest - 1
		}
	}
	for i, w := range filter.Deny[:min(len(filter.Deny), words)] {
		b[i] &^= w
	}
	return b
}

// funcSamples is about how many allowed rows sampleFunc asks Func about.
const funcSamples = 64

// sampleFunc estimates how many of the est rows that pass the bitset also pass Func, by calling
// Func on rows spread evenly over 0…n-1 (with a bitset: the next allowed row after each probe).
func (f *filterState) sampleFunc(n, est int) int {
	step := max(1, n/funcSamples)
	tried, passed := 0, 0
	for i := 0; i < n; i += step {
		if f.bits != nil {
			next, ok := f.nextSet(i)
			if !ok {
				break
			}
			i = next
		}
		tried++
		if f.fn(int32(i)) {
			passed++
		}
	}
	if tried == 0 {
		return est
	}
	return est * passed / tried
}

// nextSet returns the first row at or after i whose bit is set.
func (f *filterState) nextSet(i int) (int, bool) {
	w := i / 64
	if w >= len(f.bits) {
		return 0, false
	}
	word := f.bits[w] & (^uint64(0) << (uint(i) % 64))
	for word == 0 {
		w++
		if w >= len(f.bits) {
			return 0, false
		}
		word = f.bits[w]
	}
	return w*64 + bits.TrailingZeros64(word), true
}
