package rules

import (
	"context"
	"time"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

// BlocklistConfig configures a Blocklist. The zero value blocks nothing.
type BlocklistConfig struct {
	// Name names the rule in traces; default "blocklist".
	Name string `json:"name,omitempty"`
	// Block selects the items to remove: by id, by category, or by tag.
	Block Match `json:"block"`
}

// Blocklist removes the items its config selects. In a Chain it has the highest precedence: no later
// rule can bring a blocked item back. It is safe for concurrent use.
type Blocklist struct {
	name string
	m    *matcher
}

// NewBlocklist returns the blocklist rule for cfg.
func NewBlocklist(cfg BlocklistConfig) *Blocklist {
	return &Blocklist{name: ruleName(cfg.Name, "blocklist"), m: newMatcher(cfg.Block)}
}

// Name returns the rule's name.
func (b *Blocklist) Name() string { return b.name }

// Stage returns StageFilter.
func (b *Blocklist) Stage() Stage { return StageFilter }
func (b *Blocklist) sealed()      {}

// Rerank removes blocked candidates, keeping the order of the rest. It filters cands in place.
func (b *Blocklist) Rerank(ctx context.Context, in *runtime.RerankInput, cands []runtime.Candidate) ([]runtime.Candidate, error) {
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	cat := input(in).Catalog
	ids := b.m.bind(cat)
	return keep(cands, func(i int32) bool { return !b.m.match(cat, ids, i) }), nil
}

// keep filters cands in place, keeping those for which ok holds.
func keep(cands []runtime.Candidate, ok func(int32) bool) []runtime.Candidate {
	out := cands[:0]
	for _, c := range cands {
		if ok(c.Index) {
			out = append(out, c)
		}
	}
	return out
}

// FilterConfig configures a Filter: predicates on item attributes that every kept item must satisfy. The
// zero value keeps every item. Predicates on the creation time drop items whose creation time is unknown,
// unless KeepUnknownAge is set.
type FilterConfig struct {
	// Name names the rule in traces; default "filter".
	Name string `json:"name,omitempty"`
	// CategoryIn, if not empty, keeps only items whose category is one of these.
	CategoryIn []string `json:"category_in,omitempty"`
	// CategoryNotIn drops items whose category is one of these.
	CategoryNotIn []string `json:"category_not_in,omitempty"`
	// CreatedAfter, if not zero, keeps only items created at or after this instant.
	CreatedAfter time.Time `json:"created_after,omitzero"`
	// CreatedBefore, if not zero, keeps only items created before this instant.
	CreatedBefore time.Time `json:"created_before,omitzero"`
	// MaxAge, if positive, keeps only items at most this old at the request's Now; it is ignored when the
	// request has no Now.
	MaxAge Duration `json:"max_age,omitzero"`
	// KeepUnknownAge keeps items whose creation time is unknown (0 in the catalog) even when a creation-time
	// predicate is set; by default they are dropped, since they cannot be shown to satisfy it.
	KeepUnknownAge bool `json:"keep_unknown_age,omitempty"`
	// WithTags keeps only items that carry every one of these tags.
	WithTags []string `json:"with_tags,omitempty"`
	// WithoutTags drops items that carry any of these tags.
	WithoutTags []string `json:"without_tags,omitempty"`
}

// Filter removes the items that fail any of its predicates. In a Chain it has the precedence of a
// blocklist. It is safe for concurrent use.
type Filter struct {
	cfg           FilterConfig
	name          string
	in, notIn     strSet
	with, without strSet
}

// NewFilter returns the filter rule for cfg; it fails if MaxAge is negative.
func NewFilter(cfg FilterConfig) (*Filter, error) {
	if cfg.MaxAge < 0 {
		return nil, configError("filter", "max_age %v is negative", cfg.MaxAge)
	}
	return &Filter{cfg: cfg, name: ruleName(cfg.Name, "filter"), in: newStrSet(cfg.CategoryIn),
		notIn: newStrSet(cfg.CategoryNotIn), with: newStrSet(cfg.WithTags), without: newStrSet(cfg.WithoutTags)}, nil
}

// Name returns the rule's name.
func (f *Filter) Name() string { return f.name }

// Stage returns StageFilter.
func (f *Filter) Stage() Stage { return StageFilter }
func (f *Filter) sealed()      {}

// Rerank removes the candidates that fail a predicate, keeping the order of the rest. It filters cands in
// place. Without a catalog every item has no category, no tags and an unknown creation time.
func (f *Filter) Rerank(ctx context.Context, in *runtime.RerankInput, cands []runtime.Candidate) ([]runtime.Candidate, error) {
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	in = input(in)
	var minAge time.Time // items created before minAge are too old
	if f.cfg.MaxAge > 0 && !in.Now.IsZero() {
		minAge = in.Now.Add(-time.Duration(f.cfg.MaxAge))
	}
	cat := in.Catalog
	if cat == nil {
		cat = &modelpack.Catalog{}
	}
	return keep(cands, func(i int32) bool { return f.ok(cat, i, minAge) }), nil
}

// ok reports whether item i passes every predicate.
func (f *Filter) ok(cat *modelpack.Catalog, i int32, minAge time.Time) bool {
	if !f.in.empty() || !f.notIn.empty() {
		c := cat.ItemCategory(i)
		if (!f.in.empty() && !f.in.has(c)) || f.notIn.has(c) {
			return false
		}
	}
	if !f.timeOK(cat.ItemCreatedAt(i), minAge) {
		return false
	}
	if !f.with.empty() || !f.without.empty() {
		tags := cat.ItemTags(i)
		if f.without.hasAny(tags) || !hasAll(tags, f.cfg.WithTags) {
			return false
		}
	}
	return true
}

// timeOK checks the creation-time predicates for an item created at unix second ts (0 = unknown).
func (f *Filter) timeOK(ts int64, minAge time.Time) bool {
	after, before := f.cfg.CreatedAfter, f.cfg.CreatedBefore
	if after.IsZero() && before.IsZero() && minAge.IsZero() {
		return true
	}
	if ts == 0 {
		return f.cfg.KeepUnknownAge
	}
	t := time.Unix(ts, 0)
	return (after.IsZero() || !t.Before(after)) && (before.IsZero() || t.Before(before)) &&
		(minAge.IsZero() || !t.Before(minAge))
}

// hasAll reports whether tags holds every one of want.
func hasAll(tags, want []string) bool {
	for _, w := range want {
		found := false
		for _, t := range tags {
			if t == w {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
