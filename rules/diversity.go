package rules

import (
	"context"

	"github.com/corerec/corerec/runtime"
)

// DiversityConfig configures a Diversity rule: at most MaxPerGroup items of any group in the top Window
// positions. The zero value changes nothing (no cap).
type DiversityConfig struct {
	// Name names the rule in traces; default "diversity".
	Name string `json:"name,omitempty"`
	// By says what a group is; default by category. Grouped by tag, an item with several matching tags
	// counts toward each of them. Items in no group are never capped.
	By GroupBy `json:"by,omitzero"`
	// MaxPerGroup is the cap; 0 (the default) disables the rule.
	MaxPerGroup int `json:"max_per_group,omitempty"`
	// Window is how many top positions the cap applies to; 0 means the request's K (and every candidate
	// when K is 0 too).
	Window int `json:"window,omitempty"`
	// Drop removes the items that would exceed the cap instead of pushing them below the window; the result
	// may then hold fewer than Window items.
	Drop bool `json:"drop,omitempty"`
}

// Diversity caps how many items of one group reach the top positions. It walks the candidates in order and
// takes each one whose groups are all below the cap, until the window is full; the items it skips keep
// their relative order and follow the window, merged with the rest by their original position (or are
// removed, with Drop). When too few items fit, the window ends early and the skipped items fill it, so the
// cap holds whenever the candidates allow it. It is safe for concurrent use.
type Diversity struct {
	cfg  DiversityConfig
	name string
}

// NewDiversity returns the diversity rule for cfg; it fails on a negative cap or window, or an unknown
// group attribute.
func NewDiversity(cfg DiversityConfig) (*Diversity, error) {
	if cfg.MaxPerGroup < 0 || cfg.Window < 0 {
		return nil, configError("diversity", "max_per_group %d, window %d: want ≥ 0", cfg.MaxPerGroup, cfg.Window)
	}
	if err := cfg.By.validate("diversity"); err != nil {
		return nil, err
	}
	return &Diversity{cfg: cfg, name: ruleName(cfg.Name, "diversity")}, nil
}

// Name returns the rule's name.
func (d *Diversity) Name() string { return d.name }

// Stage returns StageConstraint.
func (d *Diversity) Stage() Stage { return StageConstraint }
func (d *Diversity) sealed()      {}

// Rerank returns the candidates reordered so that the cap holds in the window. It does not modify cands.
func (d *Diversity) Rerank(ctx context.Context, in *runtime.RerankInput, cands []runtime.Candidate) ([]runtime.Candidate, error) {
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	in = input(in)
	if d.cfg.MaxPerGroup == 0 || len(cands) == 0 {
		return cands, nil
	}
	w := window(d.cfg.Window, in.K, len(cands))
	g := groupsOf(d.cfg.By, in.Catalog, cands, false)
	count := make([]int, len(g.names))
	taken := make([]bool, len(cands))
	out := make([]runtime.Candidate, 0, len(cands))
	k := 0
	for ; k < len(cands) && len(out) < w; k++ {
		if d.fits(g.of(k), count) {
			for _, id := range g.of(k) {
				count[id]++
			}
			out = append(out, cands[k])
			taken[k] = true
		}
	}
	stop := k // candidates from stop on were never examined: they follow in order
	for k, c := range cands {
		if !taken[k] && (!d.cfg.Drop || k >= stop) {
			out = append(out, c)
		}
	}
	return out, nil
}

// fits reports whether an item in the given groups can be taken without exceeding the cap.
func (d *Diversity) fits(ids []int32, count []int) bool {
	for _, id := range ids {
		if count[id] >= d.cfg.MaxPerGroup {
			return false
		}
	}
	return true
}
