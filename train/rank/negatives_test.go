package rank

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/runtime"
)

func TestWithNegatives(t *testing.T) {
	pos := Examples{User: []int32{0, 0, 1}, Item: []int32{1, 2, 0}, Label: []float32{1, 1, 1}, Time: []int64{5, 6, 7}}
	e, err := WithNegatives(&pos, 4, 3, 1)
	require.NoError(t, err)
	require.Equal(t, 12, e.Len())
	for i := range e.Len() {
		if i%4 == 0 {
			require.Equal(t, float32(1), e.Label[i])
			continue
		}
		require.Equal(t, float32(0), e.Label[i])
		require.Equal(t, e.User[i-i%4], e.User[i])
		require.Equal(t, e.Time[i-i%4], e.Time[i])
		if e.User[i] == 0 {
			require.NotContains(t, []int32{1, 2}, e.Item[i], "user 0's items are never negatives")
		} else {
			require.NotEqual(t, int32(0), e.Item[i])
		}
	}
	again, err := WithNegatives(&pos, 4, 3, 1)
	require.NoError(t, err)
	require.Equal(t, e, again)

	full := Examples{User: []int32{0, 0}, Item: []int32{0, 1}, Label: []float32{1, 1}}
	e, err = WithNegatives(&full, 2, 5, 1)
	require.NoError(t, err)
	require.Equal(t, 2, e.Len())
	require.Nil(t, e.Time)

	_, err = WithNegatives(&pos, 2, 1, 1) // item 2 out of range
	require.Error(t, err)
}

// implicitEvents draws users × perUser events over items with a popularity skew (item i
// about twice as likely as item i+ 10), each user's in increasing time.
func implicitEvents(users, items, perUser int, seed uint64) Examples {
	rng := rand.New(rand.NewPCG(seed, 1))
	var e Examples
	for u := range users {
		for k := range perUser {
			it := int32(rng.IntN(items))
			if rng.IntN(2) == 0 {
				it = int32(rng.IntN(max(items/4, 1)))
			}
			e.append(int32(u), it, 1, int64(1000*u+k))
		}
	}
	return e
}

func TestSampleNegatives(t *testing.T) {
	const users, items = 30, 200
	all := implicitEvents(users, items, 12, 3)
	loo, err := SplitLeaveOneOut(&all, users)
	require.NoError(t, err)
	pools := make([][]int32, users)
	for u := range pools {
		for i := range 40 { // a pool with the user's own positives and held-out items in it
			pools[u] = append(pools[u], int32((u*7+i*3)%items))
		}
		pools[u] = append(pools[u], loo.Seen[u]...)
		pools[u] = append(pools[u], loo.Valid[u], loo.Test[u])
	}
	for _, sources := range [][]string{{NegativeUniform}, {NegativePopular}, {NegativeRetriever}, {NegativeRetriever, NegativePopular}} {
		t.Run(fmt.Sprint(sources), func(t *testing.T) {
			cfg := NegativeConfig{NumItems: items, PerPositive: 3, Sources: sources, Pools: pools, Exclude: loo.HeldOut(), Seed: 7}
			e, err := SampleNegatives(&loo.Train, cfg)
			require.NoError(t, err)
			per := 1 + 3*len(sources)
			require.Equal(t, loo.Train.Len()*per, e.Len())
			for i := range e.Len() {
				u, it := e.User[i], e.Item[i]
				if i%per == 0 {
					require.Equal(t, float32(1), e.Label[i])
					continue
				}
				require.Equal(t, float32(0), e.Label[i])
				require.NotContains(t, loo.Seen[u], it, "a positive of the user is never a negative")
				require.NotContains(t, []int32{loo.Valid[u], loo.Test[u]}, it, "an excluded held-out item is never a negative")
				if sources[(i%per-1)/3] == NegativeRetriever {
					require.Contains(t, pools[u], it, "retriever negatives come from the user's pool")
				}
			}
			again, err := SampleNegatives(&loo.Train, cfg)
			require.NoError(t, err)
			require.Equal(t, e, again, "deterministic by seed")
			cfg.Seed = 8
			other, err := SampleNegatives(&loo.Train, cfg)
			require.NoError(t, err)
			require.NotEqual(t, e.Item, other.Item, "another seed draws other negatives")
		})
	}
}

