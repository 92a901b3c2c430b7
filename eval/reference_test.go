package eval_test

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/corerec/corerec/eval"
	"github.com/stretchr/testify/require"
)

// fullRanking sorts the unmasked items of c by the documented order, with a
// full sort: the reference the package's single-pass ranking must match.
func fullRanking(scores []float32, c eval.Case) []int32 {
	masked := map[int32]bool{}
	for _, i := range c.Seen {
		masked[i] = true
	}
	for _, i := range c.Targets {
		delete(masked, i)
	}
	var items []int32
	for i := range scores {
		if !masked[int32(i)] {
			items = append(items, int32(i))
		}
	}
	key := func(i int32) (bool, float32) { s := scores[i]; return s != s, s }
	sort.Slice(items, func(a, b int) bool {
		na, sa := key(items[a])
		nb, sb := key(items[b])
		if na != nb {
			return nb
		}
		if !na && sa != sb {
			return sa > sb
		}
		return items[a] < items[b]
	})
	return items
}

// referenceReport computes the metrics from full rankings, straight from
// the definitions.
func referenceReport(s eval.Scorer, cases []eval.Case, ks []int) eval.Report {
	r := eval.Report{Users: len(cases), HR: map[int]float64{}, NDCG: map[int]float64{}, Recall: map[int]float64{}, Coverage: map[int]float64{},
		HRSE: map[int]float64{}, NDCGSE: map[int]float64{}, RecallSE: map[int]float64{}}
	// sums of squares for the standard errors, by the one-pass formula (the package takes two passes)
	sq := func(m map[int]float64, k int, v float64) { m[k] += v * v }
	var mrrSq float64
	covered := map[int]map[int32]bool{}
	scores := make([]float32, s.NumItems())
	for _, c := range cases {
		s.Score(c.User, scores)
		ranking := fullRanking(scores, c)
		targets := map[int32]bool{}
		for _, t := range c.Targets {
			targets[t] = true
		}
		for pos, i := range ranking {
			if targets[i] {
				r.MRR += 1 / float64(pos+1)
				mrrSq += 1 / float64(pos+1) / float64(pos+1)
				break
			}
		}
		for _, k := range ks {
			hits, dcg, idcg := 0, 0.0, 0.0
			for pos := 0; pos < k && pos < len(ranking); pos++ {
				if covered[k] == nil {
					covered[k] = map[int32]bool{}
				}
				covered[k][ranking[pos]] = true
				if targets[ranking[pos]] {
					hits++
					dcg += 1 / math.Log2(float64(pos)+2)
				}
			}
			for pos := 0; pos < min(k, len(targets)); pos++ {
				idcg += 1 / math.Log2(float64(pos)+2)
			}
			if hits > 0 {
				r.HR[k]++
				sq(r.HRSE, k, 1)
			}
			r.NDCG[k] += dcg / idcg
			r.Recall[k] += float64(hits) / float64(len(targets))
			sq(r.NDCGSE, k, dcg/idcg)
			sq(r.RecallSE, k, float64(hits)/float64(len(targets)))
		}
	}
	n := float64(len(cases))
	r.MRR /= n
	se := func(sumSq, mean float64) float64 { return math.Sqrt((sumSq - n*mean*mean) / (n - 1) / n) }
	r.MRRSE = se(mrrSq, r.MRR)
	for _, k := range ks {
		r.HR[k] /= n
		r.NDCG[k] /= n
		r.Recall[k] /= n
		r.HRSE[k], r.NDCGSE[k], r.RecallSE[k] = se(r.HRSE[k], r.HR[k]), se(r.NDCGSE[k], r.NDCG[k]), se(r.RecallSE[k], r.Recall[k])
		r.Coverage[k] = float64(len(covered[k])) / float64(s.NumItems())
		r.MaxK = max(r.MaxK, k)
	}
	return r
}

// randomCases draws cases over n items with coarse scores (many ties) and
// some NaNs, 1–4 targets and 0–20 seen items each.
func randomCases(seed uint64, users, n int) (eval.Scorer, []eval.Case) {
	rng := rand.New(rand.NewPCG(seed, 1))
	rows := make([][]float32, users)
	cases := make([]eval.Case, users)
	for u := range rows {
		rows[u] = make([]float32, n)
		for i := range rows[u] {
			rows[u][i] = float32(rng.IntN(8))
			if rng.IntN(50) == 0 {
				rows[u][i] = nan
			}
		}
		c := eval.Case{User: int32(u)}
		for range 1 + rng.IntN(4) {
			c.Targets = append(c.Targets, int32(rng.IntN(n)))
		}
		for range rng.IntN(21) {
			c.Seen = append(c.Seen, int32(rng.IntN(n)))
		}
		cases[u] = c
	}
	return table(rows...), cases
}

