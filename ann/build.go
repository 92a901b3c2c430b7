package ann

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
)

// Build indexes vecs with an HNSW graph. The graph is built by batches of insertions: every node
// of a batch finds its neighbours in the graph as it was before the batch (in parallel, on
// cfg.Workers goroutines) and among the earlier nodes of its batch (exactly), then the batch's
// reverse links are added, pruned with hnswlib's heuristic. Nodes are inserted in index order and
// batch sizes depend only on N, so the graph depends only on the vectors, the metric and
// cfg.M/EfConstruction/Seed — never on Workers or scheduling.
//
// Build scores rows in vecs' own storage. To search int8 codes through a graph built from floats,
// build on the floats and call WithVectors. Build returns ctx's error if ctx ends first.
//
// For InnerProduct the neighbours are chosen by inner product but pruned by angle (prune.go).
func Build(ctx context.Context, vecs Vectors, metric Metric, cfg Config) (*HNSW, error) {
	return build(ctx, vecs, metric, cfg, metric == InnerProduct)
}

// build is Build; angular sets the angular pruning of InnerProduct graphs (tests turn it off to
// measure the inner-product pruning it replaces).
func build(ctx context.Context, vecs Vectors, metric Metric, cfg Config, angular bool) (*HNSW, error) {
	cfg = cfg.withDefaults()
	sp, err := newSpace(vecs, metric)
	if err != nil {
		return nil, err
	}
	if angular {
		sp.lens = rowLengths(&sp.v)
	}
	h := newHNSW(sp, cfg.M, randomLevels(vecs.N, cfg.M, cfg.Seed), true)
	b := newBuilder(h, cfg)
	err = b.run(ctx)
	sp.lens = nil // only the build prunes
	if err != nil {
		return nil, err
	}
	return h, nil
}

// maxLevels caps node levels; a level above 20 has probability M^-20 per node.
const maxLevels = 20

// randomLevels draws the level of n nodes: P(level ≥ l) = M^-l.
func randomLevels(n, m int, seed uint64) []uint8 {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	mult := 1 / math.Log(float64(m))
	levels := make([]uint8, n)
	for i := range levels {
		l := int(-math.Log(1-rng.Float64()) * mult)
		levels[i] = uint8(min(l, maxLevels))
	}
	return levels
}

// Batch sizes: a batch is an eighth of the nodes inserted so far, between 1 and maxBatch.
const (
	batchDivisor = 8
	maxBatch     = 256
)

// builder holds the state of one Build.
type builder struct {
	h       *HNSW
	efc     int
	workers []*buildScratch

	lo, hi   int32 // the batch being inserted: nodes lo…hi-1
	entry    int32 // entry point of the graph before the batch
	maxLevel int
	edges    []edge // reverse links of the batch, sorted
	groups   []int  // start of each (level, to) run in edges, then len(edges)
}

// edge is a reverse link to add: from joins the list of to on level.
type edge struct {
	to, from int32
	level    int32
}

// buildScratch is one worker's memory.
type buildScratch struct {
	s     *searcher
	cands []Scored // candidates of the node being linked, best first
	next  []Scored // entry points for the next level
	sel   []int32
	ids   []int32
	out   []float32
	pair  query // a candidate prepared as a query, for the heuristic
	pbuf  []float32
	prow  []float32
	edges []edge
}

func newBuilder(h *HNSW, cfg Config) *builder {
	b := &builder{h: h, efc: cfg.EfConstruction, entry: -1}
	n, dim := h.sp.v.N, h.sp.v.Dim
	for range min(cfg.Workers, max(n, 1)) {
		b.workers = append(b.workers, &buildScratch{
			s: newSearcher(n, dim, h.m0), pbuf: make([]float32, dim), prow: make([]float32, dim),
		})
	}
	return b
}

func (b *builder) run(ctx context.Context) error {
	n := int32(b.h.sp.v.N)
	for b.lo = 0; b.lo < n; b.lo = b.hi {
		if err := ctx.Err(); err != nil {
			return err
		}
		size := min(max(b.lo/batchDivisor, 1), maxBatch)
		b.hi = min(b.lo+size, n)
		parallel(b.workers, int(b.hi-b.lo), func(w *buildScratch, i int) {
			b.link(w, b.lo+int32(i))
		})
		b.collectEdges()
		parallel(b.workers, len(b.groups)-1, func(w *buildScratch, g int) {
			b.addReverse(w, b.edges[b.groups[g]:b.groups[g+1]])
		})
		b.promote()
	}
	b.h.entry, b.h.maxLevel = b.entry, b.maxLevel
	return nil
}

// promote makes the highest node of the batch the entry point if it is above the graph's top.
func (b *builder) promote() {
	for u := b.lo; u < b.hi; u++ {
		if l := int(b.h.levels[u]); b.entry < 0 || l > b.maxLevel {
			b.entry, b.maxLevel = u, l
		}
	}
}

// collectEdges gathers the workers' reverse links in a deterministic order and groups them by
// (level, to).
func (b *builder) collectEdges() {
	b.edges = b.edges[:0]
	for _, w := range b.workers {
		b.edges = append(b.edges, w.edges...)
		w.edges = w.edges[:0]
	}
	slices.SortFunc(b.edges, func(x, y edge) int {
		if x.level != y.level {
			return int(x.level - y.level)
		}
		if x.to != y.to {
			return int(x.to - y.to)
		}
		return int(x.from - y.from)
	})
	b.groups = b.groups[:0]
	for i, e := range b.edges {
		if i == 0 || e.to != b.edges[i-1].to || e.level != b.edges[i-1].level {
			b.groups = append(b.groups, i)
		}
	}
	b.groups = append(b.groups, len(b.edges))
}
