package rules

import (
	"context"
	"slices"

	"github.com/corerec/corerec/runtime"
)

// PinEntry pins one item to one position.
type PinEntry struct {
	// Item is the item's id.
	Item string `json:"item"`
	// Position is the 0-based position in the result (0 = top).
	Position int `json:"position"`
}

// PinConfig configures a Pin rule. The zero value pins nothing.
type PinConfig struct {
	// Name names the rule in traces; default "pin".
	Name string `json:"name,omitempty"`
	// Pins lists the pins. When two pins ask for one position, the one listed first gets it and the other
	// takes the next free position below; an item pinned twice keeps its first pin.
	Pins []PinEntry `json:"pins,omitempty"`
}

// Pin moves items to fixed positions. It only moves candidates: a pinned item that is not among the
// candidates (not retrieved, or removed by a blocklist or filter) is not inserted, since a reranker never
// invents items; to guarantee a pinned item's presence, make it a candidate (for example through the
// request's allow list). A position at or beyond the number of candidates puts the item last. The other
// candidates keep their order around the pinned ones. In a Chain pins are applied after every boost and
// constraint, so nothing but a blocklist or filter overrides them. It is safe for concurrent use.
type Pin struct {
	name string
	pins []PinEntry // sorted by position, then config order
}

// NewPin returns the pin rule for cfg; it fails on a negative position.
func NewPin(cfg PinConfig) (*Pin, error) {
	pins := slices.Clone(cfg.Pins)
	for _, p := range pins {
		if p.Position < 0 {
			return nil, configError("pin", "item %q: position %d is negative", p.Item, p.Position)
		}
	}
	slices.SortStableFunc(pins, func(a, b PinEntry) int { return a.Position - b.Position })
	return &Pin{name: ruleName(cfg.Name, "pin"), pins: pins}, nil
}

// Name returns the rule's name.
func (p *Pin) Name() string { return p.name }

// Stage returns StagePin.
func (p *Pin) Stage() Stage { return StagePin }
func (p *Pin) sealed()      {}

// Rerank moves the pinned candidates to their positions. It does not modify cands.
func (p *Pin) Rerank(ctx context.Context, in *runtime.RerankInput, cands []runtime.Candidate) ([]runtime.Candidate, error) {
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	cat := input(in).Catalog
	if len(p.pins) == 0 || cat == nil || len(cands) == 0 {
		return cands, nil
	}
	at := make(map[int32]int, len(p.pins)) // candidate index → its position in cands
	for k, c := range cands {
		if _, dup := at[c.Index]; !dup {
			at[c.Index] = k
		}
	}
	n := len(cands)
	slot := make([]int, n) // slot[pos] = 1 + position in cands of the item pinned there, 0 = free
	pinned := make([]bool, n)
	for _, e := range p.pins {
		i, ok := cat.ItemIndex(e.Item)
		k, isCand := at[i]
		if !ok || !isCand || pinned[k] {
			continue
		}
		pos := min(e.Position, n-1)
		for pos < n && slot[pos] != 0 {
			pos++
		}
		if pos == n { // every slot below is taken: the last free one above
			for pos = n - 1; slot[pos] != 0; pos-- {
			}
		}
		slot[pos], pinned[k] = k+1, true
	}
	return place(cands, slot, pinned), nil
}

// place fills the free slots with the unpinned candidates in order.
func place(cands []runtime.Candidate, slot []int, pinned []bool) []runtime.Candidate {
	out := make([]runtime.Candidate, len(cands))
	next := 0
	for pos := range out {
		if slot[pos] != 0 {
			out[pos] = cands[slot[pos]-1]
			continue
		}
		for pinned[next] {
			next++
		}
		out[pos] = cands[next]
		next++
	}
	return out
}
