package ann

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestConcurrentSearchHammer runs searches of every kind from many goroutines on one index and
// checks each result against the same search run alone. Run it with -race.
func TestConcurrentSearchHammer(t *testing.T) {
	f := fixture()
	h := fixtureGraph()
	f32 := F32Vectors(f.base, f.dim)
	i8, err := h.WithVectors(QuantizeInt8(f.base, f.dim, false))
	require.NoError(t, err)
	e, err := NewExact(f32, InnerProduct)
	require.NoError(t, err)
	opts := []SearchOptions{
		{},
		{K: 3, Ef: 20},
		{Filter: Filter{Allow: []int32{1, 5, 9, 200, 3000}}},
		{Filter: Filter{Func: func(id int32) bool { return id%3 == 0 }}, FilterPlan: FilterGraph},
		{Fine: &f32, Rescore: 30},
	}
	indexes := []Index{h, i8, e}
	type job struct{ idx, q, opt int }
	want := map[job][]Scored{}
	for i, idx := range indexes {
		for q := range 20 {
			for o, opt := range opts {
				res, err := idx.Search(f.queries[q*f.dim:(q+1)*f.dim], opt)
				require.NoError(t, err)
				want[job{i, q, o}] = res
			}
		}
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			var dst []Scored
			for r := range 300 {
				j := job{(g + r) % len(indexes), (g*7 + r) % 20, r % len(opts)}
				var err error
				dst, err = indexes[j.idx].AppendSearch(dst[:0], f.queries[j.q*f.dim:(j.q+1)*f.dim], opts[j.opt])
				if err != nil || !equalResults(dst, want[j]) {
					t.Errorf("goroutine %d job %+v: got %v, %v; want %v", g, j, dst, err, want[j])
					return
				}
			}
		})
	}
	wg.Wait()
}

func equalResults(a, b []Scored) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
