package runtime

import (
	"context"
	"time"

	"github.com/corerec/corerec/internal/fmtlite"
)

// budget tells whether a stage started at start has spent its budget (never when budget is 0).
type budget struct {
	e     *Engine
	start time.Time
	limit time.Duration
}

func (b budget) spent() bool { return b.limit > 0 && b.e.now().Sub(b.start) > b.limit }

// funnel is one request's state through the pipeline.
type funnel struct {
	e       *Engine
	sc      *scratch
	req     *Request
	spec    PipelineSpec
	k       int
	explain bool
	res     *Result

	lists   []retrieved
	fused   []Candidate
	srcs    [][]Source // per fused candidate, with explain
	fusedAt map[int32]int
	rankAt  map[int32]int  // position after ranking, with explain
	scored  map[int32]bool // with explain
	moves   []RuleMove
}

// runPipeline answers req through retrieval, fusion, ranking and reranking. The request is encoded and its
// exclusions marked in sc; ok says whether a user vector exists.
func (e *Engine) runPipeline(ctx context.Context, sc *scratch, req *Request, k int, ok bool, res *Result) (Result, error) {
	base, _ := e.Pipeline()
	spec, err := req.Pipeline.apply(base)
	if err != nil {
		return Result{}, err
	}
	f := &funnel{e: e, sc: sc, req: req, spec: spec, k: k, explain: req.Explain, res: res}
	if err := f.retrieve(ctx, ok); err != nil {
		return Result{}, err
	}
	t := e.now()
	f.fuse()
	res.Stages = append(res.Stages, Stage{Name: "fuse", In: f.listTotal(), Out: len(f.fused), Duration: e.now().Sub(t)})
	cands, err := f.rank(ctx)
	if err != nil {
		return Result{}, err
	}
	if cands, err = f.rerankStage(ctx, cands); err != nil {
		return Result{}, err
	}
	if len(cands) > k {
		cands = cands[:k]
	}
	res.Items = make([]Item, len(cands))
	for j, c := range cands {
		res.Items[j] = Item{ID: e.catalog.ItemID(c.Index), Index: c.Index, Score: c.Score}
	}
	if f.explain {
		res.Trace = f.trace(cands)
	}
	return *res, nil
}

func (f *funnel) listTotal() int {
	n := 0
	for _, l := range f.lists {
		n += len(l.items)
	}
	return n
}

// rerankStage runs the bundle's rules on cands (best first) and returns their answer.
func (f *funnel) rerankStage(ctx context.Context, cands []Candidate) ([]Candidate, error) {
	e := f.e
	if e.rerank == nil || f.spec.Rerank.Off {
		return cands, nil
	}
	t := e.now()
	b := budget{e: e, start: t, limit: time.Duration(f.spec.Rerank.Budget)}
	var skipped []string
	in := &RerankInput{K: f.k, Now: f.req.Now, User: f.req.User, Catalog: e.catalog,
		Embedding: func(i int32, dst []float32) []float32 { return e.items.vector(i, dst) },
		Skipped:   func(rule string) { skipped = append(skipped, rule) }}
	if f.req.Pipeline != nil {
		in.Rules = f.req.Pipeline.Rules
	}
	if b.limit > 0 {
		in.OverBudget = b.spent
	}
	if f.explain {
		in.Moved = func(m RuleMove) {
			m.Item = e.catalog.ItemID(m.Index)
			f.moves = append(f.moves, m)
		}
	}
	n := len(cands)
	out, err := e.rerank.Rerank(ctx, in, cands)
	if err != nil {
		return nil, fmtlite.Errorf("runtime: rerank: %w", err)
	}
	out = e.validOutput(out)
	st := Stage{Name: "rerank", In: n, Out: len(out), Duration: e.now().Sub(t)}
	if len(skipped) > 0 {
		st.Degraded = fmtlite.Sprintf("budget %v spent: skipped soft rules %v", b.limit, skipped)
	}
	f.res.Stages = append(f.res.Stages, st)
	return out, nil
}

// validOutput drops indices outside the catalog and repeated ones from a reranker's answer, so a faulty
// reranker cannot make a request fail or repeat an item.
func (e *Engine) validOutput(out []Candidate) []Candidate {
	seen := make(map[int32]struct{}, len(out))
	kept := out[:0]
	for _, c := range out {
		if c.Index < 0 || int(c.Index) >= e.items.n {
			continue
		}
		if _, dup := seen[c.Index]; !dup {
			seen[c.Index] = struct{}{}
			kept = append(kept, c)
		}
	}
	return kept
}

// trace builds the explanation of the final candidates.
func (f *funnel) trace(final []Candidate) *Trace {
	tr := &Trace{Items: make([]ItemTrace, len(final))}
	for p, c := range final {
		it := ItemTrace{ID: f.e.catalog.ItemID(c.Index), Fused: -1, Ranked: -1, Final: p}
		if at, ok := f.fusedAt[c.Index]; ok {
			it.Fused = at
			it.Sources = f.srcs[at]
		}
		if at, ok := f.rankAt[c.Index]; ok {
			it.Ranked, it.Scored = at, f.scored[c.Index]
		}
		for _, m := range f.moves {
			if m.Index == c.Index {
				it.Moves = append(it.Moves, m)
			}
		}
		tr.Items[p] = it
	}
	for _, m := range f.moves {
		if m.To == RemovedPos {
			tr.Removed = append(tr.Removed, m)
		}
	}
	return tr
}
