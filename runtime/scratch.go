package runtime

import "github.com/corerec/corerec/internal/kernel"

// scratch holds one request's buffers; Engine.scratch pools them so a request allocates little.
type scratch struct {
	q, scaled []float32       // query and its per-dimension-scaled copy (len dim)
	row       []float32       // a dequantized row (cap dim)
	scores    []float32       // one chunk of scores (len ≤ scanChunk)
	excluded  bitset          // items removed by deny, seen and history (len ≥ n bits)
	nExcluded int             // how many exclude calls marked excluded (0: the bitset is all zero)
	found     []kernel.Scored // graph search results
	allowed   []int32         // resolved allow-list
	hist      []int32         // resolved history
	top       *kernel.TopK
}

// scanChunk is how many items an exact scan scores between checks of the request's context.
const scanChunk = 16384

func (e *Engine) getScratch() *scratch {
	if s, ok := e.scratch.Get().(*scratch); ok {
		return s
	}
	d, n := e.items.dim, e.items.n
	return &scratch{
		q:        make([]float32, d),
		scaled:   make([]float32, d),
		row:      make([]float32, 0, d),
		scores:   make([]float32, min(n, scanChunk)),
		excluded: newBitset(n),
		top:      kernel.NewTopK(DefaultK),
	}
}

func (e *Engine) putScratch(s *scratch) {
	if s.nExcluded > 0 {
		s.excluded.clear()
	}
	s.nExcluded = 0
	s.allowed = s.allowed[:0]
	s.hist = s.hist[:0]
	e.scratch.Put(s)
}

// exclude marks item i as never returned.
func (s *scratch) exclude(i int32) {
	s.excluded.set(i)
	s.nExcluded++
}
