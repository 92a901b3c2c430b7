package ann

import "sync"

// Exact is an index that scores every row: exact results, cost linear in N. It beats the graph
// below a few thousand rows and for small allowed sets. It is read-only and safe for concurrent
// searches.
type Exact struct {
	sp   *space
	pool sync.Pool // of *searcher
}

// NewExact returns an exact index over vecs.
func NewExact(vecs Vectors, metric Metric) (*Exact, error) {
	sp, err := newSpace(vecs, metric)
	if err != nil {
		return nil, err
	}
	return newExact(sp), nil
}

func newExact(sp *space) *Exact {
	e := &Exact{sp: sp}
	dim := sp.v.Dim
	e.pool.New = func() any { return newSearcher(0, dim, 0) }
	return e
}

// Len returns the number of indexed vectors.
func (e *Exact) Len() int { return e.sp.v.N }

// Search returns the opt.K best rows for q, best first (ties by smaller index).
func (e *Exact) Search(q []float32, opt SearchOptions) ([]Scored, error) {
	return e.AppendSearch(nil, q, opt)
}

// AppendSearch is Search appending to dst: with a dst of enough capacity it does not allocate.
func (e *Exact) AppendSearch(dst []Scored, q []float32, opt SearchOptions) ([]Scored, error) {
	o, err := opt.resolve(&e.sp.v)
	if err != nil {
		return dst, err
	}
	s := e.pool.Get().(*searcher)
	defer e.pool.Put(s)
	if err := e.sp.prepare(&s.qu, q, s.qbuf); err != nil {
		return dst, err
	}
	e.scan(s, o)
	return s.finish(dst, e.sp, q, o)
}

// scan leaves the best candidates for o (K, or Rescore when rescoring) in s.res.
func (e *Exact) scan(s *searcher, o SearchOptions) {
	k := o.K
	if o.Fine != nil {
		k = o.Rescore
	}
	if !o.Filter.active() {
		e.sp.scanAll(s, &s.qu, k, nil)
		return
	}
	f := &s.filter
	f.prepare(s, &o.Filter, e.sp.v.N)
	e.scanFiltered(s, k, f)
}

// scanFiltered leaves the k best rows allowed by the prepared filter f in s.res.
func (e *Exact) scanFiltered(s *searcher, k int, f *filterState) {
	if f.bits == nil {
		e.sp.scanAll(s, &s.qu, k, f)
		return
	}
	e.sp.scanBits(s, &s.qu, k, f)
}
