package runtime

import (
	"time"

	"github.com/corerec/corerec/internal/fmtlite"
)

// PipelineOverride changes the bundle's pipeline for one request. Zero fields keep the bundle's value.
type PipelineOverride struct {
	// Retrievers, when not empty, replace the bundle's retrievers.
	Retrievers []RetrieverSpec `json:"retrievers,omitempty"`
	// Candidates, when positive, sets every retriever's candidate count.
	Candidates int `json:"candidates,omitempty"`
	// Fusion, when set, replaces the fusion method (FusionRRF or FusionWeighted).
	Fusion string `json:"fusion,omitempty"`
	// Keep, when positive, replaces the rank stage's Keep.
	Keep int `json:"keep,omitempty"`
	// Blend, when positive, replaces the rank stage's Blend (RankStageSpec.Blend).
	Blend float64 `json:"blend,omitempty"`
	// NoRank and NoRerank skip the rank and rerank stages.
	NoRank   bool `json:"no_rank,omitempty"`
	NoRerank bool `json:"no_rerank,omitempty"`
	// RankBudget and RerankBudget, when positive, replace the stages' latency budgets.
	RankBudget   time.Duration `json:"rank_budget,omitempty"`
	RerankBudget time.Duration `json:"rerank_budget,omitempty"`
	// Rules switches rules on (true) or off (false) by name for this request; rules not named keep their
	// bundle default.
	Rules map[string]bool `json:"rules,omitempty"`
}

// apply returns spec with the override applied (spec has its defaults filled in).
func (o *PipelineOverride) apply(s PipelineSpec) (PipelineSpec, error) {
	if o == nil {
		return s, nil
	}
	if len(o.Retrievers) > 0 {
		s.Retrievers = o.Retrievers
	}
	if o.Fusion != "" {
		s.Fusion = o.Fusion
	}
	if o.Keep > 0 {
		s.Rank.Keep = o.Keep
	}
	if o.Blend > 0 {
		s.Rank.Blend = o.Blend
	}
	s.Rank.Off = s.Rank.Off || o.NoRank
	s.Rerank.Off = s.Rerank.Off || o.NoRerank
	if o.RankBudget > 0 {
		s.Rank.Budget = Duration(o.RankBudget)
	}
	if o.RerankBudget > 0 {
		s.Rerank.Budget = Duration(o.RerankBudget)
	}
	if o.Candidates < 0 || o.Keep < 0 {
		return s, fmtlite.Errorf("%w: pipeline: candidates %d, keep %d", ErrBadRequest, o.Candidates, o.Keep)
	}
	if err := s.Validate(); err != nil {
		return s, fmtlite.Errorf("%w: %w", ErrBadRequest, err)
	}
	s = s.withDefaults()
	if o.Candidates > 0 {
		for k := range s.Retrievers {
			s.Retrievers[k].Candidates = o.Candidates
		}
	}
	return s, nil
}

// UserAttributes are a user's ranking features for one request (see RankUser).
type UserAttributes struct {
	// Cat holds categorical (one value) and multi-hot fields by field name.
	Cat map[string][]string `json:"cat,omitempty"`
	// Dense holds dense fields (raw values, before the spec's shift and scale) by field name.
	Dense map[string]float32 `json:"dense,omitempty"`
}

// ItemFilter keeps only the items whose catalog attributes satisfy every predicate. The zero value keeps
// every item. Predicates on the creation time drop items whose creation time is unknown.
type ItemFilter struct {
	// CategoryIn, when not empty, keeps only items whose category is one of these.
	CategoryIn []string `json:"category_in,omitempty"`
	// CategoryNotIn drops items whose category is one of these.
	CategoryNotIn []string `json:"category_not_in,omitempty"`
	// WithTags keeps only items that carry every one of these tags.
	WithTags []string `json:"with_tags,omitempty"`
	// WithoutTags drops items that carry any of these tags.
	WithoutTags []string `json:"without_tags,omitempty"`
	// CreatedAfter, when not zero, keeps only items created at or after this instant.
	CreatedAfter time.Time `json:"created_after,omitzero"`
	// CreatedBefore, when not zero, keeps only items created before this instant.
	CreatedBefore time.Time `json:"created_before,omitzero"`
}

// Trace explains a pipeline's answer (Request.Explain).
type Trace struct {
	// Items explain the returned items, in the result's order.
	Items []ItemTrace `json:"items"`
	// Removed lists the rules' removals of candidates (the cut to K is not listed).
	Removed []RuleMove `json:"removed,omitempty"`
}

// ItemTrace explains one returned item.
type ItemTrace struct {
	// ID is the item's original id.
	ID string `json:"id"`
	// Sources are the retrievers that found it.
	Sources []Source `json:"sources"`
	// Fused is its 0-based position after fusion.
	Fused int `json:"fused"`
	// Ranked is its 0-based position after the rank stage, or −1 when no ranker ran.
	Ranked int `json:"ranked"`
	// Scored reports whether the ranker scored it (false when the rank budget ran out before it).
	Scored bool `json:"scored"`
	// Final is its position in the result.
	Final int `json:"final"`
	// Moves are the rules that moved it, in order.
	Moves []RuleMove `json:"moves,omitempty"`
}

// Source is one retriever's finding of an item.
type Source struct {
	// Retriever is the retriever's kind.
	Retriever string `json:"retriever"`
	// Rank is the item's 0-based position in that retriever's list.
	Rank int `json:"rank"`
	// Score is the retriever's score of the item.
	Score float32 `json:"score"`
	// Via is, for item2item, the history item whose neighbour it is.
	Via string `json:"via,omitempty"`
}

// RemovedPos is RuleMove.To for an item a rule removed.
const RemovedPos = -1

// RuleMove is one rule's effect on one item: a move between 0-based positions, or a removal.
type RuleMove struct {
	// Item is the item's original id.
	Item string `json:"item"`
	// Index is the item's dense index.
	Index int32 `json:"index"`
	// Rule is the rule's name.
	Rule string `json:"rule"`
	// From is the item's position before the rule.
	From int `json:"from"`
	// To is its position after the rule, or RemovedPos.
	To int `json:"to"`
}