func requireReportsEqual(t *testing.T, want, got eval.Report, withMRR bool) {
	t.Helper()
	require.Equal(t, want.Users, got.Users)
	require.Equal(t, want.MaxK, got.MaxK)
	for _, k := range want.Ks() {
		require.InDelta(t, want.HR[k], got.HR[k], 1e-9, "HR@%d", k)
		require.InDelta(t, want.NDCG[k], got.NDCG[k], 1e-9, "NDCG@%d", k)
		require.InDelta(t, want.Recall[k], got.Recall[k], 1e-9, "Recall@%d", k)
		require.InDelta(t, want.Coverage[k], got.Coverage[k], 1e-12, "Coverage@%d", k)
		require.InDelta(t, want.HRSE[k], got.HRSE[k], 1e-9, "HR@%d s.e.", k)
		require.InDelta(t, want.NDCGSE[k], got.NDCGSE[k], 1e-9, "NDCG@%d s.e.", k)
		require.InDelta(t, want.RecallSE[k], got.RecallSE[k], 1e-9, "Recall@%d s.e.", k)
		require.Positive(t, got.RecallSE[k], "Recall@%d s.e.", k)
	}
	if withMRR {
		require.InDelta(t, want.MRR, got.MRR, 1e-9)
		require.InDelta(t, want.MRRSE, got.MRRSE, 1e-9)
	}
}

func TestEvaluateMatchesFullSort(t *testing.T) {
	ks := []int{1, 5, 10, 50}
	for seed := range uint64(5) {
		s, cases := randomCases(seed, 200, 60)
		want := referenceReport(s, cases, ks)
		got, err := eval.Evaluate(context.Background(), s, cases, eval.Options{Ks: ks})
		require.NoError(t, err)
		requireReportsEqual(t, want, got, true)
	}
}

func TestEvaluateDeterministicAcrossWorkers(t *testing.T) {
	s, cases := randomCases(7, 500, 100)
	var first eval.Report
	for i, w := range []int{1, 2, 3, 8} {
		r, err := eval.Evaluate(context.Background(), s, cases, eval.Options{Workers: w})
		require.NoError(t, err)
		if i == 0 {
			first = r
		}
		require.Equal(t, first, r, "workers=%d", w)
	}
}

func TestFromListsMatchesEvaluate(t *testing.T) {
	ks := []int{1, 5, 20}
	s, cases := randomCases(11, 150, 80)
	want, err := eval.Evaluate(context.Background(), s, cases, eval.Options{Ks: ks})
	require.NoError(t, err)

	full := map[int32][]int32{}
	top := map[int32][]int32{}
	noisy := map[int32][]int32{}
	scores := make([]float32, s.NumItems())
	for _, c := range cases {
		s.Score(c.User, scores)
		r := fullRanking(scores, c)
		full[c.User] = r
		top[c.User] = r[:20]
		// The same top list with junk Recommend must not count: seen items,
		// repeats, out-of-range ids.
		junk := []int32{-1, 1000}
		for _, i := range c.Seen {
			if !slices.Contains(c.Targets, i) { // a seen target is not masked
				junk = append(junk, i)
			}
		}
		for _, i := range r[:20] {
			junk = append(junk, i, i)
		}
		noisy[c.User] = junk
	}
	got, err := eval.FromLists(full, cases, s.NumItems(), eval.Options{Ks: ks})
	require.NoError(t, err)
	requireReportsEqual(t, want, got, true)
	for name, lists := range map[string]map[int32][]int32{"top": top, "noisy": noisy} {
		got, err = eval.FromLists(lists, cases, s.NumItems(), eval.Options{Ks: ks})
		require.NoError(t, err, name)
		requireReportsEqual(t, want, got, false)
		require.LessOrEqual(t, got.MRR, want.MRR, "truncated lists can only lose reciprocal rank")
		require.Equal(t, 20, got.MRRDepth, "%s: the cleaned lists' length, junk dropped", name)
		require.Contains(t, got.Table(), "within the lists' first 20")
		require.Equal(t, 20.0, got.JSON()["mrr_depth"])
	}
	require.Zero(t, want.MRRDepth, "Evaluate's MRR is over the full ranking")
	require.NotContains(t, want.JSON(), "mrr_depth")
}

func TestFromListsMissingUser(t *testing.T) {
	cases := []eval.Case{{User: 0, Targets: []int32{1}}, {User: 1, Targets: []int32{2}}}
	r, err := eval.FromLists(map[int32][]int32{0: {1, 2}}, cases, 3, eval.Options{Ks: []int{1}})
	require.NoError(t, err)
	require.Equal(t, 0.5, r.HR[1])
	require.Equal(t, 0.5, r.MRR)
	require.InDelta(t, 1.0/3, r.Coverage[1], 1e-12)
}
