package runtime

import (
	"time"

	"github.com/corerec/corerec/internal/fmtlite"
)

// DefaultK is the number of items a request gets when Request.K is zero.
const DefaultK = 10

// MaxK bounds Request.K: larger requests are refused with ErrBadRequest rather than scanned.
const MaxK = 10000

// Request asks for recommendations. Its zero value is not valid: set User, History or Features.
type Request struct {
	// User is the caller's original user id. Optional when History is given.
	User string
	// History lists the user's recent items, oldest first, in original ids. Items the bundle does not know
	// are ignored and reported in Result.Ignored. When User is unknown (or empty) the user vector is
	// computed from History; sequential bundles (SASRec, BERT4Rec) use a non-empty History even for a known
	// user.
	History []string
	// Features are the user's dense features for bundles with a user tower (Two-Tower; see
	// Engine.UserFeatures for how many): when given, the user vector is computed from them through the
	// tower, with the user's own ID embedding when the bundle knows the user and stores it, else the
	// unknown-id row the model was trained with. A wrong count or a non-finite value is ErrBadRequest, and
	// so are features for a bundle without a user tower.
	Features []float32
	// K is how many items to return. Zero means DefaultK; at most MaxK.
	K int
	// ExcludeSeen removes the user's training items (when the bundle stores them) and the History items.
	ExcludeSeen bool
	// Allow, when non-empty, restricts the answer to these items. Unknown ids are ignored and reported.
	Allow []string
	// Deny removes these items. Unknown ids are ignored and reported.
	Deny []string
	// Ef is the HNSW beam width when the bundle has a graph index: larger finds more of the true best items,
	// more slowly. Zero means the index's default (max(K, 64)). Ignored by exact retrieval.
	Ef int
	// Exact forces an exact scan of every item even when the bundle has a graph index.
	Exact bool
	// Now is the request's clock, used by time-dependent rules. Zero means the rules see no clock.
	Now time.Time
	// Filter restricts the answer by item attributes (category, tags, creation time). It is applied before
	// retrieval, as a filter of the index search, so a filtered HNSW search keeps its recall.
	Filter *ItemFilter
	// Attributes are the user's ranking features (categorical and dense, by the ranker's field names),
	// overriding the ones the ranker stores for User. Used by bundles with a ranker.
	Attributes *UserAttributes
	// Pipeline overrides the bundle's pipeline spec for this request. On a bundle without a pipeline spec
	// or rules, a non-nil Pipeline runs the default pipeline with these overrides.
	Pipeline *PipelineOverride
	// Explain asks for Result.Trace: where each returned item came from and what moved it.
	Explain bool
}

func (r *Request) k() (int, error) {
	switch {
	case r.K < 0:
		return 0, fmtlite.Errorf("%w: k = %d is negative", ErrBadRequest, r.K)
	case r.K > MaxK:
		return 0, fmtlite.Errorf("%w: k = %d is over the limit %d", ErrBadRequest, r.K, MaxK)
	case r.K == 0:
		return DefaultK, nil
	}
	return r.K, nil
}

// Item is one recommended item.
type Item struct {
	// ID is the item's original id.
	ID string `json:"id"`
	// Index is the item's dense index in the bundle.
	Index int32 `json:"index"`
	// Score is the model's score: higher is better (for L2 bundles, the negated squared distance).
	Score float32 `json:"score"`
}

// Stage reports one pipeline stage of a request.
type Stage struct {
	// Name is the stage: "encode", "retrieve", "fallback"; with a pipeline also "retrieve/KIND" (one per
	// retriever), "fuse", "rank" and "rerank".
	Name string `json:"name"`
	// In and Out count the candidates the stage received and kept.
	In  int `json:"in"`
	Out int `json:"out"`
	// Duration is the stage's wall time.
	Duration time.Duration `json:"duration_ns"`
	// Degraded, when not empty, says how and why the stage did less than asked (its budget ran out).
	Degraded string `json:"degraded,omitempty"`
}

// Result is the answer to a request.
type Result struct {
	// Items are best first; fewer than K when the filters leave fewer.
	Items []Item `json:"items"`
	// Fallback names the fallback used ("popular") when the engine could not personalise; empty otherwise.
	Fallback string `json:"fallback,omitempty"`
	// Ignored lists request ids (history, allow, deny) the bundle does not know.
	Ignored []string `json:"ignored,omitempty"`
	// Stages reports each stage's counts and timings, in order.
	Stages []Stage `json:"stages"`
	// Trace explains the returned items (Request.Explain with a pipeline); nil otherwise.
	Trace *Trace `json:"trace,omitempty"`
}

// Degraded reports whether any stage degraded (see Stage.Degraded).
func (r *Result) Degraded() bool {
	for _, s := range r.Stages {
		if s.Degraded != "" {
			return true
		}
	}
	return false
}
