package rules

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/runtime"
)

// Chain applies rules in a fixed order of stages that makes their precedence structural (blocklist and
// filters > pins > constraints > boosts):
//
//  1. drop duplicate candidates (the first occurrence stays);
//  2. filters (Blocklist, Filter), in the order given;
//  3. boosts (Boost, Freshness), in the order given, each re-sorting by score;
//  4. the pinned candidates are set aside (all Pin rules merged into one; on a conflict the pin listed
//     first wins);
//  5. constraints (Diversity, MMR, Fairness, Custom), in the order given, on the other candidates;
//  6. filters again when a Custom rule (or a nested Chain) ran, so it cannot bring back a blocked item
//     (the built-in rules only reorder or remove, so they cannot either);
//  7. the pinned candidates are placed at their positions;
//  8. the cut to the request's K (when K > 0).
//
// Every stage only reorders or removes, so nothing can resurrect a removed item, and since constraints
// never see the pinned items, none can move or drop one. Pinned items do not count toward the
// constraints (a pinned item of category A does not use up A's diversity cap).
//
// A Chain is itself a Rule (a constraint), so chains nest: a nested chain runs its own stages but leaves
// the cut to K to the outermost chain, and records its rules' moves under their own names. A Chain is
// immutable and safe for concurrent use.
//
// A request switches rules on or off by name (runtime.RerankInput.Rules; rules a chain spec marks "off"
// are off unless a request turns them on). When the request's rerank budget is spent
// (RerankInput.OverBudget), the chain skips the boosts and constraints it has not run yet and reports them
// (RerankInput.Skipped); filters and pins always apply.
type Chain struct {
	filters, boosts, constraints []Rule
	refilter                     bool            // a Custom rule or nested Chain runs: filter again after the constraints
	pin                          *Pin            // the merged pins, nil if none
	pins                         []*Pin          // the pins before merging, to switch them per request
	off                          map[string]bool // rules off unless a request turns them on (ParseChain)
}

// NewChain returns a chain of the given rules. It panics on a nil rule (a programming error).
func NewChain(rules ...Rule) *Chain {
	c := &Chain{}
	var pins []*Pin
	for k, r := range rules {
		if r == nil {
			panic(fmtlite.Sprintf("rules: NewChain: rule %d is nil", k))
		}
		switch r.Stage() {
		case StageFilter:
			c.filters = append(c.filters, r)
		case StageBoost:
			c.boosts = append(c.boosts, r)
		case StagePin:
			pins = append(pins, r.(*Pin))
		default:
			c.constraints = append(c.constraints, r)
			switch r.(type) {
			case *custom, *Chain:
				c.refilter = true
			}
		}
	}
	c.pin, c.pins = mergePins(pins), pins
	return c
}

// enabled reports whether the rule named name runs for the request.
func (c *Chain) enabled(in *runtime.RerankInput, name string) bool {
	if v, ok := in.Rules[name]; ok {
		return v
	}
	return !c.off[name]
}

// pinFor returns the merged pins enabled for the request (nil if none).
func (c *Chain) pinFor(in *runtime.RerankInput) *Pin {
	if len(in.Rules) == 0 && len(c.off) == 0 {
		return c.pin
	}
	var on []*Pin
	for _, p := range c.pins {
		if c.enabled(in, p.name) {
			on = append(on, p)
		}
	}
	if len(on) == len(c.pins) {
		return c.pin
	}
	return mergePins(on)
}

// mergePins merges pin rules into one, keeping their order for conflicts; nil if there are none.
func mergePins(pins []*Pin) *Pin {
	if len(pins) == 0 {
		return nil
	}
	names := make([]string, 0, len(pins))
	var entries []PinEntry
	for _, p := range pins {
		names = append(names, p.name)
		entries = append(entries, p.pins...)
	}
	sortPins(entries)
	return &Pin{name: strings.Join(names, "+"), pins: entries}
}

// Name returns "chain".
func (c *Chain) Name() string { return "chain" }

// Stage returns StageConstraint.
func (c *Chain) Stage() Stage { return StageConstraint }
func (c *Chain) sealed()      {}

// Rerank runs the rules on cands and returns at most K candidates. It may reuse cands. If ctx carries a
// Trace (WithTrace), the moves are recorded into it.
// When the context carries no Trace and in.Moved is set, the moves are told to in.Moved.
func (c *Chain) Rerank(ctx context.Context, in *runtime.RerankInput, cands []runtime.Candidate) ([]runtime.Candidate, error) {
	tr := traceFrom(ctx)
	var local *Trace
	if tr == nil && in != nil && in.Moved != nil {
		local = &Trace{}
		tr = local
	}
	out, err := c.RerankTrace(ctx, in, cands, tr)
	if local != nil && err == nil {
		for _, m := range local.Moves {
			in.Moved(runtime.RuleMove{Index: m.Item, Rule: m.Rule, From: m.From, To: m.To})
		}
	}
	return out, err
}

// RerankTrace is Rerank that records into tr (if not nil) which rule moved or removed each item.
func (c *Chain) RerankTrace(ctx context.Context, in *runtime.RerankInput, cands []runtime.Candidate, tr *Trace) ([]runtime.Candidate, error) {
	in = input(in)
	cands, err := c.run(ctx, in, cands, tr)
	if err != nil {
		return nil, err
	}
	if in.K > 0 && len(cands) > in.K {
		cands = cands[:in.K]
	}
	return cands, nil
}

