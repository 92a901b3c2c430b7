package rules

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
	"github.com/stretchr/testify/require"
)

// scenario is one random request through a random chain.
type scenario struct {
	cat     *modelpack.Catalog
	emb     func(int32, []float32) []float32
	cands   []runtime.Candidate
	k       int
	rules   []Rule
	block   Match
	filter  *FilterConfig
	pins    []PinEntry // distinct items and positions
	drops   bool       // a diversity rule may drop items
	div     *DiversityConfig
	minimum map[string]int
}

var (
	propCategories = []string{"", "c0", "c1", "c2", "c3", "c4"}
	propTags       = []string{"t0", "t1", "t2", "g:a", "g:b", "g:c"}
)

// randomCatalog returns n items with random categories, ages and tags, and random 8-d embeddings.
func randomCatalog(rng *rand.Rand, n int) (*modelpack.Catalog, func(int32, []float32) []float32) {
	items := make([]item, n)
	vecs := make([][]float32, n)
	for i := range items {
		items[i].cat = propCategories[rng.IntN(len(propCategories))]
		if rng.IntN(5) > 0 {
			items[i].created = time.Duration(rng.Int64N(int64(60 * day)))
		}
		for _, t := range propTags {
			if rng.IntN(3) == 0 {
				items[i].tags = append(items[i].tags, t)
			}
		}
		vecs[i] = make([]float32, 8)
		for d := range vecs[i] {
			vecs[i][d] = float32(rng.NormFloat64())
		}
	}
	return catalog(items...), embeddings(vecs...)
}

// pick returns up to m distinct random elements of s.
func pick[T any](rng *rand.Rand, s []T, m int) []T {
	p := rng.Perm(len(s))
	out := make([]T, 0, m)
	for _, k := range p[:min(m, len(s))] {
		out = append(out, s[k])
	}
	return out
}

func randomScenario(rng *rand.Rand) *scenario {
	const n = 60
	s := &scenario{k: rng.IntN(16)}
	s.cat, s.emb = randomCatalog(rng, n)
	for _, i := range rng.Perm(n)[:rng.IntN(41)] {
		s.cands = append(s.cands, runtime.Candidate{Index: int32(i), Score: float32(rng.IntN(8)) / 4})
	}
	if rng.IntN(2) == 0 {
		sortByScore(s.cands)
	}
	id := func() string { return fmt.Sprintf("i%d", rng.IntN(n+5)) } // some ids are unknown
	for range rng.IntN(4) {
		s.block.Items = append(s.block.Items, id())
	}
	if rng.IntN(3) == 0 {
		s.block.Categories = pick(rng, propCategories, 1)
	}
	if rng.IntN(4) == 0 {
		s.block.Tags = pick(rng, propTags, 1)
	}
	s.rules = append(s.rules, NewBlocklist(BlocklistConfig{Block: s.block}))
	s.addFilter(rng)
	s.addBoosts(rng, id)
	s.addConstraints(rng)
	s.addPins(rng, id)
	rng.Shuffle(len(s.rules), func(a, b int) { s.rules[a], s.rules[b] = s.rules[b], s.rules[a] })
	return s
}

func (s *scenario) addFilter(rng *rand.Rand) {
	if rng.IntN(2) == 0 {
		return
	}
	f := FilterConfig{KeepUnknownAge: rng.IntN(2) == 0}
	switch rng.IntN(5) {
	case 0:
		f.CategoryIn = pick(rng, propCategories, 4)
	case 1:
		f.CategoryNotIn = pick(rng, propCategories, 2)
	case 2:
		f.CreatedAfter = now.Add(-time.Duration(rng.Int64N(int64(60 * day))))
	case 3:
		f.MaxAge = Duration(rng.Int64N(int64(60 * day)))
		f.CreatedBefore = now.Add(-time.Duration(rng.Int64N(int64(10 * day))))
	default:
		f.WithTags = pick(rng, propTags, 1)
		f.WithoutTags = pick(rng, propTags, 1)
	}
	s.filter = &f
	s.rules = append(s.rules, must(NewFilter(f)))
}

