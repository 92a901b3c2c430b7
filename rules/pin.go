package rules

import (
	"context"
	"slices"

	"github.com/corerec/corerec/modelpack"
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
// request's allow list). A position at or beyond the number of candidates puts the item last (so in a
// Chain, a pin at or beyond K keeps the item out of a result cut to K). The other
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
	sortPins(pins)
	return &Pin{name: ruleName(cfg.Name, "pin"), pins: pins}, nil
}

// sortPins sorts pins by position, stably. It sorts their indices as runtime.Candidate values (Index =
// the position in pins) with the stable sort the runtime links for candidates anyway: a sort of PinEntry
// values would add its own generic instantiation to the browser build (about 3 KB gzip), and one of []int
// 6 KB of code (0.4 KB gzip with the runtime's index sorts, which sort Candidates too since session 10).
func sortPins(pins []PinEntry) {
	order := make([]runtime.Candidate, len(pins))
	for i := range order {
		order[i].Index = int32(i)
	}
	slices.SortStableFunc(order, func(a, b runtime.Candidate) int { return pins[a.Index].Position - pins[b.Index].Position })
	sorted := make([]PinEntry, len(pins))
	for i, o := range order {
		sorted[i] = pins[o.Index]
	}
	copy(pins, sorted)
}

// Name returns the rule's name.
func (p *Pin) Name() string { return p.name }

// Stage returns StagePin.
func (p *Pin) Stage() Stage { return StagePin }
func (p *Pin) sealed()      {}

// Rerank moves the pinned candidates to their positions. It may reuse cands.
func (p *Pin) Rerank(ctx context.Context, in *runtime.RerankInput, cands []runtime.Candidate) ([]runtime.Candidate, error) {
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	pins, rest := p.split(input(in).Catalog, cands)
	return place(pins, rest), nil
}

// pinned is a candidate set aside by split, with its pinned position and its position before.
type pinned struct {
	c         runtime.Candidate
	pos, from int
}

// split takes the pinned candidates out of cands, in the order they claim positions, and returns them
// with the other candidates (filtered in place, in order).
func (p *Pin) split(cat *modelpack.Catalog, cands []runtime.Candidate) ([]pinned, []runtime.Candidate) {
	if len(p.pins) == 0 || cat == nil || len(cands) == 0 {
		return nil, cands
	}
	want := make(map[int32]int, len(p.pins)) // pinned item → its first entry in p.pins
	for e := len(p.pins) - 1; e >= 0; e-- {
		if i, ok := cat.ItemIndex(p.pins[e].Item); ok {
			want[i] = e
		}
	}
	from := make([]int, len(p.pins)) // position in cands of each entry's item, -1 if not a candidate
	for e := range from {
		from[e] = -1
	}
	rest := cands[:0]
	var set []runtime.Candidate // the pinned candidates, by position in cands
	for k, c := range cands {
		if e, ok := want[c.Index]; ok && from[e] < 0 {
			from[e] = k
			set = append(set, c)
			continue
		}
		rest = append(rest, c)
	}
	if len(set) == 0 {
		return nil, rest
	}
	pins := make([]pinned, 0, len(set))
	for e, k := range from {
		if k >= 0 {
			pins = append(pins, pinned{c: set[pinnedRank(from, k)], pos: p.pins[e].Position, from: k})
		}
	}
	return pins, rest
}

// pinnedRank returns how many pinned candidates come before position k in cands: the index of the
// candidate at k in split's set.
func pinnedRank(from []int, k int) int {
	r := 0
	for _, f := range from {
		if f >= 0 && f < k {
			r++
		}
	}
	return r
}

// place returns rest with the pins inserted at their positions: a position beyond the end becomes the
// last free one, and a taken position the next free one below (or, at the end, the last free one above).
func place(pins []pinned, rest []runtime.Candidate) []runtime.Candidate {
	if len(pins) == 0 {
		return rest
	}
	n := len(rest) + len(pins)
	slot := make([]int, n) // slot[pos] = 1 + the pin placed there, 0 = free
	for k, e := range pins {
		pos := min(e.pos, n-1)
		for pos < n && slot[pos] != 0 {
			pos++
		}
		if pos == n {
			for pos = n - 1; slot[pos] != 0; pos-- {
			}
		}
		slot[pos] = k + 1
	}
	out := make([]runtime.Candidate, n)
	next := 0
	for pos := range out {
		if slot[pos] != 0 {
			out[pos] = pins[slot[pos]-1].c
			continue
		}
		out[pos] = rest[next]
		next++
	}
	return out
}
