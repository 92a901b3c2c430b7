package rules

import (
	"context"
	"math"

	"github.com/corerec/corerec/runtime"
)

// FairnessConfig configures a Fairness rule: exposure targets per group in the top Window positions. The
// zero value changes nothing.
type FairnessConfig struct {
	// Name names the rule in traces; default "fairness".
	Name string `json:"name,omitempty"`
	// By says what a group is; default by category. Grouped by tag, an item belongs to its first tag with
	// the prefix (in the catalog's order). Items in no group are never constrained.
	By GroupBy `json:"by,omitzero"`
	// Window is how many top positions the targets apply to; 0 means the request's K (and every candidate
	// when K is 0 too).
	Window int `json:"window,omitempty"`
	// Shares are target shares of the window, each in [0, 1], summing to at most 1: in every prefix of
	// length L of the window, group g holds at least ⌊share·L⌋ and at most ⌈share·L⌉ items when the
	// candidates allow. Groups without a share are unconstrained.
	Shares map[string]float64 `json:"shares,omitempty"`
	// Proportional sets every group's share to its share of the candidates (instead of Shares, which must
	// then be empty).
	Proportional bool `json:"proportional,omitempty"`
	// Minimum asks for at least this many items of a group in the window, when that many candidates of
	// the group exist. Minimums take precedence over shares.
	Minimum map[string]int `json:"minimum,omitempty"`
}

// Fairness re-ranks greedily, position by position, so that groups get their exposure targets. At each
// position it takes the best-ranked remaining candidate (the candidates' order is the ranking) from, in
// this order of precedence:
//
//  1. the groups still short of their Minimum, when the remaining positions are no more than the total
//     shortfall (so minimums are met as late, hence as cheaply, as possible);
//  2. the groups below their lower share bound ⌊share·L⌋ for the prefix length L;
//  3. the candidates whose group is below its upper bound ⌈share·L⌉, or has no share;
//  4. any remaining candidate (the targets cannot all be met).
//
// After the window the remaining candidates follow in their order; scores are not changed. The cost is
// O(n + Window·groups). It is safe for concurrent use.
type Fairness struct {
	cfg  FairnessConfig
	name string
}

// NewFairness returns the fairness rule for cfg; it fails on a share outside [0, 1], shares summing above
// 1, Shares given with Proportional, a negative minimum or window, or an unknown group attribute.
func NewFairness(cfg FairnessConfig) (*Fairness, error) {
	if err := cfg.By.validate("fairness"); err != nil {
		return nil, err
	}
	if cfg.Window < 0 || (cfg.Proportional && len(cfg.Shares) > 0) {
		return nil, configError("fairness", "window %d, %d shares with proportional %v: want window ≥ 0 and not both",
			cfg.Window, len(cfg.Shares), cfg.Proportional)
	}
	sum := 0.0
	for g, s := range cfg.Shares {
		if !(s >= 0 && s <= 1) {
			return nil, configError("fairness", "share of %q is %v, want [0, 1]", g, s)
		}
		sum += s
	}
	if sum > 1+1e-9 {
		return nil, configError("fairness", "shares sum to %v, want ≤ 1", sum)
	}
	for g, m := range cfg.Minimum {
		if m < 0 {
			return nil, configError("fairness", "minimum of %q is %d, want ≥ 0", g, m)
		}
	}
	return &Fairness{cfg: cfg, name: ruleName(cfg.Name, "fairness")}, nil
}

// Name returns the rule's name.
func (f *Fairness) Name() string { return f.name }

// Stage returns StageConstraint.
func (f *Fairness) Stage() Stage { return StageConstraint }
func (f *Fairness) sealed()      {}

// fairState is one request's working state: per group (the last one is "no group"), the queue of its
// candidates in order and how many are placed.
type fairState struct {
	queue      [][]int // candidate positions per group, in order
	head       []int   // next unplaced in queue[g]
	count      []int   // placed in the window so far
	share, min []float64
	hasShare   []bool
}

// Rerank returns the candidates reordered to meet the targets in the window. It does not modify cands.
func (f *Fairness) Rerank(ctx context.Context, in *runtime.RerankInput, cands []runtime.Candidate) ([]runtime.Candidate, error) {
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	in = input(in)
	if len(cands) == 0 || (len(f.cfg.Shares) == 0 && len(f.cfg.Minimum) == 0 && !f.cfg.Proportional) {
		return cands, nil
	}
	st := f.state(groupsOf(f.cfg.By, in.Catalog, cands, true), len(cands))
	w := window(f.cfg.Window, in.K, len(cands))
	out := make([]runtime.Candidate, 0, len(cands))
	taken := make([]bool, len(cands))
	for p := range w {
		g := st.choose(p, w)
		k := st.queue[g][st.head[g]]
		st.head[g]++
		st.count[g]++
		taken[k] = true
		out = append(out, cands[k])
	}
	for k, c := range cands {
		if !taken[k] {
			out = append(out, c)
		}
	}
	return out, nil
}

// state builds the per-group queues and targets for one request.
func (f *Fairness) state(g *groups, n int) *fairState {
	ng := len(g.names) + 1
	st := &fairState{queue: make([][]int, ng), head: make([]int, ng), count: make([]int, ng),
		share: make([]float64, ng), min: make([]float64, ng), hasShare: make([]bool, ng)}
	group := func(k int) int {
		if ids := g.of(k); len(ids) > 0 {
			return int(ids[0])
		}
		return ng - 1
	}
	size := make([]int, ng)
	for k := range n {
		size[group(k)]++
	}
	backing, off := make([]int, n), 0 // one array for every queue
	for id := range st.queue {
		st.queue[id] = backing[off : off : off+size[id]]
		off += size[id]
	}
	for k := range n {
		id := group(k)
		st.queue[id] = append(st.queue[id], k)
	}
	for id, name := range g.names {
		switch {
		case f.cfg.Proportional:
			st.share[id], st.hasShare[id] = float64(len(st.queue[id]))/float64(n), true
		default:
			st.share[id], st.hasShare[id] = f.cfg.Shares[name]
		}
		st.min[id] = float64(f.cfg.Minimum[name])
	}
	return st
}

// choose returns the group to take position p (of w) from; it always has a candidate left.
func (st *fairState) choose(p, w int) int {
	shortfall := 0.0
	for g := range st.queue {
		shortfall += max(0, min(st.min[g], float64(len(st.queue[g])))-float64(st.count[g]))
	}
	l := float64(p + 1)
	if shortfall >= float64(w-p) { // 1: minimums, when the remaining positions are all needed
		if g := st.best(func(g int) bool { return float64(st.count[g]) < st.min[g] }); g >= 0 {
			return g
		}
	}
	if g := st.best(func(g int) bool { // 2: lower share bounds
		return st.hasShare[g] && float64(st.count[g]) < math.Floor(st.share[g]*l+1e-9)
	}); g >= 0 {
		return g
	}
	if g := st.best(func(g int) bool { // 3: upper share bounds
		return !st.hasShare[g] || float64(st.count[g]) < math.Ceil(st.share[g]*l-1e-9)
	}); g >= 0 {
		return g
	}
	return st.best(func(int) bool { return true }) // 4: anything left
}

// best returns the group whose next candidate ranks highest among the groups with candidates left for
// which ok holds, or -1.
func (st *fairState) best(ok func(g int) bool) int {
	best, bestK := -1, math.MaxInt
	for g, q := range st.queue {
		if st.head[g] < len(q) && q[st.head[g]] < bestK && ok(g) {
			best, bestK = g, q[st.head[g]]
		}
	}
	return best
}
