package runtime

import (
	"time"

	"github.com/corerec/corerec/internal/fmtlite"
)

// Retriever kinds of a PipelineSpec.
const (
	// RetrieverEmbedding is the user-vector retrieval of a plain request: HNSW (or an exact scan) over the
	// item embeddings, with the request's filters and seen-masking.
	RetrieverEmbedding = "embedding"
	// RetrieverPopular is the most popular items that pass the request's filters.
	RetrieverPopular = "popular"
	// RetrieverItem2Item is the neighbours of the request's most recent history items in the item index;
	// each candidate remembers the history item that found it ("because you viewed X").
	RetrieverItem2Item = "item2item"
)

// Fusion methods of a PipelineSpec.
const (
	// FusionRRF is reciprocal-rank fusion: score(i) = Σ_r weight_r / (RRFK + rank_r(i)), ranks from 1.
	FusionRRF = "rrf"
	// FusionWeighted is Σ_r weight_r · (score_r(i) − min_r)/(max_r − min_r): each retriever's scores
	// min-max normalised to [0, 1] (1 when they are all equal), 0 where a retriever did not find the item.
	FusionWeighted = "weighted"
)

// Pipeline defaults.
const (
	DefaultCandidates = 500 // candidates per retriever
	DefaultKeep       = 100 // candidates the rank stage keeps
	DefaultRRFK       = 60  // reciprocal-rank fusion constant
	DefaultPerItem    = 50  // item2item: neighbours per history item
	DefaultMaxHistory = 10  // item2item: most recent history items used
	// MaxCandidates bounds every count of a spec (candidates, keep, per item).
	MaxCandidates = 100000
)

// PipelineSpec configures the funnel a bundle runs: retrieval by one or more retrievers fused into one
// candidate list, ranking by the bundle's ranker (rank.* sections) keeping the best Keep, and reranking by
// the bundle's rules (modelpack.SectionRulesSpec). It is stored as JSON in modelpack.SectionPipelineSpec
// and every field can be overridden per request (Request.Pipeline). The zero value of every field means
// its default.
type PipelineSpec struct {
	// Format is 1.
	Format int `json:"format"`
	// Retrievers run in order and are fused; default one RetrieverEmbedding.
	Retrievers []RetrieverSpec `json:"retrievers,omitempty"`
	// Fusion is FusionRRF (default) or FusionWeighted.
	Fusion string `json:"fusion,omitempty"`
	// RRFK is reciprocal-rank fusion's constant; default DefaultRRFK (60).
	RRFK float64 `json:"rrf_k,omitempty"`
	// Rank configures the rank stage (run when the bundle holds a ranker).
	Rank RankStageSpec `json:"rank,omitzero"`
	// Rerank configures the rerank stage (run when the bundle holds rules).
	Rerank RerankStageSpec `json:"rerank,omitzero"`
}

// RetrieverSpec is one retriever of a pipeline.
type RetrieverSpec struct {
	// Kind is RetrieverEmbedding, RetrieverPopular or RetrieverItem2Item.
	Kind string `json:"kind"`
	// Candidates is how many candidates it returns at most; default DefaultCandidates (500).
	Candidates int `json:"candidates,omitempty"`
	// Weight scales its share of the fused score; default 1.
	Weight float64 `json:"weight,omitempty"`
	// PerItem (item2item) is how many neighbours each history item contributes; default DefaultPerItem.
	PerItem int `json:"per_item,omitempty"`
	// MaxHistory (item2item) is how many of the most recent history items it uses; default
	// DefaultMaxHistory.
	MaxHistory int `json:"max_history,omitempty"`
}

// RankStageSpec configures the rank stage.
type RankStageSpec struct {
	// Off skips ranking even when the bundle holds a ranker: the fused order goes to reranking.
	Off bool `json:"off,omitempty"`
	// Keep is how many of the ranked candidates go on to reranking; default DefaultKeep (100).
	Keep int `json:"keep,omitempty"`
	// Budget is the stage's latency budget (0: none). Out of budget, the ranker stops between chunks of
	// candidates and the unscored rest keeps its retrieval order below the scored ones.
	Budget Duration `json:"budget,omitzero"`
	// Blend, when positive, orders the scored candidates by a reciprocal-rank fusion of the ranker's order
	// and the retrieval (fused) order: 1/(RRFK + rank by the ranker) + Blend/(RRFK + rank after fusion),
	// which becomes the candidates' score. Default 0: the ranker's logit alone. Useful when the ranker was
	// trained for another objective than the retriever's (a click model over a "what next" retriever).
	Blend float64 `json:"blend,omitempty"`
}

