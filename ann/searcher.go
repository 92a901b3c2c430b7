package ann

// searcher is the scratch memory of one search (or one insertion during Build): a visited set,
// the two heaps and buffers for batched scoring. Indexes pool them, so a search allocates nothing
// once the pool is warm. A searcher is used by one goroutine at a time.
type searcher struct {
	// visited[i] == tag marks node i as seen in the current layer search. Bumping tag empties
	// the set in O(1); the array is cleared only when tag wraps around.
	visited []uint16
	tag     uint16

	cand maxHeap   // frontier, best first
	res  minHeap   // results, worst first, at most ef entries
	ids  []int32   // unvisited neighbours of the node being expanded
	out  []float32 // their scores

	qu   query
	qbuf []float32 // storage of qu.q
	fine query     // the query prepared for the rescoring vectors
	fbuf []float32 // storage of fine.q
	row  []float32 // a decoded row (build)

	filter filterState
	allow  []uint64 // bitset of an allow-list filter, one bit a row
	batch  []int32  // rows of an exact scan of a filter
	sorted []Scored // result staging
}

func newSearcher(n, dim, maxDegree int) *searcher {
	return &searcher{
		visited: make([]uint16, n),
		ids:     make([]int32, 0, maxDegree),
		out:     make([]float32, max(maxDegree, scanBlock)),
		qbuf:    make([]float32, dim),
		fbuf:    make([]float32, dim),
		row:     make([]float32, dim),
		batch:   make([]int32, 0, scanBlock),
	}
}

// resetVisited starts a new, empty visited set.
func (s *searcher) resetVisited() {
	s.tag++
	if s.tag == 0 {
		clear(s.visited)
		s.tag = 1
	}
}

// visit marks id visited and reports whether it was not visited before.
func (s *searcher) visit(id int32) bool {
	if s.visited[id] == s.tag {
		return false
	}
	s.visited[id] = s.tag
	return true
}

// unvisited marks the links in slots (up to the first -1) visited and returns those that were
// not, in s.ids. The loop is branch-free per link: whether a link was seen is unpredictable.
func (s *searcher) unvisited(slots []int32) []int32 {
	ids := s.ids[:len(slots)]
	vis, tag := s.visited, s.tag
	n := 0
	for _, v := range slots {
		if v < 0 {
			break
		}
		ids[n] = v
		fresh := 0
		if vis[v] != tag {
			fresh = 1
		}
		n += fresh
		vis[v] = tag
	}
	return ids[:n]
}
