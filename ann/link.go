package ann

import "slices"

// link chooses the neighbours of node u on every level up to its own, writes them as u's lists
// and records the reverse links in w.edges. It reads the graph as it was before the batch and
// the rows of the batch's earlier nodes; it writes only u's lists, which nothing reaches yet.
func (b *builder) link(w *buildScratch, u int32) {
	h, s := b.h, w.s
	qu := &s.qu
	_ = h.sp.prepare(qu, h.sp.v.Row(int(u), s.row), s.qbuf) // the row has the right length
	top := int(h.levels[u])
	w.next = w.next[:0]
	if b.entry >= 0 {
		ep := Scored{Index: b.entry, Score: h.sp.score(qu, b.entry)}
		for l := b.maxLevel; l > top; l-- {
			ep = h.greedy(s, qu, ep, l)
		}
		w.next = append(w.next, ep)
	}
	for l := top; l >= 0; l-- {
		w.cands = w.cands[:0]
		if l <= b.maxLevel && len(w.next) > 0 {
			s.startLayer(w.next[0], nil)
			for _, ep := range w.next[1:] {
				s.seed(ep, nil)
			}
			h.searchLayer(s, qu, l, b.efc, nil)
			w.cands = append(w.cands, s.res...)
			w.next = append(w.next[:0], s.res...) // graph nodes only: batch peers are in flux
		}
		b.addBatchPeers(w, u, l)
		slices.SortFunc(w.cands, compareBestFirst)
		sel := b.selectNeighbors(w, u, w.cands, h.m)
		copy(h.neighbors(u, l), sel)
		for _, v := range sel {
			w.edges = append(w.edges, edge{to: v, from: u, level: int32(l)})
		}
	}
}

// addBatchPeers appends to w.cands the nodes of the batch before u that reach level l, scored
// for the query prepared in w.s.
func (b *builder) addBatchPeers(w *buildScratch, u int32, l int) {
	w.ids = w.ids[:0]
	for v := b.lo; v < u; v++ {
		if int(b.h.levels[v]) >= l {
			w.ids = append(w.ids, v)
		}
	}
	if len(w.ids) == 0 {
		return
	}
	w.out = slices.Grow(w.out[:0], len(w.ids))[:len(w.ids)]
	b.h.sp.scores(&w.s.qu, w.ids, w.out)
	for i, v := range w.ids {
		w.cands = append(w.cands, Scored{Index: v, Score: w.out[i]})
	}
}

// selectNeighbors picks at most m of cands (best first, scored against node u, the one being
// linked) with hnswlib's heuristic: a candidate is kept unless a kept one is closer to it than u
// is (for InnerProduct: by angle, see prune.go). Fewer than m candidates are all kept.
func (b *builder) selectNeighbors(w *buildScratch, u int32, cands []Scored, m int) []int32 {
	w.sel = w.sel[:0]
	if len(cands) < m {
		for _, c := range cands {
			w.sel = append(w.sel, c.Index)
		}
		return w.sel
	}
	sp := b.h.sp
	for _, c := range cands {
		if len(w.sel) >= m {
			break
		}
		_ = sp.prepare(&w.pair, sp.v.Row(int(c.Index), w.prow), w.pbuf)
		keep := true
		for _, kept := range w.sel {
			if sp.closer(sp.score(&w.pair, kept), kept, c.Score, u) {
				keep = false
				break
			}
		}
		if keep {
			w.sel = append(w.sel, c.Index)
		}
	}
	return w.sel
}

// addReverse adds the reverse links es (one level, one target, distinct sources) to the target's
// list, pruning the list with the heuristic when it overflows.
func (b *builder) addReverse(w *buildScratch, es []edge) {
	h := b.h
	to, level := es[0].to, int(es[0].level)
	slots := h.neighbors(to, level)
	d := degree(slots)
	w.ids = append(w.ids[:0], slots[:d]...)
	for _, e := range es {
		if !slices.Contains(slots[:d], e.from) {
			w.ids = append(w.ids, e.from)
		}
	}
	if len(w.ids) <= len(slots) {
		copy(slots, w.ids)
		return
	}
	s := w.s
	_ = h.sp.prepare(&s.qu, h.sp.v.Row(int(to), s.row), s.qbuf)
	w.out = slices.Grow(w.out[:0], len(w.ids))[:len(w.ids)]
	h.sp.scores(&s.qu, w.ids, w.out)
	w.cands = w.cands[:0]
	for i, v := range w.ids {
		w.cands = append(w.cands, Scored{Index: v, Score: w.out[i]})
	}
	slices.SortFunc(w.cands, compareBestFirst)
	sel := b.selectNeighbors(w, to, w.cands, len(slots))
	copy(slots, sel)
	for i := len(sel); i < len(slots); i++ {
		slots[i] = -1
	}
}