func (s *scenario) addBoosts(rng *rand.Rand, id func() string) {
	for range rng.IntN(3) {
		s.rules = append(s.rules, must(NewBoost(BoostConfig{Match: Match{Items: []string{id(), id()},
			Categories: pick(rng, propCategories, 1)}, Add: rng.Float64()*2 - 1, Multiply: rng.Float64() * 2})))
	}
	if rng.IntN(2) == 0 {
		s.rules = append(s.rules, must(NewFreshness(FreshnessConfig{Weight: rng.Float64(),
			HalfLife: Duration(rng.Int64N(int64(20*day)) + 1), Multiplicative: rng.IntN(2) == 0})))
	}
}

func (s *scenario) addConstraints(rng *rand.Rand) {
	if rng.IntN(2) == 0 {
		d := DiversityConfig{MaxPerGroup: 1 + rng.IntN(3), Drop: rng.IntN(3) == 0, Window: rng.IntN(12)}
		if rng.IntN(3) == 0 {
			d.By = GroupBy{Attribute: "tag", TagPrefix: []string{"", "g:"}[rng.IntN(2)]}
		}
		s.drops = d.Drop
		s.rules = append(s.rules, must(NewDiversity(d)))
	}
	if rng.IntN(3) == 0 {
		s.rules = append(s.rules, must(NewMMR(MMRConfig{Lambda: rng.Float64(), Window: rng.IntN(12)})))
	}
	if rng.IntN(3) == 0 {
		f := FairnessConfig{Window: rng.IntN(12), Minimum: map[string]int{}}
		for _, c := range pick(rng, propCategories[1:], 2) {
			f.Minimum[c] = rng.IntN(4)
		}
		switch rng.IntN(3) {
		case 0:
			f.Proportional = true
		case 1:
			f.Shares = map[string]float64{propCategories[1+rng.IntN(5)]: rng.Float64()}
		}
		s.rules = append(s.rules, must(NewFairness(f)))
	}
	if rng.IntN(5) == 0 {
		s.rules = append(s.rules, Custom("reverse", runtime.RerankerFunc(func(_ context.Context,
			_ *runtime.RerankInput, c []runtime.Candidate) ([]runtime.Candidate, error) {
			slices.Reverse(c)
			return c[:len(c)*3/4], nil // and drop the last quarter
		})))
		s.drops = true
	}
}

func (s *scenario) addPins(rng *rand.Rand, id func() string) {
	positions := rng.Perm(16)
	seen := map[string]bool{}
	for k := range rng.IntN(4) {
		e := PinEntry{Item: id(), Position: positions[k]}
		if !seen[e.Item] {
			seen[e.Item] = true
			s.pins = append(s.pins, e)
		}
	}
	// Split the pins over up to two rules.
	cut := rng.IntN(len(s.pins) + 1)
	for _, part := range [][]PinEntry{s.pins[:cut], s.pins[cut:]} {
		if len(part) > 0 {
			s.rules = append(s.rules, must(NewPin(PinConfig{Pins: part})))
		}
	}
}

func (s *scenario) input() *runtime.RerankInput {
	return &runtime.RerankInput{K: s.k, Now: now, Catalog: s.cat, Embedding: s.emb}
}

