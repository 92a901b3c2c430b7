package rules

import (
	"context"
	"math"
	"time"

	"github.com/corerec/corerec/runtime"
)

// DefaultHalfLife is the Freshness half-life when the config leaves it zero.
const DefaultHalfLife = 7 * 24 * time.Hour

// FreshnessConfig configures a Freshness rule. The zero value changes nothing (Weight 0).
//
// An item of age a gets the boost b = Weight·2^(−a/HalfLife): Weight for a brand-new item, half of it at
// one half-life, a quarter at two. In the default additive mode score' = score + b; in multiplicative mode
// score' = score·(1 + b), which keeps the scores' scale but lowers negative scores (use additive mode when
// scores can be negative).
type FreshnessConfig struct {
	// Name names the rule in traces; default "freshness".
	Name string `json:"name,omitempty"`
	// Weight is the boost of an item created at the request's Now; 0 (the default) disables the rule.
	Weight float64 `json:"weight,omitempty"`
	// HalfLife is the age at which the boost halves; default DefaultHalfLife (7 days).
	HalfLife Duration `json:"half_life,omitzero"`
	// Multiplicative selects score·(1 + b) instead of score + b.
	Multiplicative bool `json:"multiplicative,omitempty"`
}

// Freshness boosts recent items by a weight that halves every half-life. The age is the request's Now
// minus the item's creation time in the catalog; a request without Now leaves every score unchanged (the
// rule never reads the wall clock, so results are reproducible), and so does an item with an unknown
// creation time. An item created after Now has age 0. It is safe for concurrent use.
type Freshness struct {
	name   string
	weight float64
	half   float64 // seconds
	mul    bool
}

// NewFreshness returns the freshness rule for cfg; it fails if HalfLife is negative or Weight is not
// finite.
func NewFreshness(cfg FreshnessConfig) (*Freshness, error) {
	if cfg.HalfLife < 0 || !finite(cfg.Weight) {
		return nil, configError("freshness", "half_life %v, weight %v: want half_life ≥ 0, finite weight", cfg.HalfLife, cfg.Weight)
	}
	half := time.Duration(cfg.HalfLife)
	if half == 0 {
		half = DefaultHalfLife
	}
	return &Freshness{name: ruleName(cfg.Name, "freshness"), weight: cfg.Weight, half: half.Seconds(),
		mul: cfg.Multiplicative}, nil
}

// Name returns the rule's name.
func (f *Freshness) Name() string { return f.name }

// Stage returns StageBoost.
func (f *Freshness) Stage() Stage { return StageBoost }
func (f *Freshness) sealed()      {}

// Rerank re-scores every candidate with a known creation time and sorts all by score (stable). It works
// in place.
func (f *Freshness) Rerank(ctx context.Context, in *runtime.RerankInput, cands []runtime.Candidate) ([]runtime.Candidate, error) {
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	in = input(in)
	if f.weight == 0 || in.Now.IsZero() || in.Catalog == nil {
		return cands, nil
	}
	now := float64(in.Now.Unix()) + float64(in.Now.Nanosecond())/1e9
	changed := false
	for k, c := range cands {
		ts := in.Catalog.ItemCreatedAt(c.Index)
		if ts == 0 {
			continue
		}
		b := f.Boost(max(0, now-float64(ts)))
		if f.mul {
			cands[k].Score = float32(float64(c.Score) * (1 + b))
		} else {
			cands[k].Score = float32(float64(c.Score) + b)
		}
		changed = true
	}
	if changed {
		sortByScore(cands)
	}
	return cands, nil
}

// Boost returns the boost of an item ageSeconds old: Weight·2^(−age/HalfLife).
func (f *Freshness) Boost(ageSeconds float64) float64 {
	return f.weight * math.Exp2(-ageSeconds/f.half)
}