func TestSampleNegativesPopular(t *testing.T) {
	// Item 0 has 9 positives of other users, item 1 one: popular negatives of user 0 favour item 0.
	var pos Examples
	pos.append(0, 5, 1, 0)
	for u := int32(1); u <= 9; u++ {
		pos.append(u, 0, 1, 0)
	}
	pos.append(10, 1, 1, 0)
	e, err := SampleNegatives(&pos, NegativeConfig{NumItems: 100, PerPositive: 1000, Sources: []string{NegativePopular}, Seed: 1})
	require.NoError(t, err)
	count := map[int32]int{}
	for i := 1; i <= 1000; i++ {
		count[e.Item[i]]++
	}
	require.Equal(t, 1000, count[0]+count[1], "only items with positives are drawn")
	require.Greater(t, count[0], 800)
	require.Greater(t, count[1], 30)
	// A user whose every popular item is a positive falls back to uniform.
	e, err = SampleNegatives(&pos, NegativeConfig{NumItems: 100, PerPositive: 50, Sources: []string{NegativePopular}, Seed: 1})
	require.NoError(t, err)
	for i := 52; i < 102; i++ { // user 1's (item 0) negatives
		require.Equal(t, int32(1), e.User[i])
		require.NotEqual(t, int32(0), e.Item[i])
	}
}

func TestSampleNegativesErrors(t *testing.T) {
	pos := Examples{User: []int32{0}, Item: []int32{1}, Label: []float32{1}}
	for name, cfg := range map[string]NegativeConfig{
		"no items":       {},
		"negative count": {NumItems: 4, PerPositive: -1},
		"bad source":     {NumItems: 4, Sources: []string{"hard"}},
		"item range":     {NumItems: 1},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := SampleNegatives(&pos, cfg)
			require.Error(t, err)
		})
	}
}

func TestSplitLeaveOneOut(t *testing.T) {
	// user 0: items 3, 1, 2 at times 2, 1, 3 → train [1], valid 3, test 2; user 1 has 2 events.
	e := Examples{User: []int32{0, 0, 0, 1, 1}, Item: []int32{3, 1, 2, 4, 5}, Label: []float32{1, 0, 1, 1, 1},
		Time: []int64{2, 1, 3, 9, 8}}
	s, err := SplitLeaveOneOut(&e, 3)
	require.NoError(t, err)
	require.Equal(t, [][]int32{{1}, {5, 4}, nil}, s.Seen)
	require.Equal(t, []int32{3, -1, -1}, s.Valid)
	require.Equal(t, []int32{2, -1, -1}, s.Test)
	require.Equal(t, []float32{1, 1, 1}, s.Train.Label, "every event is a positive")
	require.Equal(t, [][]int32{{3, 2}, nil, nil}, s.HeldOut())
	_, err = SplitLeaveOneOut(&e, 1)
	require.Error(t, err)
	e.Time = nil
	_, err = SplitLeaveOneOut(&e, 3)
	require.Error(t, err)
}

// fakeRetriever returns every item of the catalog in a fixed order per user.
type fakeRetriever struct{ order []string }

func (f fakeRetriever) Recommend(_ context.Context, req runtime.Request) (runtime.Result, error) {
	var r runtime.Result
	for _, id := range f.order[:min(req.K, len(f.order))] {
		r.Items = append(r.Items, runtime.Item{ID: id})
	}
	return r, nil
}

func TestRetrieverPools(t *testing.T) {
	d := synthData(3, 6, 10, 1)
	r := fakeRetriever{order: []string{"i5", "i4", "i3", "i2", "i1", "i0"}}
	pools, err := RetrieverPools(context.Background(), r, d, [][]int32{{5, 3}, nil}, 2)
	require.NoError(t, err)
	require.Equal(t, [][]int32{{4, 2}, {5, 4}, {5, 4}}, pools, "seen items skipped, n kept")
	r.order = []string{"unknown", "i5", "i4"}
	pools, err = RetrieverPools(context.Background(), r, d, nil, 2)
	require.NoError(t, err)
	require.Equal(t, [][]int32{{5}, {5}, {5}}, pools, "an item the data lacks is skipped (the pool is shorter)")
	_, err = RetrieverPools(context.Background(), r, d, nil, 0)
	require.Error(t, err)
}
