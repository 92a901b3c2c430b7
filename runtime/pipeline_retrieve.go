package runtime

import (
	"cmp"
	"context"
	"slices"
)

// retrieved is one retriever's answer, best first.
type retrieved struct {
	spec  RetrieverSpec
	items []Candidate
	via   []int32 // item2item: the history item that found each candidate; nil for other kinds
}

// retrieve runs every retriever of the spec. Without a user vector (ok false) the embedding retriever finds
// nothing; when item2item finds nothing either, Result.Fallback says "popular", and the popular items
// answer when no retriever found anything.
func (f *funnel) retrieve(ctx context.Context, ok bool) error {
	e, sc := f.e, f.sc
	restricted := len(f.req.Allow) > 0
	for _, r := range f.spec.Retrievers {
		t := e.now()
		var l retrieved
		var in int
		var err error
		switch r.Kind {
		case RetrieverEmbedding:
			if ok {
				in, err = e.retrieve(ctx, sc, r.Candidates, restricted, retrieveOpts{ef: f.req.Ef, exact: f.req.Exact})
				l.items = topCandidates(sc)
			}
		case RetrieverPopular:
			in = e.popularTop(sc, r.Candidates, restricted)
			l.items = topCandidates(sc)
		case RetrieverItem2Item:
			in, err = f.item2item(ctx, r, restricted, &l)
		}
		if err != nil {
			return err
		}
		l.spec = r
		f.lists = append(f.lists, l)
		f.res.Stages = append(f.res.Stages, Stage{Name: "retrieve/" + r.Kind, In: in, Out: len(l.items), Duration: e.now().Sub(t)})
	}
	if ok || f.found(RetrieverItem2Item) {
		return nil
	}
	f.res.Fallback = "popular" // nothing personal: the popular items answer (with the spec's, if any)
	if f.listTotal() == 0 {
		t := e.now()
		r := RetrieverSpec{Kind: RetrieverPopular, Candidates: f.spec.Retrievers[0].Candidates, Weight: 1}
		in := e.popularTop(sc, r.Candidates, restricted)
		f.lists = append(f.lists, retrieved{spec: r, items: topCandidates(sc)})
		f.res.Stages = append(f.res.Stages, Stage{Name: "fallback", In: in, Out: len(f.lists[len(f.lists)-1].items), Duration: e.now().Sub(t)})
	}
	return nil
}

// found reports whether a retriever of the kind found anything.
func (f *funnel) found(kind string) bool {
	for _, l := range f.lists {
		if l.spec.Kind == kind && len(l.items) > 0 {
			return true
		}
	}
	return false
}

// topCandidates returns sc.top's items, best first.
func topCandidates(sc *scratch) []Candidate {
	best := sc.top.Sorted(nil)
	out := make([]Candidate, len(best))
	for j, s := range best {
		out[j] = Candidate{Index: s.Index, Score: s.Score}
	}
	return out
}

// item2item collects the neighbours of the request's most recent history items (most recent first), each
// candidate keeping its best similarity and the history item that gave it; the history items themselves
// are never candidates. It returns how many items the searches could reach.
func (f *funnel) item2item(ctx context.Context, r RetrieverSpec, restricted bool, l *retrieved) (int, error) {
	e, sc := f.e, f.sc
	hist := recentUnique(sc.hist, r.MaxHistory)
	if len(hist) == 0 {
		return 0, nil
	}
	saved := append([]float32(nil), sc.q...)
	defer copy(sc.q, saved)
	at := make(map[int32]int, r.PerItem*len(hist))
	inHist := make(map[int32]bool, len(hist))
	for _, h := range hist {
		inHist[h] = true
	}
	reached := 0
	for _, h := range hist {
		sc.row = e.items.vector(h, sc.row[:0])
		copy(sc.q, sc.row)
		in, err := e.retrieve(ctx, sc, r.PerItem+len(hist), restricted, retrieveOpts{ef: f.req.Ef, exact: f.req.Exact})
		if err != nil {
			return 0, err
		}
		reached = max(reached, in)
		taken := 0
		for _, s := range sc.top.Sorted(nil) {
			if inHist[s.Index] || taken == r.PerItem {
				continue
			}
			taken++
			if j, ok := at[s.Index]; ok {
				if s.Score > l.items[j].Score {
					l.items[j].Score, l.via[j] = s.Score, h
				}
				continue
			}
			at[s.Index] = len(l.items)
			l.items = append(l.items, Candidate{Index: s.Index, Score: s.Score})
			l.via = append(l.via, h)
		}
	}
	order := positions(len(l.items))
	slices.SortStableFunc(order, func(a, b Candidate) int { return cmp.Compare(l.items[b.Index].Score, l.items[a.Index].Score) })
	order = order[:min(len(order), r.Candidates)]
	items, via := make([]Candidate, len(order)), make([]int32, len(order))
	for j, o := range order {
		items[j], via[j] = l.items[o.Index], l.via[o.Index]
	}
	l.items, l.via = items, via
	return reached, nil
}

