package rules

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/corerec/corerec/runtime"
	"github.com/stretchr/testify/require"
)

// sortByScore equals a stable sort by descending score, for scores with many ties, negatives, zeros of
// both signs and infinities; NaN goes last.
func TestSortByScore(t *testing.T) {
	specials := []float32{0, float32(math.Copysign(0, -1)), float32(math.Inf(1)), float32(math.Inf(-1)),
		-1, 1, math.MaxFloat32, -math.MaxFloat32, math.SmallestNonzeroFloat32}
	rng := rand.New(rand.NewPCG(13, 14))
	for it := range iterations(500, 100) {
		cands := make([]runtime.Candidate, rng.IntN(60))
		for k := range cands {
			s := float32(rng.IntN(9)-4) / 2
			if rng.IntN(4) == 0 {
				s = specials[rng.IntN(len(specials))]
			}
			cands[k] = runtime.Candidate{Index: int32(k), Score: s}
		}
		want := slices.Clone(cands)
		slices.SortStableFunc(want, func(a, b runtime.Candidate) int { return cmpScore(b.Score, a.Score) })
		got := slices.Clone(cands)
		sortByScore(got)
		require.Equal(t, want, got, "iteration %d", it)
	}
	nan := float32(math.NaN())
	c := []runtime.Candidate{{Index: 0, Score: nan}, {Index: 1, Score: -5}, {Index: 2, Score: nan}, {Index: 3, Score: 2}}
	sortByScore(c)
	require.Equal(t, []int32{3, 1, 0, 2}, indices(c))
}
