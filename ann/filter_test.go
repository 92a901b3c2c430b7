package ann

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

var fixtureGraph = sync.OnceValue(func() *HNSW {
	f := fixture()
	h, err := Build(context.Background(), F32Vectors(f.base, f.dim), InnerProduct, Config{Seed: 1})
	if err != nil {
		panic(err)
	}
	return h
})

// TestFilteredRecall checks recall@10 ≥ 0.95 against the exact top 10 of the allowed rows, at
// 1 %, 10 % and 50 % selectivity, for each way to express a filter.
func TestFilteredRecall(t *testing.T) {
	f := fixture()
	h := fixtureGraph()
	for _, sel := range []float64{0.01, 0.1, 0.5} {
		rng := rand.New(rand.NewPCG(uint64(sel*1000), 9))
		allowed := make([]bool, f.n)
		var list []int32
		deny := make([]uint64, (f.n+63)/64)
		for i := range f.n {
			if rng.Float64() < sel {
				allowed[i] = true
				list = append(list, int32(i))
			} else {
				deny[i/64] |= 1 << (i % 64)
			}
		}
		region := regionList(t, f, sel, rng)
		for _, c := range filterCases(map[string]Filter{
			"allow":  {Allow: list},
			"deny":   {Deny: deny},
			"func":   {Func: func(id int32) bool { return allowed[id] }},
			"region": {Allow: region},
		}) {
			name, filter, plan := c.name, c.filter, c.plan
			allowed := allowed
			if filter.Allow != nil && &filter.Allow[0] == &region[0] {
				allowed = make([]bool, f.n)
				for _, id := range region {
					allowed[id] = true
				}
			}
			tr := exactTruth(f.base, f.dim, f.queries, InnerProduct, 10, func(_, id int) bool { return allowed[id] })
			want := min(10, len(list))
			t.Run(fmt.Sprintf("selectivity=%g/filter=%s", sel, name), func(t *testing.T) {
				var sum float64
				for qi := range f.nq {
					q := f.queries[qi*f.dim : (qi+1)*f.dim]
					res, err := h.Search(q, SearchOptions{Filter: filter, FilterPlan: plan})
					require.NoError(t, err)
					require.Len(t, res, want)
					for _, r := range res {
						require.True(t, allowed[r.Index], "row %d is not allowed", r.Index)
					}
					sum += tr.recall(qi, q, res, want)
				}
				t.Logf("recall@10 = %.4f", sum/float64(f.nq))
				require.GreaterOrEqual(t, sum/float64(f.nq), 0.95)
			})
		}
	}
}

func TestFilterEdgeCases(t *testing.T) {
	f := fixture()
	h := fixtureGraph()
	e := must[*Exact](t)(NewExact(F32Vectors(f.base, f.dim), InnerProduct))
	q := f.queries[:f.dim]
	for _, idx := range []Index{h, e} {
		res, err := idx.Search(q, SearchOptions{Filter: Filter{Allow: []int32{}}})
		require.NoError(t, err)
		require.Empty(t, res, "empty allow-list")

		res, err = idx.Search(q, SearchOptions{Filter: Filter{Allow: []int32{-5, 3, 3, int32(f.n), 7, 1 << 30}}})
		require.NoError(t, err)
		require.ElementsMatch(t, []int32{3, 7}, ids(res), "out-of-range ids ignored, duplicates merged")

		res, err = idx.Search(q, SearchOptions{Filter: Filter{Allow: []int32{3, 7, 9}, Deny: []uint64{1 << 7}}})
		require.NoError(t, err)
		require.ElementsMatch(t, []int32{3, 9}, ids(res), "allow and deny together")

		res, err = idx.Search(q, SearchOptions{K: 5, Filter: Filter{Func: func(id int32) bool { return id%1000 == 0 }}})
		require.NoError(t, err)
		require.ElementsMatch(t, []int32{0, 1000, 2000, 3000}, ids(res), "predicate allowing 4 rows")

		all := make([]uint64, (f.n+63)/64)
		for i := range all {
			all[i] = ^uint64(0)
		}
		res, err = idx.Search(q, SearchOptions{Filter: Filter{Deny: all}})
		require.NoError(t, err)
		require.Empty(t, res, "everything denied")
	}
}

// regionList returns the sel share of rows that score best against a random direction: a
// filter correlated with the geometry (a category), unlike a uniform sample.
func regionList(t *testing.T, f recallFixture, sel float64, rng *rand.Rand) []int32 {
	dir := make([]float32, f.dim)
	for j := range dir {
		dir[j] = float32(rng.NormFloat64())
	}
	e := must[*Exact](t)(NewExact(F32Vectors(f.base, f.dim), InnerProduct))
	res := must[[]Scored](t)(e.Search(dir, SearchOptions{K: int(sel * float64(f.n))}))
	return ids(res)
}

type filterCase struct {
	name   string
	filter Filter
	plan   FilterPlan
}

// filterCases crosses filters with the three plans.
func filterCases(filters map[string]Filter) []filterCase {
	var out []filterCase
	for name, f := range filters {
		for plan, pname := range []string{"auto", "graph", "scan"} {
			out = append(out, filterCase{name + "/plan=" + pname, f, FilterPlan(plan)})
		}
	}
	return out
}

func ids(res []Scored) []int32 {
	out := make([]int32, len(res))
	for i, r := range res {
		out[i] = r.Index
	}
	return out
}
