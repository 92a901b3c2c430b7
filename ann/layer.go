package ann

// greedy walks level from ep to a local maximum of the score, moving to the best neighbour while
// it improves. Scores strictly increase, so it stops after at most N moves on any graph.
func (h *HNSW) greedy(s *searcher, qu *query, ep Scored, level int) Scored {
	for {
		ids := s.ids[:0]
		for _, v := range h.neighbors(ep.Index, level) {
			if v < 0 {
				break
			}
			ids = append(ids, v)
		}
		out := s.out[:len(ids)]
		h.sp.scores(qu, ids, out)
		moved := false
		for i, sc := range out {
			if sc > ep.Score {
				ep, moved = Scored{Index: ids[i], Score: sc}, true
			}
		}
		if !moved { // compare flags, not scores: a NaN score never equals itself
			return ep
		}
	}
}

// startLayer empties the heaps and the visited set and seeds them with one entry point.
func (s *searcher) startLayer(ep Scored, f *filterState) {
	s.resetVisited()
	s.cand, s.res = s.cand[:0], s.res[:0]
	s.seed(ep, f)
}

// seed adds one more entry point to a started layer search.
func (s *searcher) seed(ep Scored, f *filterState) {
	if !s.visit(ep.Index) {
		return
	}
	s.cand.push(ep.Index, ep.Score)
	if f == nil || f.allows(ep.Index) {
		s.res.push(ep.Index, ep.Score)
	}
}

// searchLayer runs the beam search of width ef on level from the entry points seeded in s, leaving
// the best ef nodes found (allowed by f, when f is not nil) in s.res. Every node enters the
// frontier at most once (the visited set), so it stops after at most N expansions on any graph.
func (h *HNSW) searchLayer(s *searcher, qu *query, level, ef int, f *filterState) {
	sp := h.sp
	for len(s.cand) > 0 {
		c := s.cand.pop()
		if len(s.res) >= ef && c.Score < s.res[0].Score {
			break
		}
		if len(s.cand) > 0 && level == 0 {
			prefetch2(&h.links0[int(s.cand[0].Index)*h.m0])
		}
		ids := s.unvisited(h.neighbors(c.Index, level))
		if len(ids) == 0 {
			continue
		}
		out := s.out[:len(ids)]
		sp.scores(qu, ids, out)
		for i, sc := range out {
			if len(s.res) < ef || sc > s.res[0].Score {
				id := ids[i]
				s.cand.push(id, sc)
				if f != nil && !f.allows(id) {
					continue
				}
				if len(s.res) < ef {
					s.res.push(id, sc)
				} else {
					s.res.replaceTop(id, sc)
				}
			}
		}
	}
}
