package runtime

import (
	"context"
	"time"

	"github.com/corerec/corerec/modelpack"
)

// Candidate is an item on its way through the pipeline: retrieval produces candidates, ranking re-scores
// them, rerankers reorder, filter or re-score them.
type Candidate struct {
	// Index is the item's dense index in the bundle's catalog.
	Index int32
	// Score is the current score (higher is better); rerankers may change it.
	Score float32
}

// RerankInput is what a reranker may read besides the candidates. It is valid only during the call.
type RerankInput struct {
	// K is how many items the request wants in the end.
	K int
	// Now is the request's clock (zero if the request gave none): rules that depend on time use it, never
	// the wall clock, so results are reproducible.
	Now time.Time
	// User is the request's user id ("" when the request gave only a history).
	User string
	// Catalog resolves item ids, categories, creation times and tags.
	Catalog *modelpack.Catalog
	// Embedding appends item i's (dequantized) embedding to dst and returns it.
	Embedding func(i int32, dst []float32) []float32
	// Rules switches named rules on (true) or off (false) for this request (PipelineOverride.Rules); rules
	// not named keep their default. Nil: every rule as configured.
	Rules map[string]bool
	// OverBudget, when not nil, reports whether the rerank stage's latency budget is spent. A reranker
	// that runs several rules checks it before each soft rule (boosts, constraints), skips the rest of
	// them once it reports true, and still applies the rules that must hold (blocklists, filters, pins).
	OverBudget func() bool
	// Skipped, when not nil, is told the name of each rule skipped because the budget was spent.
	Skipped func(rule string)
	// Moved, when not nil, is told each rule's moves (Request.Explain); RuleMove.Item may be left empty,
	// the pipeline fills it from Index.
	Moved func(m RuleMove)
}

// Reranker reorders, filters or re-scores candidates. It returns the candidates to keep, best first; it
// may return fewer (filtering) and must not invent indices. The slice it receives may be reused for the
// result. Implementations must be safe for concurrent use: one Reranker serves every request.
type Reranker interface {
	Rerank(ctx context.Context, in *RerankInput, cands []Candidate) ([]Candidate, error)
}

// RerankerFunc adapts a function to the Reranker interface.
type RerankerFunc func(ctx context.Context, in *RerankInput, cands []Candidate) ([]Candidate, error)

// Rerank calls f.
func (f RerankerFunc) Rerank(ctx context.Context, in *RerankInput, cands []Candidate) ([]Candidate, error) {
	return f(ctx, in, cands)
}
