package wire

import (
	"github.com/corerec/corerec/ann"
	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

// MaxSearchEf bounds a search's beam width: the graph search keeps ef candidates.
const MaxSearchEf = 100000

// Searcher answers bare vector searches over an engine's item embeddings: the query is a vector of the
// bundle's dimension, the answer the k best item indices and their scores by the bundle's metric, the
// same graph and the same scores as the retrieve stage of a recommendation. It is the browser build's
// peer of an ANN library's knn call: no request, pipeline, rules or explanations.
//
// It searches the engine's own graph (runtime.Engine.ItemGraph) and reads the item vectors in place, so
// it costs no memory beyond its answer. A bundle without a graph is scanned exactly. A Searcher is used
// by one goroutine at a time (its answer is reused).
type Searcher struct {
	graph *ann.HNSW
	exact *ann.Exact
	dim   int
	found []ann.Scored
}

// NewSearcher prepares vector searches over eng's items.
func NewSearcher(eng *runtime.Engine) (*Searcher, error) {
	b := eng.Bundle()
	m, err := b.Matrix(modelpack.SectionItemEmbeddings)
	if err != nil {
		return nil, err
	}
	metric, err := runtime.AnnMetric(eng.Manifest().Metric)
	if err != nil {
		return nil, err
	}
	v := runtime.AnnVectors(m)
	s := &Searcher{dim: m.Cols}
	if s.exact, err = ann.NewExact(v, metric); err != nil {
		return nil, err
	}
	s.graph = eng.ItemGraph()
	return s, nil
}

// Dim returns the length a query must have.
func (s *Searcher) Dim() int { return s.dim }

// Search returns the k best items for q, best first (ties by smaller index): from the graph with beam
// width ef (0: max(k, 64); values below k are raised to k), or from an exact scan when exact is set or
// the bundle has no graph. The result is reused by the next call. A query of the wrong length or with a
// non-finite value, k outside 1..runtime.MaxK and ef outside 0..MaxSearchEf are errors wrapping
// runtime.ErrBadRequest.
func (s *Searcher) Search(q []float32, k, ef int, exact bool) ([]ann.Scored, error) {
	switch {
	case len(q) != s.dim:
		return nil, fmtlite.Errorf("%w: search: query has %d values, the bundle's dim is %d", runtime.ErrBadRequest, len(q), s.dim)
	case k < 1 || k > runtime.MaxK:
		return nil, fmtlite.Errorf("%w: search: k = %d is outside 1..%d", runtime.ErrBadRequest, k, runtime.MaxK)
	case ef < 0 || ef > MaxSearchEf:
		return nil, fmtlite.Errorf("%w: search: ef = %d is outside 0..%d", runtime.ErrBadRequest, ef, MaxSearchEf)
	}
	var nan float32 // x·0 is NaN for an infinite or NaN x
	for _, x := range q {
		nan += x * 0
	}
	if nan != nan {
		return nil, fmtlite.Errorf("%w: search: the query has a value that is not finite", runtime.ErrBadRequest)
	}
	var idx ann.Index = s.exact
	if s.graph != nil && !exact {
		idx = s.graph
	}
	found, err := idx.AppendSearch(s.found[:0], q, ann.SearchOptions{K: k, Ef: ef})
	s.found = found
	return found, err
}
