package runtime

import (
	"context"
	"time"

	"github.com/corerec/corerec/ann"
	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/internal/kernel"
)

// Recommend answers a request: it encodes the user (stored vector, or the mean of the history's item
// vectors), removes denied and (optionally) seen items, and returns the K best items by exact scan.
// Unknown users without usable history get popular items (see Options.UnknownUser).
func (e *Engine) Recommend(ctx context.Context, req Request) (Result, error) {
	return e.recommend(ctx, req, nil)
}

// recommend is Recommend; sess, when set, supplies the history and the user vector (Session.Recommend).
func (e *Engine) recommend(ctx context.Context, req Request, sess *Session) (Result, error) {
	if e.closed.Load() {
		return Result{}, ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	k, err := req.k()
	if err != nil {
		return Result{}, err
	}
	if req.User == "" && len(req.History) == 0 && len(req.Features) == 0 && sess == nil {
		return Result{}, fmtlite.Errorf("%w: give a user, a history or features", ErrBadRequest)
	}
	if e.content != nil {
		return e.recommendContent(ctx, req, k)
	}
	sc := e.getScratch()
	defer e.putScratch(sc)
	res := Result{Stages: make([]Stage, 0, 2)}

	start := time.Now()
	user, known := e.userIndex(req.User)
	sc.hist = e.resolve(req.History, sc.hist[:0], &res.Ignored)
	ok, err := e.encodeRequest(sc, req.Features, user, known, sess)
	if err != nil {
		return Result{}, err
	}
	res.Stages = append(res.Stages, Stage{Name: "encode", In: len(sc.hist), Out: b2i(ok), Duration: time.Since(start)})
	if !ok && e.opt.UnknownUser == RejectUnknown {
		return Result{}, fmtlite.Errorf("%w: %q (and no known history item)", ErrUnknownUser, req.User)
	}

	start = time.Now()
	e.exclude(sc, req, user, known, &res.Ignored)
	e.applyFilter(sc, req.Filter)
	if len(req.Allow) > 0 {
		sc.allowed = e.resolve(req.Allow, sc.allowed[:0], &res.Ignored)
	}
	if e.pipelineOn(&req) {
		return e.runPipeline(ctx, sc, &req, k, ok, &res)
	}
	name := "retrieve"
	var in int
	if ok {
		in, err = e.retrieve(ctx, sc, k, len(req.Allow) > 0, retrieveOpts{ef: req.Ef, exact: req.Exact})
	} else {
		name, res.Fallback = "fallback", "popular"
		in = e.popularTop(sc, k, len(req.Allow) > 0)
	}
	if err != nil {
		return Result{}, err
	}
	res.Items = e.items2result(sc.top)
	res.Stages = append(res.Stages, Stage{Name: name, In: in, Out: len(res.Items), Duration: time.Since(start)})
	return res, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (e *Engine) userIndex(id string) (int32, bool) {
	if id == "" {
		return -1, false
	}
	return e.catalog.UserIndex(id)
}

// resolve maps original item ids to indices, appending unknown ids to ignored.
func (e *Engine) resolve(ids []string, dst []int32, ignored *[]string) []int32 {
	for _, id := range ids {
		if i, ok := e.catalog.ItemIndex(id); ok {
			dst = append(dst, i)
		} else {
			*ignored = append(*ignored, id)
		}
	}
	return dst
}

// encode fills sc.q with the user vector: the stored user embedding when known, else the mean of the
// history's item vectors (sequential bundles: see encodeSeq). It reports false when neither exists.
func (e *Engine) encode(sc *scratch, user int32, known bool, sess *Session) bool {
	switch {
	case sess != nil:
		return sess.encode(sc)
	case e.seq != nil:
		return e.encodeSeq(sc, user, known)
	}
	q := sc.q
	if known && e.users != nil {
		sc.row = e.users.Row(int(user), sc.row[:0])
		copy(q, sc.row)
		return true
	}
	if len(sc.hist) == 0 {
		return false
	}
	clear(q)
	for _, it := range sc.hist {
		sc.row = e.items.vector(it, sc.row[:0])
		kernel.Axpy(1, sc.row, q)
	}
	kernel.Scale(1/float32(len(sc.hist)), q)
	return true
}

// exclude marks denied items, and with ExcludeSeen the user's stored seen items and the history.
func (e *Engine) exclude(sc *scratch, req Request, user int32, known bool, ignored *[]string) {
	for _, id := range req.Deny {
		if i, ok := e.catalog.ItemIndex(id); ok {
			sc.exclude(i)
		} else {
			*ignored = append(*ignored, id)
		}
	}
	if !req.ExcludeSeen {
		return
	}
	for _, i := range sc.hist {
		sc.exclude(i)
	}
	if known && e.seen != nil {
		for _, i := range e.seen.Row(int(user)) {
			sc.exclude(i)
		}
	}
}

// retrieve fills sc.top with the k best items by exact scan (of the allow-list when restricted) and returns
// how many candidates it scored.
// retrieveOpts are a request's retrieval knobs.
type retrieveOpts struct {
	ef    int  // HNSW beam width (0: the index's default)
	exact bool // scan every item even when the bundle has a graph
}

func (e *Engine) retrieve(ctx context.Context, sc *scratch, k int, restricted bool, o retrieveOpts) (int, error) {
	if e.graph != nil && !o.exact {
		return e.searchGraph(sc, k, restricted, o.ef)
	}
	q := e.items.prepare(sc.q, sc.scaled)
	sc.top.Reset(k)
	if restricted {
		for _, i := range sc.allowed {
			if !sc.excluded.has(i) {
				sc.top.Push(i, e.items.score(q, i))
			}
		}
		return len(sc.allowed), nil
	}
	n := e.items.n
	for lo := 0; lo < n; lo += scanChunk {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		hi := min(lo+scanChunk, n)
		out := sc.scores[:hi-lo]
		e.items.scoreRange(q, lo, hi, out)
		e.pushRange(sc, lo, out)
	}
	return n, nil
}

// searchGraph fills sc.top from the HNSW graph; the index scans the allowed set exactly instead when a
// filter leaves few items (ann.FilterAuto). It returns the number of items the search could reach.
func (e *Engine) searchGraph(sc *scratch, k int, restricted bool, ef int) (int, error) {
	f := ann.Filter{}
	if sc.nExcluded > 0 {
		f.Deny = sc.excluded
	}
	if restricted {
		f.Allow = sc.allowed
	}
	found, err := e.graph.AppendSearch(sc.found[:0], sc.q, ann.SearchOptions{K: k, Ef: ef, Filter: f})
	sc.found = found
	if err != nil {
		return 0, fmtlite.Errorf("runtime: retrieve: %w", err)
	}
	sc.top.Reset(k)
	for _, s := range found {
		sc.top.Push(s.Index, s.Score)
	}
	if restricted {
		return len(sc.allowed), nil
	}
	return e.items.n, nil
}

func (e *Engine) pushRange(sc *scratch, lo int, scores []float32) {
	t := sc.top
	for j, s := range scores {
		i := int32(lo + j)
		if s >= t.Threshold() && !sc.excluded.has(i) {
			t.Push(i, s)
		}
	}
}

func (e *Engine) items2result(t *kernel.TopK) []Item {
	best := t.Sorted(nil)
	out := make([]Item, len(best))
	for j, s := range best {
		out[j] = Item{ID: e.catalog.ItemID(s.Index), Index: s.Index, Score: s.Score}
	}
	return out
}
