package content

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/eval"
	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/train"
)

// ml100k returns the MovieLens 100K folder, skipping the test in -short mode or when it is absent.
func ml100k(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("real data: skipped in -short mode")
	}
	for _, dir := range []string{filepath.Join("..", "..", "..", "shared", "data", "ml-100k"), "/work/shared/data/ml-100k"} {
		if _, err := os.Stat(filepath.Join(dir, "u.item")); err == nil {
			return dir
		}
	}
	t.Skip("real data: ml-100k is absent")
	return ""
}

// TestML100K evaluates TF-IDF (titles + genres) on MovieLens 100K with the leave-one-out split of
// `pack eval` (last rating by time is the test item; full ranking; train + validation items masked):
// recommendations from the user's profile and from the user's last item, against popularity, on all
// test users and on those whose test item has at most 5 training interactions. It logs the table that
// BENCHMARKS.md quotes and checks that the runtime serves the same profile lists from the bundle.
func TestML100K(t *testing.T) {
	dir := ml100k(t)
	ds, err := dataset.Load(filepath.Join(dir, "u.data"), dataset.LoadOptions{})
	require.NoError(t, err)
	split := dataset.LeaveOneOut(ds)
	cases := eval.LeaveOneOutCases(split, true)
	docs, err := LoadItems(filepath.Join(dir, "u.item"), ReadOptions{})
	require.NoError(t, err)
	corpus, missing := Align(ds.Items.IDs(), docs)
	require.Zero(t, missing)
	n := ds.Items.Len()
	pop := train.Popularity(split.Train, n)
	var tail5, tail20 []eval.Case
	for _, c := range cases {
		if pop[c.Targets[0]] <= 5 {
			tail5 = append(tail5, c)
		}
		if pop[c.Targets[0]] <= 20 {
			tail20 = append(tail20, c)
		}
	}
	const k = 20
	popLists := map[int32][]int32{}
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return int(pop[b] - pop[a]) })
	for _, c := range cases {
		popLists[c.User] = order
	}
	var table strings.Builder
	fmt.Fprintf(&table, "\n| model | HR@10 | NDCG@10 | HR@20 | NDCG@20 | HR@10, test item ≤ 5 train (%d users) | HR@10, ≤ 20 (%d users) |\n",
		len(tail5), len(tail20))
	row := func(name string, lists map[int32][]int32) {
		var r [3]eval.Report
		for j, cs := range [][]eval.Case{cases, tail5, tail20} {
			var err error
			r[j], err = eval.FromLists(lists, cs, n, eval.Options{Ks: []int{10, 20}})
			require.NoError(t, err)
		}
		fmt.Fprintf(&table, "| %s | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |\n", name, r[0].HR[10], r[0].NDCG[10], r[0].HR[20],
			r[0].NDCG[20], r[1].HR[10], r[2].HR[10])
	}
	row("popularity (train counts)", popLists)
	for _, stop := range []bool{false, true} {
		m, err := Fit(corpus, Config{StopWords: stop})
		require.NoError(t, err)
		profile, last := map[int32][]int32{}, map[int32][]int32{}
		for _, c := range cases {
			seen := func(i int32) bool { return slices.Contains(c.Seen, i) }
			p, err := m.Profile(c.Seen)
			require.NoError(t, err)
			profile[c.User] = indices(m.Top(p, k, seen))
			q, err := m.Profile(c.Seen[len(c.Seen)-1:])
			require.NoError(t, err)
			last[c.User] = indices(m.Top(q, k, seen))
		}
		name := fmt.Sprintf("tfidf stop-words=%v", stop)
		row(name+" profile", profile)
		row(name+" last item", last)
		if !stop {
			checkServed(t, m, split, profile)
		}
	}
	t.Log(table.String())
}

// checkServed packs m with the split's seen items and checks that the runtime's exclude-seen
// recommendations for the first 100 users are the lists computed here.
func checkServed(t *testing.T, m *Model, split dataset.Split, want map[int32][]int32) {
	seen := make([][]int32, split.NumUsers)
	for u := range seen {
		seen[u] = split.TrainValid(u)
	}
	eng := openBundle(t, m, seen)
	for u := range 100 {
		res, err := eng.Recommend(context.Background(), runtime.Request{User: fmt.Sprintf("user-%d", u), K: 20, ExcludeSeen: true})
		require.NoError(t, err)
		require.Equal(t, want[int32(u)], ids(res), "user %d", u)
	}
}
