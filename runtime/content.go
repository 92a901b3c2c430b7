package runtime

import (
	"context"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/modelpack"
)

// contentIndex serves a TF-IDF bundle (modelpack.KindTFIDF): sparse, unit-norm item vectors stored by
// item and by term. A query (an item's vector, or a user profile: the normalised mean of the vectors of
// the user's stored seen items and request history) is scored against every item through the inverted
// index: for each query term, its postings' weights are accumulated, so the cost is the query terms'
// posting lengths, not items × vocabulary. Only items with a positive score (a shared term) are returned.
type contentIndex struct {
	items, terms modelpack.CSR // items × vocab and vocab × items
	itemW, termW []float32     // weights aligned with the CSRs' indices
	bufs         sync.Pool     // *contentScratch
}

// contentScratch holds one content request's buffers.
type contentScratch struct {
	acc     []float32 // per term: the profile being summed (all zero between requests)
	touched []uint64  // terms with acc ≠ 0 (uint64: the browser build links that sort already, not an int32 one)
	q       []float32 // the query's weights, aligned with touched
	scores  []float32 // per item (all zero between requests)
	hit     []int32   // items with a non-zero score
}

// loadContent prepares e for a TF-IDF bundle: it has no dense item embeddings, so e.items only records
// the catalog size (dim 0) for the shared request machinery (exclusions, popular fallback).
func (e *Engine) loadContent(b *modelpack.Bundle) error {
	n := e.catalog.NumItems()
	c := &contentIndex{}
	var err error
	if c.items, c.itemW, err = sparseSection(b, modelpack.SectionContentItems, modelpack.SectionContentItemWeights); err != nil {
		return err
	}
	if c.terms, c.termW, err = sparseSection(b, modelpack.SectionContentTerms, modelpack.SectionContentTermWeights); err != nil {
		return err
	}
	if c.items.Rows != n || c.terms.Cols != n || c.terms.Rows != c.items.Cols {
		return fmtlite.Errorf("%w: content vectors are %d×%d by item and %d×%d by term, catalog has %d items",
			ErrBundle, c.items.Rows, c.items.Cols, c.terms.Rows, c.terms.Cols, n)
	}
	e.items = &itemSet{n: n, metric: modelpack.MetricCosine}
	e.content = c
	return e.loadUsers(b)
}

// sparseSection reads a CSR and its aligned f32 weights.
func sparseSection(b *modelpack.Bundle, csrName, weightName string) (modelpack.CSR, []float32, error) {
	c, err := b.CSR(csrName)
	if err != nil {
		return c, nil, bundleError(err)
	}
	w, shape, err := b.F32(weightName)
	if err != nil {
		return c, nil, bundleError(err)
	}
	if len(shape) != 1 || len(w) != c.NNZ() {
		return c, nil, fmtlite.Errorf("%w: section %q has %d weights for %d entries", ErrBundle, weightName, len(w), c.NNZ())
	}
	for k, v := range w {
		if !(v > 0 && v <= math.MaxFloat32) { // TF-IDF weights are positive; NaN and +Inf fail too
			return c, nil, fmtlite.Errorf("%w: section %q: weight %d is %g, want a positive finite value", ErrBundle, weightName, k, v)
		}
	}
	return c, w, nil
}

func (c *contentIndex) get() *contentScratch {
	if s, ok := c.bufs.Get().(*contentScratch); ok {
		return s
	}
	return &contentScratch{acc: make([]float32, c.items.Cols), scores: make([]float32, c.items.Rows)}
}

func (c *contentIndex) put(s *contentScratch) {
	for _, t := range s.touched {
		s.acc[t] = 0
	}
	for _, i := range s.hit {
		s.scores[i] = 0
	}
	s.touched, s.q, s.hit = s.touched[:0], s.q[:0], s.hit[:0]
	c.bufs.Put(s)
}

// add sums item i's vector into the profile.
func (c *contentIndex) add(s *contentScratch, i int32) {
	a, b := c.items.Indptr[i], c.items.Indptr[i+1]
	for p := a; p < b; p++ {
		t := c.items.Indices[p]
		if s.acc[t] == 0 {
			s.touched = append(s.touched, uint64(t))
		}
		s.acc[t] += c.itemW[p]
	}
}

// query turns the summed profile into the unit-norm query (s.touched sorted, s.q aligned). It reports
// false when the profile is empty.
func (c *contentIndex) query(s *contentScratch) bool {
	slices.Sort(s.touched)
	var ss float64
	for _, t := range s.touched {
		s.q = append(s.q, s.acc[t])
		ss += float64(s.acc[t]) * float64(s.acc[t])
	}
	if ss == 0 || math.IsNaN(ss) || math.IsInf(ss, 0) {
		return false
	}
	inv := float32(1 / math.Sqrt(ss))
	for j := range s.q {
		s.q[j] *= inv
	}
	return true
}

// score fills s.scores with every item's dot product with the query and s.hit with the items that share
// a term with it (weights are positive, so a score that leaves zero never returns to it), checking ctx
// every few terms.
func (c *contentIndex) score(ctx context.Context, s *contentScratch) error {
	for j, t := range s.touched {
		if j%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		qw := s.q[j]
		for p := c.terms.Indptr[t]; p < c.terms.Indptr[t+1]; p++ {
			i := c.terms.Indices[p]
			if s.scores[i] == 0 {
				s.hit = append(s.hit, i)
			}
			s.scores[i] += qw * c.termW[p]
		}
	}
	return nil
}

// top fills sc.top with the k best items of positive score that pass the exclusions (and the allow-list
// when restricted); it returns how many items it considered.
func (e *Engine) contentTop(sc *scratch, s *contentScratch, k int, restricted bool) int {
	sc.top.Reset(k)
	if restricted {
		for _, i := range sc.allowed {
			if v := s.scores[i]; v > 0 && !sc.excluded.has(i) {
				sc.top.Push(i, v)
			}
		}
		return len(sc.allowed)
	}
	for _, i := range s.hit {
		if v := s.scores[i]; v >= sc.top.Threshold() && !sc.excluded.has(i) {
			sc.top.Push(i, v)
		}
	}
	return len(s.scores)
}

// similarContent is Similar for a TF-IDF bundle: items by cosine to item i's vector.
func (e *Engine) similarContent(ctx context.Context, i int32, k int) (Result, error) {
	c := e.content
	sc, s := e.getScratch(), c.get()
	defer e.putScratch(sc)
	defer c.put(s)
	start := time.Now()
	c.add(s, i)
	sc.exclude(i)
	res := Result{Items: []Item{}}
	if c.query(s) {
		if err := c.score(ctx, s); err != nil {
			return Result{}, err
		}
		e.contentTop(sc, s, k, false)
		res.Items = e.items2result(sc.top)
	}
	res.Stages = []Stage{{Name: "retrieve", In: e.items.n, Out: len(res.Items), Duration: time.Since(start)}}
	return res, nil
}
