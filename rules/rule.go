package rules

import (
	"context"
	"math"
	"slices"
	"sync"

	"github.com/corerec/corerec/runtime"
)

// Stage is a rule's precedence class. A Chain runs the stages in a fixed order whatever order its rules
// were given in: filters, boosts, constraints (with the pinned items set aside), filters again after a
// custom rule, pins (see Chain).
type Stage int

// The stages, from the lowest precedence to the highest.
const (
	// StageBoost rules change scores (Boost, Freshness) and re-sort by the new score.
	StageBoost Stage = iota
	// StageConstraint rules reorder to meet a constraint (Diversity, MMR, Fairness) or are custom
	// rerankers (Custom).
	StageConstraint
	// StagePin rules move items to fixed positions (Pin).
	StagePin
	// StageFilter rules remove items (Blocklist, Filter).
	StageFilter
)

// String returns the stage's name: "boost", "constraint", "pin" or "filter".
func (s Stage) String() string {
	switch s {
	case StageBoost:
		return "boost"
	case StageConstraint:
		return "constraint"
	case StagePin:
		return "pin"
	case StageFilter:
		return "filter"
	}
	return "unknown"
}

// Rule is a built-in reranking rule: a runtime.Reranker with a name (for traces) and a precedence class.
// The interface is sealed: wrap any other runtime.Reranker with Custom to put it in a Chain.
type Rule interface {
	runtime.Reranker
	// Name is the rule's name in traces: the config's Name, or the rule's kind ("diversity", "pin", ...).
	Name() string
	// Stage is the rule's precedence class.
	Stage() Stage
	sealed()
}

// ruleName returns name, or kind when name is empty.
func ruleName(name, kind string) string {
	if name != "" {
		return name
	}
	return kind
}

// input returns in, or an empty input when in is nil, so rules never dereference a nil pointer.
func input(in *runtime.RerankInput) *runtime.RerankInput {
	if in == nil {
		return &runtime.RerankInput{}
	}
	return in
}

// window returns how many top positions a constraint applies to: w if positive, else the request's K if
// positive, else every candidate; never more than n.
func window(w, k, n int) int {
	if w <= 0 {
		w = k
	}
	if w <= 0 || w > n {
		w = n
	}
	return w
}

// sortByScore sorts cands by score, highest first; equal scores keep their order, so the result is
// deterministic; NaN scores go last. It sorts 64-bit keys (the score's order-preserving bits, then the
// position) with the standard unstable sort, about twice as fast as a stable sort with a comparison
// function.
func sortByScore(cands []runtime.Candidate) {
	s := sortScratch.Get().(*scoreSort)
	defer sortScratch.Put(s)
	s.keys = s.keys[:0]
	for k, c := range cands {
		s.keys = append(s.keys, uint64(descKey(c.Score))<<32|uint64(k))
	}
	slices.Sort(s.keys)
	s.tmp = append(s.tmp[:0], cands...)
	for k, key := range s.keys {
		cands[k] = s.tmp[uint32(key)]
	}
}

// descKey maps a score to a key that sorts ascending as the scores sort descending; -0 and +0 are equal
// and NaN sorts last.
func descKey(f float32) uint32 {
	if f != f {
		return math.MaxUint32
	}
	if f == 0 {
		f = 0 // -0 → +0
	}
	b := math.Float32bits(f)
	if b>>31 == 1 {
		return b // negative: larger magnitude, larger key
	}
	return ^(b | 1<<31)
}

// scoreSort is the scratch of sortByScore.
type scoreSort struct {
	keys []uint64
	tmp  []runtime.Candidate
}

var sortScratch = sync.Pool{New: func() any { return new(scoreSort) }}

// checkCtx returns the context's error, if any; rules call it once per request, before working.
func checkCtx(ctx context.Context) error {
	if ctx == nil {
		return nil
	}
	return ctx.Err()
}