// allowed reports whether item i passes the blocklist and the filter, computed here independently.
func (s *scenario) allowed(i int32) bool {
	c, tags := s.cat.ItemCategory(i), s.cat.ItemTags(i)
	if slices.Contains(s.block.Items, s.cat.ItemID(i)) || slices.Contains(s.block.Categories, c) {
		return false
	}
	for _, t := range s.block.Tags {
		if slices.Contains(tags, t) {
			return false
		}
	}
	f := s.filter
	if f == nil {
		return true
	}
	if (len(f.CategoryIn) > 0 && !slices.Contains(f.CategoryIn, c)) || slices.Contains(f.CategoryNotIn, c) {
		return false
	}
	for _, t := range f.WithTags {
		if !slices.Contains(tags, t) {
			return false
		}
	}
	for _, t := range f.WithoutTags {
		if slices.Contains(tags, t) {
			return false
		}
	}
	ts := s.cat.ItemCreatedAt(i)
	if f.CreatedAfter.IsZero() && f.CreatedBefore.IsZero() && f.MaxAge == 0 {
		return true
	}
	if ts == 0 {
		return f.KeepUnknownAge
	}
	created := time.Unix(ts, 0)
	return (f.CreatedAfter.IsZero() || !created.Before(f.CreatedAfter)) &&
		(f.CreatedBefore.IsZero() || created.Before(f.CreatedBefore)) &&
		(f.MaxAge == 0 || now.Sub(created) <= time.Duration(f.MaxAge))
}

func TestChainProperties(t *testing.T) {
	iters := iterations(3000, 500)
	rng := rand.New(rand.NewPCG(1, 2))
	for it := range iters {
		s := randomScenario(rng)
		chain := NewChain(s.rules...)
		out, err := chain.Rerank(context.Background(), s.input(), slices.Clone(s.cands))
		require.NoError(t, err, "iteration %d", it)
		again, err := chain.Rerank(context.Background(), s.input(), slices.Clone(s.cands))
		require.NoError(t, err)
		require.Equal(t, out, again, "iteration %d: not deterministic", it)
		s.check(t, it, out)
	}
}

// check asserts the chain's guarantees on out.
func (s *scenario) check(t *testing.T, it int, out []runtime.Candidate) {
	in := map[int32]bool{}
	survivors := 0
	for _, c := range s.cands {
		in[c.Index] = true
		if s.allowed(c.Index) {
			survivors++
		}
	}
	seen := map[int32]bool{}
	for _, c := range out {
		require.True(t, in[c.Index], "iteration %d: item %d was not a candidate", it, c.Index)
		require.False(t, seen[c.Index], "iteration %d: item %d twice", it, c.Index)
		require.True(t, s.allowed(c.Index), "iteration %d: blocked or filtered item %d", it, c.Index)
		seen[c.Index] = true
	}
	want := survivors
	if s.k > 0 {
		want = min(survivors, s.k)
		require.LessOrEqual(t, len(out), s.k, "iteration %d", it)
	}
	if !s.drops {
		require.Len(t, out, want, "iteration %d", it)
	}
	for _, p := range s.pins {
		i, ok := s.cat.ItemIndex(p.Item)
		if ok && in[i] && s.allowed(i) && p.Position < len(out) {
			require.Equal(t, i, out[p.Position].Index, "iteration %d: pin %v", it, p)
		}
		if ok && in[i] && s.allowed(i) && p.Position < want && !s.drops {
			require.True(t, seen[i], "iteration %d: pinned item %s missing", it, p.Item)
		}
	}
}

// The diversity cap holds in the window whenever the candidates allow: the longest prefix of the result
// that respects the cap either fills the window or cannot be extended by any other candidate.
func TestDiversityProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for it := range iterations(1000, 200) {
		cat, _ := randomCatalog(rng, 40)
		cands := upto(rng.IntN(41))
		cfg := DiversityConfig{MaxPerGroup: 1 + rng.IntN(3), Window: rng.IntN(15), Drop: rng.IntN(2) == 0}
		if rng.IntN(2) == 0 {
			cfg.By = GroupBy{Attribute: "tag", TagPrefix: "g:"}
		}
		k := rng.IntN(15)
		out, err := must(NewDiversity(cfg)).Rerank(context.Background(), &runtime.RerankInput{K: k, Catalog: cat},
			slices.Clone(cands))
		require.NoError(t, err)
		w := window(cfg.Window, k, len(cands))
		g := groupsOf(cfg.By, cat, out, false)
		count := make([]int, len(g.names))
		fits := func(j int) bool {
			for _, id := range g.of(j) {
				if count[id] >= cfg.MaxPerGroup {
					return false
				}
			}
			return true
		}
		p := 0
		for ; p < min(w, len(out)) && fits(p); p++ {
			for _, id := range g.of(p) {
				count[id]++
			}
		}
		if p < w {
			for j := p; j < len(out); j++ {
				require.False(t, fits(j), "iteration %d: item %d fits after a prefix of %d", it, out[j].Index, p)
			}
		}
		if !cfg.Drop {
			require.ElementsMatch(t, indices(cands), indices(out), "iteration %d", it)
		}
	}
}

