package ann

import (
	"sync"

	"github.com/corerec/corerec/internal/fmtlite"
)

// HNSW is a hierarchical navigable small world graph over a set of vectors. Links live in flat
// arrays: level 0 in one slab with a fixed stride of 2·M int32 ids a node, the upper levels
// (about one node in M has any) in a second slab of M ids a (node, level); unused slots hold -1.
//
// An HNSW is read-only after Build or LoadGraph and safe for concurrent searches.
type HNSW struct {
	sp *space

	m, m0    int   // link capacity on the upper levels and on level 0
	entry    int32 // the entry point (a node of level maxLevel), -1 when empty
	maxLevel int
	levels   []uint8 // level of every node
	links0   []int32 // n·m0 ids
	upperOff []int32 // start of a node's level-1 list in upper (then level 2, …); -1 for level 0
	upper    []int32

	exact *Exact // scans allowed sets too small for the graph

	pool sync.Pool // of *searcher
}

// newHNSW allocates the link arrays for nodes of the given levels, every slot empty (-1) when
// clear is set, else left for the caller to fill completely.
func newHNSW(sp *space, m int, levels []uint8, clear bool) *HNSW {
	n := len(levels)
	h := &HNSW{sp: sp, m: m, m0: 2 * m, entry: -1, levels: levels}
	h.links0 = make([]int32, n*h.m0)
	h.upperOff = make([]int32, n)
	upper := 0
	for i, l := range levels {
		h.upperOff[i] = -1
		if l > 0 {
			h.upperOff[i] = int32(upper)
			upper += int(l) * m
		}
	}
	h.upper = make([]int32, upper)
	if clear {
		for i := range h.links0 {
			h.links0[i] = -1
		}
		for i := range h.upper {
			h.upper[i] = -1
		}
	}
	h.init()
	return h
}

// init sets up what every HNSW derives from its fields: the searcher pool and the exact index.
func (h *HNSW) init() {
	h.exact = newExact(h.sp)
	n, dim, m0 := h.sp.v.N, h.sp.v.Dim, h.m0
	h.pool.New = func() any { return newSearcher(n, dim, m0) }
}

// neighbors returns the link slots of node id on level (entries up to the first -1 are links).
func (h *HNSW) neighbors(id int32, level int) []int32 {
	if level == 0 {
		lo := int(id) * h.m0
		return h.links0[lo : lo+h.m0 : lo+h.m0]
	}
	lo := int(h.upperOff[id]) + (level-1)*h.m
	return h.upper[lo : lo+h.m : lo+h.m]
}

// degree returns the number of links in slots.
func degree(slots []int32) int {
	for i, v := range slots {
		if v < 0 {
			return i
		}
	}
	return len(slots)
}

// Len returns the number of indexed vectors.
func (h *HNSW) Len() int { return h.sp.v.N }

// Vectors returns the vectors the graph searches.
func (h *HNSW) Vectors() Vectors { return h.sp.v }

// Metric returns the metric of the index.
func (h *HNSW) Metric() Metric { return h.sp.metric }

// M returns the link capacity of the upper levels (level 0 holds 2·M).
func (h *HNSW) M() int { return h.m }

// WithVectors returns an HNSW that shares h's graph but searches vecs, another storage of the
// same rows (build on f32, search on int8 codes). vecs must have h's N and Dim.
func (h *HNSW) WithVectors(vecs Vectors) (*HNSW, error) {
	if !vecs.sameShape(&h.sp.v) {
		return nil, fmtlite.Errorf("%w: vectors are %d×%d, graph is %d×%d",
			ErrGraphMismatch, vecs.N, vecs.Dim, h.sp.v.N, h.sp.v.Dim)
	}
	sp, err := newSpace(vecs, h.sp.metric)
	if err != nil {
		return nil, err
	}
	g := &HNSW{sp: sp, m: h.m, m0: h.m0, entry: h.entry, maxLevel: h.maxLevel,
		levels: h.levels, links0: h.links0, upperOff: h.upperOff, upper: h.upper}
	g.init()
	return g, nil
}

func (h *HNSW) searcher() *searcher { return h.pool.Get().(*searcher) }

func (h *HNSW) release(s *searcher) { h.pool.Put(s) }
