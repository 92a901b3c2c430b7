package rules

import (
	"context"
	"math"

	"github.com/corerec/corerec/runtime"
)

// BoostConfig configures a Boost: the items it selects get score' = score·Multiply + Add, then all
// candidates are re-sorted by score. The zero value changes nothing.
type BoostConfig struct {
	// Name names the rule in traces; default "boost".
	Name string `json:"name,omitempty"`
	// Match selects the boosted items: by id, by category, or by tag.
	Match Match `json:"match"`
	// Multiply scales the score of a selected item; 0 means 1 (no scaling). A factor above 1 lowers a
	// negative score: use Add when scores can be negative.
	Multiply float64 `json:"multiply,omitempty"`
	// Add is added to the score of a selected item (after Multiply); negative values demote.
	Add float64 `json:"add,omitempty"`
}

// Boost raises (or lowers) the scores of selected items. It has the lowest precedence in a Chain: it only
// changes scores, which constraints and pins then override. It is safe for concurrent use.
type Boost struct {
	name     string
	m        *matcher
	mul, add float64
}

// NewBoost returns the boost rule for cfg; it fails if Multiply is negative or a number is not finite.
func NewBoost(cfg BoostConfig) (*Boost, error) {
	if cfg.Multiply < 0 || !finite(cfg.Multiply) || !finite(cfg.Add) {
		return nil, configError("boost", "multiply %v, add %v: want finite numbers, multiply ≥ 0", cfg.Multiply, cfg.Add)
	}
	mul := cfg.Multiply
	if mul == 0 {
		mul = 1
	}
	return &Boost{name: ruleName(cfg.Name, "boost"), m: newMatcher(cfg.Match), mul: mul, add: cfg.Add}, nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// Name returns the rule's name.
func (b *Boost) Name() string { return b.name }

// Stage returns StageBoost.
func (b *Boost) Stage() Stage { return StageBoost }
func (b *Boost) sealed()      {}

// Rerank re-scores the selected candidates and sorts all by score (stable: equal scores keep their
// order). It works in place.
func (b *Boost) Rerank(ctx context.Context, in *runtime.RerankInput, cands []runtime.Candidate) ([]runtime.Candidate, error) {
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	cat := input(in).Catalog
	ids := b.m.bind(cat)
	changed := false
	for k, c := range cands {
		if b.m.match(cat, ids, c.Index) {
			cands[k].Score = float32(float64(c.Score)*b.mul + b.add)
			changed = true
		}
	}
	if changed {
		sortByScore(cands)
	}
	return cands, nil
}