// RerankStageSpec configures the rerank stage.
type RerankStageSpec struct {
	// Off skips reranking even when the bundle holds rules.
	Off bool `json:"off,omitempty"`
	// Budget is the stage's latency budget (0: none). Out of budget, the rules that must hold (blocklists,
	// filters, pins) still apply and the soft ones (boosts, constraints) are skipped.
	Budget Duration `json:"budget,omitzero"`
}

// Duration is a time.Duration read from and written to JSON as a Go duration string ("5ms"); a JSON number
// is read as milliseconds.
type Duration time.Duration

// Validate checks the spec; zero fields are valid (they mean their defaults).
func (s *PipelineSpec) Validate() error {
	bad := func(format string, a ...any) error { return pipelineSpecError(format, a) }
	if s.Format != 1 {
		return bad("format %d (want 1)", s.Format)
	}
	if len(s.Retrievers) > 16 {
		return bad("%d retrievers (at most 16)", len(s.Retrievers))
	}
	for k, r := range s.Retrievers {
		if err := r.validate(); err != nil {
			return bad("retriever %d: %v", k, err)
		}
	}
	if s.Fusion != "" && s.Fusion != FusionRRF && s.Fusion != FusionWeighted {
		return bad("fusion %q (want %q or %q)", s.Fusion, FusionRRF, FusionWeighted)
	}
	if !(s.RRFK >= 0 && s.RRFK <= 1e6) {
		return bad("rrf_k %v (want 0..1e6)", s.RRFK)
	}
	if !(s.Rank.Blend >= 0 && s.Rank.Blend <= 1e6) {
		return bad("rank blend %v (want 0..1e6)", s.Rank.Blend)
	}
	if s.Rank.Keep < 0 || s.Rank.Keep > MaxCandidates || s.Rank.Budget < 0 || s.Rerank.Budget < 0 {
		return bad("rank keep %d, budgets %v and %v: want keep in 0..%d and budgets ≥ 0", s.Rank.Keep,
			time.Duration(s.Rank.Budget), time.Duration(s.Rerank.Budget), MaxCandidates)
	}
	return nil
}

func (r RetrieverSpec) validate() error {
	switch r.Kind {
	case RetrieverEmbedding, RetrieverPopular, RetrieverItem2Item:
	default:
		return fmtlite.Errorf("kind %q (want %q, %q or %q)", r.Kind, RetrieverEmbedding, RetrieverPopular, RetrieverItem2Item)
	}
	if r.Candidates < 0 || r.Candidates > MaxCandidates || r.PerItem < 0 || r.PerItem > MaxCandidates ||
		r.MaxHistory < 0 || r.MaxHistory > 1000 {
		return fmtlite.Errorf("candidates %d, per_item %d, max_history %d out of range", r.Candidates, r.PerItem, r.MaxHistory)
	}
	if !(r.Weight >= 0 && r.Weight <= 1e6) {
		return fmtlite.Errorf("weight %v (want 0..1e6)", r.Weight)
	}
	return nil
}

// withDefaults returns a copy of s with every zero field set to its default.
func (s PipelineSpec) withDefaults() PipelineSpec {
	if len(s.Retrievers) == 0 {
		s.Retrievers = []RetrieverSpec{{Kind: RetrieverEmbedding}}
	}
	rs := make([]RetrieverSpec, len(s.Retrievers))
	for k, r := range s.Retrievers {
		if r.Candidates == 0 {
			r.Candidates = DefaultCandidates
		}
		if r.Weight == 0 {
			r.Weight = 1
		}
		if r.PerItem == 0 {
			r.PerItem = DefaultPerItem
		}
		if r.MaxHistory == 0 {
			r.MaxHistory = DefaultMaxHistory
		}
		rs[k] = r
	}
	s.Retrievers = rs
	if s.Fusion == "" {
		s.Fusion = FusionRRF
	}
	if s.RRFK == 0 {
		s.RRFK = DefaultRRFK
	}
	if s.Rank.Keep == 0 {
		s.Rank.Keep = DefaultKeep
	}
	return s
}

// pipelineSpecError is Validate's error (not inlined: cold, with several call sites).
//
//go:noinline
func pipelineSpecError(format string, a []any) error {
	return fmtlite.Errorf("pipeline spec: %s", fmtlite.Sprintf(format, a...))
}