// recentUnique returns up to n distinct items of hist, most recent (last) first.
func recentUnique(hist []int32, n int) []int32 {
	var out []int32
	for j := len(hist) - 1; j >= 0 && len(out) < n; j-- {
		if !slices.Contains(out, hist[j]) {
			out = append(out, hist[j])
		}
	}
	return out
}

// fuse merges the retrievers' lists into f.fused, best first: reciprocal-rank fusion or weighted
// normalised scores (PipelineSpec.Fusion). Ties keep the order of first appearance (retrievers in spec
// order, each best first), so the result is deterministic.
func (f *funnel) fuse() {
	f.fused, f.fusedAt, f.srcs = fuseLists(f.lists, f.spec.Fusion, f.spec.RRFK, f.explain, f.e)
}

// fuseLists is fuse without the funnel, for tests of the arithmetic.
func fuseLists(lists []retrieved, method string, rrfK float64, explain bool, e *Engine) ([]Candidate, map[int32]int, [][]Source) {
	total := 0
	for _, l := range lists {
		total += len(l.items)
	}
	at := make(map[int32]int, total)
	var out []Candidate
	var score []float64
	var srcs [][]Source
	for _, l := range lists {
		lo, hi := scoreRange(l.items)
		for rank, c := range l.items {
			var s float64
			if method == FusionWeighted {
				s = 1
				if hi > lo {
					s = (float64(c.Score) - lo) / (hi - lo)
				}
				s *= l.spec.Weight
			} else {
				s = l.spec.Weight / (rrfK + float64(rank+1))
			}
			j, ok := at[c.Index]
			if !ok {
				j = len(out)
				at[c.Index] = j
				out = append(out, Candidate{Index: c.Index})
				score = append(score, 0)
				if explain {
					srcs = append(srcs, nil)
				}
			}
			score[j] += s
			if explain {
				src := Source{Retriever: l.spec.Kind, Rank: rank, Score: c.Score}
				if l.via != nil && e != nil {
					src.Via = e.catalog.ItemID(l.via[rank])
				}
				srcs[j] = append(srcs[j], src)
			}
		}
	}
	order := positions(len(out))
	slices.SortStableFunc(order, func(a, b Candidate) int { return cmp.Compare(score[b.Index], score[a.Index]) })
	fused := make([]Candidate, len(out))
	var sorted [][]Source
	if explain {
		sorted = make([][]Source, len(out))
	}
	for p, o := range order {
		j := o.Index
		fused[p] = Candidate{Index: out[j].Index, Score: float32(score[j])}
		at[out[j].Index] = p
		if explain {
			sorted[p] = srcs[j]
		}
	}
	return fused, at, sorted
}

// scoreRange returns the lowest and highest score of items.
func scoreRange(items []Candidate) (lo, hi float64) {
	for j, c := range items {
		s := float64(c.Score)
		if j == 0 || s < lo {
			lo = s
		}
		if j == 0 || s > hi {
			hi = s
		}
	}
	return lo, hi
}
