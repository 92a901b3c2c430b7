package rules

import (
	"context"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/runtime"
)

// Removed is Move.To for an item a rule removed.
const Removed = -1

// Move is one rule's effect on one item: it moved the item from one position to another, or removed it.
type Move struct {
	// Item is the item's index in the catalog.
	Item int32 `json:"item"`
	// Rule is the rule's name.
	Rule string `json:"rule"`
	// From is the item's 0-based position before the rule.
	From int `json:"from"`
	// To is the item's position after the rule, or Removed.
	To int `json:"to"`
}

// String formats the move as "item 7: freshness 3 → 0" or "item 7: blocklist 3 → removed".
func (m Move) String() string {
	if m.To == Removed {
		return fmtlite.Sprintf("item %d: %s %d → removed", m.Item, m.Rule, m.From)
	}
	return fmtlite.Sprintf("item %d: %s %d → %d", m.Item, m.Rule, m.From, m.To)
}

// Trace records, for one request, which rule moved or removed each item, in the order the rules ran. An
// item counts as moved when its position among the items the rule kept changed, so the items that merely
// close the gap left by a removed item are not listed; the items a pinned or promoted item displaces are.
// In a Chain the pinned items are set aside while the constraints run, so the positions a constraint
// reports are among the unpinned items; the pin step reports each pinned item from its position when it
// was set aside. The final cut to K is not recorded. A Trace belongs to one request: it is not safe for
// concurrent use.
type Trace struct {
	Moves []Move `json:"moves"`
}

type traceKey struct{}

// WithTrace returns a context that makes Chain.Rerank record into tr.
func WithTrace(ctx context.Context, tr *Trace) context.Context {
	return context.WithValue(ctx, traceKey{}, tr)
}

// traceFrom returns the trace carried by ctx, or nil.
func traceFrom(ctx context.Context) *Trace {
	if ctx == nil {
		return nil
	}
	tr, _ := ctx.Value(traceKey{}).(*Trace)
	return tr
}

// record appends the moves between before and after (a subsequence of before, reordered).
func (t *Trace) record(rule string, before, after []runtime.Candidate) {
	to := make(map[int32]int, len(after))
	for k, c := range after {
		to[c.Index] = k
	}
	rank := 0
	for k, c := range before {
		p, ok := to[c.Index]
		switch {
		case !ok:
			t.Moves = append(t.Moves, Move{Item: c.Index, Rule: rule, From: k, To: Removed})
			continue
		case p != rank:
			t.Moves = append(t.Moves, Move{Item: c.Index, Rule: rule, From: k, To: p})
		}
		rank++
	}
}

// Of returns the moves of one item, in order.
func (t *Trace) Of(item int32) []Move {
	var out []Move
	for _, m := range t.Moves {
		if m.Item == item {
			out = append(out, m)
		}
	}
	return out
}

// recordPins records the pin stage: each pinned item from its position when it was set aside (before the
// constraints) to its final one, and the other items as displaced from their positions in rest.
func (t *Trace) recordPins(rule string, pins []pinned, rest, out []runtime.Candidate) {
	at := make(map[int32]int, len(pins))
	for k, c := range out {
		at[c.Index] = k
	}
	for _, p := range pins {
		if to := at[p.c.Index]; to != p.from {
			t.Moves = append(t.Moves, Move{Item: p.c.Index, Rule: rule, From: p.from, To: to})
		}
	}
	for k, c := range rest {
		if to := at[c.Index]; to != k {
			t.Moves = append(t.Moves, Move{Item: c.Index, Rule: rule, From: k, To: to})
		}
	}
}
