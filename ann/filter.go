package ann

import "math/bits"

// Filter restricts a search to some rows; the zero Filter allows every row. The fields that are
// set apply together: a row is allowed when it is in Allow (if Allow is not nil), not in Deny and
// accepted by Func (if Func is not nil).
//
// A selective filter makes the graph walk through many rows it may not return, so Search
// estimates how many rows the filter allows and scans them exactly when that is cheaper.
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

// filterState is a Filter prepared for one search.
type filterState struct {
	allow []uint64 // bitset of Allow, nil when Allow is nil
	deny  []uint64
	fn    func(int32) bool
	n     int // number of rows
}

// allows reports whether row id passes the filter.
func (f *filterState) allows(id int32) bool {
	u := uint(id)
	if f.allow != nil && f.allow[u/64]&(1<<(u%64)) == 0 {
		return false
	}
	if w := u / 64; w < uint(len(f.deny)) && f.deny[w]&(1<<(u%64)) != 0 {
		return false
	}
	return f.fn == nil || f.fn(id)
}

// prepare sets up f for filter over n rows, building the allow bitset in s and collecting the
// distinct allowed ids of an allow-list into s.ids. It returns an estimate of the number of rows
// the filter allows.
func (f *filterState) prepare(s *searcher, filter *Filter, n int) int {
	*f = filterState{deny: filter.Deny, n: n}
	est := 0
	if filter.Allow != nil {
		words := (n + 63) / 64
		if cap(s.allow) < words {
			s.allow = make([]uint64, words)
		}
		f.allow = s.allow[:words]
		clear(f.allow)
		s.list = s.list[:0]
		for _, id := range filter.Allow {
			if id < 0 || int(id) >= n || f.allow[id/64]&(1<<(id%64)) != 0 {
				continue
			}
			f.allow[id/64] |= 1 << (id % 64)
			if f.allows(id) { // Func is not set yet: this checks Deny only
				s.list = append(s.list, id)
			}
		}
		est = len(s.list)
	} else {
		est = n - deniedCount(f.deny, n)
	}
	if filter.Func != nil {
		f.fn = filter.Func
		est = f.sampleFunc(s, est)
	}
	return est
}

// deniedCount counts the set bits of deny among rows 0…n-1.
func deniedCount(deny []uint64, n int) int {
	c := 0
	for w, x := range deny {
		if w*64 >= n {
			break
		}
		if rest := n - w*64; rest < 64 {
			x &= 1<<uint(rest) - 1
		}
		c += bits.OnesCount64(x)
	}
	return c
}

// funcSamples is how many rows sampleFunc asks Func about.
const funcSamples = 64

// sampleFunc estimates how many of the est rows that pass Allow and Deny also pass Func, by
// calling Func on evenly spaced rows.
func (f *filterState) sampleFunc(s *searcher, est int) int {
	if est == 0 {
		return 0
	}
	tried, passed := 0, 0
	if f.allow != nil {
		step := max(1, len(s.list)/funcSamples)
		for i := 0; i < len(s.list); i += step {
			tried++
			if f.fn(s.list[i]) {
				passed++
			}
		}
	} else {
		step := max(1, f.n/funcSamples)
		for i := 0; i < f.n; i += step {
			if !f.deniedAt(i) {
				tried++
				if f.fn(int32(i)) {
					passed++
				}
			}
		}
	}
	if tried == 0 {
		return est
	}
	return est * passed / tried
}

func (f *filterState) deniedAt(i int) bool {
	w := i / 64
	return w < len(f.deny) && f.deny[w]&(1<<(uint(i)%64)) != 0
}
