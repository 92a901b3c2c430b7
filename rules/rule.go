package rules

import (
	"context"
	"slices"

	"github.com/corerec/corerec/runtime"
)

// Stage is a rule's precedence class. A Chain runs the stages in a fixed order whatever order its rules
// were given in (see the package documentation): Filter, Boost, Constraint, Filter again, Pin.
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
// deterministic.
func sortByScore(cands []runtime.Candidate) {
	slices.SortStableFunc(cands, func(a, b runtime.Candidate) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return 0
	})
}

// checkCtx returns the context's error, if any; rules call it once per request, before working.
func checkCtx(ctx context.Context) error {
	if ctx == nil {
		return nil
	}
	return ctx.Err()
}
