package ann

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSortBestFirst checks the insertion sort and the long-slice path against compareBestFirst,
// with ties and NaN scores.
func TestSortBestFirst(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 5, 31, 32, 33, 100} {
		s := make([]Scored, n)
		for i := range s {
			s[i] = Scored{Index: int32(rng.IntN(50)), Score: float32(rng.IntN(5))}
			if rng.IntN(10) == 0 {
				s[i].Score = float32(math.NaN())
			}
		}
		got := slices.Clone(s)
		sortBestFirst(got)
		want := slices.Clone(s)
		slices.SortStableFunc(want, compareBestFirst)
		require.Equal(t, len(want), len(got))
		for i := range want { // NaN != NaN: compare bit patterns
			require.Equal(t, want[i].Index, got[i].Index, "n=%d i=%d", n, i)
			require.Equal(t, math.Float32bits(want[i].Score), math.Float32bits(got[i].Score), "n=%d i=%d", n, i)
		}
	}
}
