package rules

// smallSet is the size up to which a strSet compares strings one by one instead of hashing: comparing a
// few strings is cheaper than hashing one.
const smallSet = 8

// strSet is an immutable set of strings; the zero value is empty.
type strSet struct {
	small []string            // the strings, when there are at most smallSet
	large map[string]struct{} // the strings, when there are more
}

// newStrSet returns the set of s.
func newStrSet(s []string) strSet {
	if len(s) <= smallSet {
		return strSet{small: s}
	}
	m := make(map[string]struct{}, len(s))
	for _, v := range s {
		m[v] = struct{}{}
	}
	return strSet{large: m}
}

// empty reports whether the set has no strings.
func (s strSet) empty() bool { return len(s.small) == 0 && len(s.large) == 0 }

// has reports whether v is in the set.
func (s strSet) has(v string) bool {
	if s.large != nil {
		_, ok := s.large[v]
		return ok
	}
	for _, x := range s.small {
		if x == v {
			return true
		}
	}
	return false
}

// hasAny reports whether any of vs is in the set.
func (s strSet) hasAny(vs []string) bool {
	for _, v := range vs {
		if s.has(v) {
			return true
		}
	}
	return false
}
