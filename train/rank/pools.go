package rank

import (
	"context"
	"fmt"

	"github.com/corerec/corerec/runtime"
)

// Retriever is what RetrieverPools asks for candidates: a *runtime.Engine over a retrieval
// bundle (MF, Two-Tower) does.
type Retriever interface {
	Recommend(ctx context.Context, req runtime.Request) (runtime.Result, error)
}

// RetrieverPools returns, for every user row of d, the n best items r retrieves for the user
// (an exact scan), skipping the user's items in seen (user row → item rows; the training part
// of a split, so a pool may hold held-out items, as the funnel's candidates do) and items d
// does not know (which leave the pool shorter than n). Items and users are matched by original id.
func RetrieverPools(ctx context.Context, r Retriever, d *Data, seen [][]int32, n int) ([][]int32, error) {
	if n <= 0 {
		return nil, fmt.Errorf("rank: pools: size %d", n)
	}
	items := make(map[string]int32, len(d.Vocabs[d.ItemKey]))
	for i, id := range d.Vocabs[d.ItemKey] {
		items[id] = int32(i)
	}
	users := d.Vocabs[d.UserKey]
	pools := make([][]int32, len(users))
	for u, id := range users {
		var skip map[int32]bool
		if u < len(seen) {
			skip = make(map[int32]bool, len(seen[u]))
			for _, it := range seen[u] {
				skip[it] = true
			}
		}
		res, err := r.Recommend(ctx, runtime.Request{User: id, K: min(n+len(skip), runtime.MaxK), Exact: true})
		if err != nil {
			return nil, fmt.Errorf("rank: pools: user %q: %w", id, err)
		}
		for _, it := range res.Items {
			if i, ok := items[it.ID]; ok && !skip[i] && len(pools[u]) < n {
				pools[u] = append(pools[u], i)
			}
		}
	}
	return pools, nil
}