// run applies the stages, without the cut to K.
func (c *Chain) run(ctx context.Context, in *runtime.RerankInput, cands []runtime.Candidate, tr *Trace) ([]runtime.Candidate, error) {
	n := 0
	if in.Catalog != nil {
		n = in.Catalog.NumItems()
	}
	cands = dedupe(cands, n)
	var err error
	if cands, err = c.applyAll(ctx, c.filters, false, in, cands, tr); err != nil {
		return nil, err
	}
	if cands, err = c.applyAll(ctx, c.boosts, true, in, cands, tr); err != nil {
		return nil, err
	}
	var pins []pinned
	pin := c.pinFor(in)
	if pin != nil {
		pins, cands = pin.split(in.Catalog, cands) // constraints never see the pinned items
	}
	if cands, err = c.applyAll(ctx, c.constraints, true, in, cands, tr); err != nil {
		return nil, err
	}
	if c.refilter {
		if cands, err = c.applyAll(ctx, c.filters, false, in, cands, tr); err != nil {
			return nil, err
		}
	}
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	out := place(pins, cands)
	if tr != nil && len(pins) > 0 {
		tr.recordPins(pin.name, pins, cands, out)
	}
	return out, nil
}

// applyAll applies the rules enabled for the request in order; soft rules (boosts, constraints) are
// skipped once the request's budget is spent.
func (c *Chain) applyAll(ctx context.Context, rules []Rule, soft bool, in *runtime.RerankInput, cands []runtime.Candidate, tr *Trace) ([]runtime.Candidate, error) {
	var err error
	for _, r := range rules {
		if !c.enabled(in, r.Name()) {
			continue
		}
		if soft && in.OverBudget != nil && in.OverBudget() {
			if in.Skipped != nil {
				in.Skipped(r.Name())
			}
			continue
		}
		if cands, err = apply(ctx, r, in, cands, tr); err != nil {
			return nil, err
		}
	}
	return cands, nil
}

// apply runs one rule, recording its moves when tracing.
func apply(ctx context.Context, r Rule, in *runtime.RerankInput, cands []runtime.Candidate, tr *Trace) ([]runtime.Candidate, error) {
	if nested, ok := r.(*Chain); ok {
		return nested.run(ctx, in, cands, tr)
	}
	if tr == nil {
		return r.Rerank(ctx, in, cands)
	}
	before := slices.Clone(cands)
	out, err := r.Rerank(ctx, in, cands)
	if err == nil {
		tr.record(r.Name(), before, out)
	}
	return out, err
}

// dedupe removes repeated indices in place, keeping the first occurrence. It marks seen items in a
// pooled bitset over the catalog's items (a map when an index is outside the catalog).
func dedupe(cands []runtime.Candidate, numItems int) []runtime.Candidate {
	if numItems == 0 {
		return dedupeMap(cands)
	}
	bp := bitsets.Get().(*[]uint64)
	defer bitsets.Put(bp)
	words := (numItems + 63) / 64
	if cap(*bp) < words {
		*bp = make([]uint64, words)
	}
	bits := (*bp)[:words]
	out := cands[:0]
	for k, c := range cands {
		i := int(c.Index)
		if i < 0 || i >= numItems {
			clearBits(bits, out)
			return dedupeMap(append(out, cands[k:]...)) // out is a prefix of cands[:k]: the copy is safe
		}
		if bits[i>>6]&(1<<(i&63)) == 0 {
			bits[i>>6] |= 1 << (i & 63)
			out = append(out, c)
		}
	}
	clearBits(bits, out)
	return out
}

// clearBits clears the bits of the given candidates, so the pooled bitset returns all zero.
func clearBits(bits []uint64, cands []runtime.Candidate) {
	for _, c := range cands {
		bits[c.Index>>6] = 0
	}
}

// bitsets pools the bitsets of dedupe.
var bitsets = sync.Pool{New: func() any { return new([]uint64) }}

// dedupeMap is dedupe for indices outside any catalog.
func dedupeMap(cands []runtime.Candidate) []runtime.Candidate {
	seen := make(map[int32]struct{}, len(cands))
	out := cands[:0]
	for _, c := range cands {
		if _, dup := seen[c.Index]; !dup {
			seen[c.Index] = struct{}{}
			out = append(out, c)
		}
	}
	return out
}

// RuleState is one rule of a chain: its name and whether it runs unless a request switches it.
type RuleState struct {
	Name string `json:"name"`
	On   bool   `json:"on"`
}

// Rules lists the chain's rules in the order they run (filters, pins, boosts, constraints; a spec's order
// within each), each with whether it is on unless a request switches it (RerankInput.Rules).
func (c *Chain) Rules() []RuleState {
	var out []RuleState
	for _, group := range [][]Rule{c.filters, pinRules(c.pins), c.boosts, c.constraints} {
		for _, r := range group {
			out = append(out, RuleState{Name: r.Name(), On: !c.off[r.Name()]})
		}
	}
	return out
}

func pinRules(pins []*Pin) []Rule {
	out := make([]Rule, len(pins))
	for i, p := range pins {
		out[i] = p
	}
	return out
}
