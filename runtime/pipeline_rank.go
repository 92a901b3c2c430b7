package runtime

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/corerec/corerec/internal/fmtlite"
)

// rankUntil is RankIndices that checks stop before each chunk of candidates and stops scoring when it
// reports true. It returns the scores of the first n items (n a multiple of the chunk size, or all).
func (r *Ranker) rankUntil(ctx context.Context, u *RankUser, items []int32, scores []float32, stop func() bool) ([]float32, int, error) {
	s := r.scratch()
	defer r.pool.Put(s)
	s.rows = append(s.rows[:0], items...)
	for i, it := range s.rows {
		if it < 0 || int(it) >= r.nItems {
			s.rows[i] = -1
		}
	}
	rows := s.rows
	if cap(scores) < len(rows) {
		scores = make([]float32, len(rows))
	}
	scores = scores[:len(rows)]
	if err := ctx.Err(); err != nil {
		return scores[:0], 0, fmtlite.Errorf("runtime: rank: %w", err)
	}
	linU := r.encodeUser(u, s.xu) + r.outB
	r.requestConstants(s)
	for lo := 0; lo < len(rows); lo += rankChunk {
		if stop != nil && stop() {
			return scores[:lo], lo, nil
		}
		if lo > 0 && ctx.Err() != nil {
			return scores[:0], 0, fmtlite.Errorf("runtime: rank: %w", ctx.Err())
		}
		hi := min(lo+rankChunk, len(rows))
		r.forwardChunk(s, rows[lo:hi], scores[lo:hi], linU)
	}
	return scores, len(rows), nil
}

// rank runs the rank stage on the fused candidates: the ranker's logits order the scored ones, the rest
// (out of budget) follows in fused order with scores below every scored one; the best Keep go on. Without
// a ranker (or with the stage off) the fused order is cut to Keep.
func (f *funnel) rank(ctx context.Context) ([]Candidate, error) {
	e := f.e
	keep := f.spec.Rank.Keep
	cands := f.fused
	if e.ranker == nil || f.spec.Rank.Off || len(cands) == 0 {
		return cands[:min(len(cands), keep)], nil
	}
	t := e.now()
	b := budget{e: e, start: t, limit: time.Duration(f.spec.Rank.Budget)}
	rows := make([]int32, len(cands))
	for j, c := range cands {
		rows[j] = e.rankRows[c.Index]
	}
	u := RankUser{ID: f.req.User}
	if a := f.req.Attributes; a != nil {
		u.Cat, u.Dense = a.Cat, a.Dense
	}
	var stop func() bool
	if b.limit > 0 {
		stop = b.spent
	}
	scores, n, err := e.rankScores(ctx, &u, rows, stop)
	if err != nil {
		return nil, err
	}
	if f.spec.Rank.Blend > 0 {
		BlendScores(scores[:n], f.spec.Rank.Blend, f.spec.RRFK)
	}
	ranked := orderRanked(cands, scores[:n])
	st := Stage{Name: "rank", In: len(cands), Out: min(len(ranked), keep)}
	if n < len(cands) {
		st.Degraded = fmtlite.Sprintf("budget %v spent: scored %d of %d, the rest kept in retrieval order", b.limit, n, len(cands))
	}
	if f.explain {
		f.rankAt, f.scored = make(map[int32]int, len(ranked)), make(map[int32]bool, n)
		for p, c := range ranked {
			f.rankAt[c.Index] = p
		}
		for _, c := range cands[:n] {
			f.scored[c.Index] = true
		}
	}
	ranked = ranked[:min(len(ranked), keep)]
	st.Duration = e.now().Sub(t)
	f.res.Stages = append(f.res.Stages, st)
	return ranked, nil
}

// BlendScores replaces the scores of candidates in retrieval order by 1/(k + their rank by score) +
// w/(k + their retrieval rank), ranks from 1 (ties by score keep the retrieval order): the rank stage's
// blend (RankStageSpec.Blend = w, PipelineSpec.RRFK = k), exported so that a trainer can choose w offline
// exactly as the runtime applies it.
func BlendScores(scores []float32, w, k float64) {
	order := positions(len(scores))
	slices.SortStableFunc(order, func(a, b Candidate) int { return cmp.Compare(scores[b.Index], scores[a.Index]) })
	for r, o := range order {
		j := int(o.Index)
		scores[j] = float32(1/(k+float64(r+1)) + w/(k+float64(j+1)))
	}
}

// positions returns n Candidates whose Index is their position 0..n-1, for a stable sort of positions by
// a key the comparator looks up: the browser build links SortStableFunc for Candidate already, and one
// for []int would add 6 KB of wasm code (0.4 KB gzip, with rules' pin sort, which does the same).
func positions(n int) []Candidate {
	out := make([]Candidate, n)
	for j := range out {
		out[j].Index = int32(j)
	}
	return out
}

// orderRanked returns cands with the first len(scores) re-scored and sorted by score (stable), followed
// by the unscored rest in their order, scored below the lowest ranked score in decreasing steps of 1.
func orderRanked(cands []Candidate, scores []float32) []Candidate {
	n := len(scores)
	out := make([]Candidate, len(cands))
	for j := range n {
		out[j] = Candidate{Index: cands[j].Index, Score: scores[j]}
	}
	slices.SortStableFunc(out[:n], func(a, b Candidate) int { return cmp.Compare(b.Score, a.Score) })
	if n == 0 {
		copy(out, cands) // nothing scored: the fused scores and order stand
		return out
	}
	low := out[n-1].Score
	for j, c := range cands[n:] {
		out[n+j] = Candidate{Index: c.Index, Score: low - float32(j+1)}
	}
	return out
}