// Fairness meets every minimum that the candidates and the window allow, and returns a permutation.
func TestFairnessProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for it := range iterations(1000, 200) {
		cat, _ := randomCatalog(rng, 40)
		cands := upto(rng.IntN(41))
		cfg := FairnessConfig{Window: rng.IntN(15), Minimum: map[string]int{}}
		for _, c := range pick(rng, propCategories[1:], 3) {
			cfg.Minimum[c] = rng.IntN(4)
		}
		if rng.IntN(2) == 0 {
			cfg.Proportional = true
		}
		k := rng.IntN(15)
		out, err := must(NewFairness(cfg)).Rerank(context.Background(), &runtime.RerankInput{K: k, Catalog: cat},
			slices.Clone(cands))
		require.NoError(t, err)
		require.ElementsMatch(t, indices(cands), indices(out), "iteration %d", it)
		w := window(cfg.Window, k, len(cands))
		need, have, avail := 0, map[string]int{}, map[string]int{}
		for _, c := range cands {
			avail[cat.ItemCategory(c.Index)]++
		}
		for _, c := range out[:w] {
			have[cat.ItemCategory(c.Index)]++
		}
		for g, m := range cfg.Minimum {
			need += min(m, avail[g])
		}
		if need <= w {
			for g, m := range cfg.Minimum {
				require.GreaterOrEqual(t, have[g], min(m, avail[g]), "iteration %d: group %s", it, g)
			}
		}
	}
}

// Every rule but the filters returns a permutation of its input (Diversity and Custom only when they do
// not drop), and MMR's first pick is the best-scored candidate.
func TestRulesPermute(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	cat, emb := randomCatalog(rng, 60)
	rules := []Rule{
		must(NewBoost(BoostConfig{Match: Match{Categories: []string{"c1"}}, Add: 0.5})),
		must(NewFreshness(FreshnessConfig{Weight: 1})),
		must(NewDiversity(DiversityConfig{MaxPerGroup: 1})),
		must(NewMMR(MMRConfig{Lambda: 0.3})),
		must(NewFairness(FairnessConfig{Proportional: true})),
		must(NewPin(PinConfig{Pins: []PinEntry{{"i3", 2}, {"i7", 0}}})),
	}
	for it := range iterations(300, 60) {
		var cands []runtime.Candidate
		for _, i := range rng.Perm(60)[:1+rng.IntN(40)] {
			cands = append(cands, runtime.Candidate{Index: int32(i), Score: float32(rng.NormFloat64())})
		}
		for _, r := range rules {
			in := &runtime.RerankInput{K: rng.IntN(12), Now: now, Catalog: cat, Embedding: emb}
			out, err := r.Rerank(context.Background(), in, slices.Clone(cands))
			require.NoError(t, err)
			require.ElementsMatch(t, indices(cands), indices(out), "iteration %d, %s", it, r.Name())
			if _, ok := r.(*MMR); ok {
				best := slices.MaxFunc(cands, func(a, b runtime.Candidate) int { return cmpScore(a.Score, b.Score) })
				require.Equal(t, best.Score, out[0].Score, "iteration %d", it)
			}
		}
	}
}

func cmpScore(a, b float32) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// iterations returns full, or short under -short.
func iterations(full, short int) int {
	if testing.Short() {
		return short
	}
	return full
}
