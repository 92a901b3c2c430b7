package runtime

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// BenchmarkOrderRanked measures the rank stage's reordering of n ranked candidates (scores from a ranker:
// distinct, in no order; and with ties).
func BenchmarkOrderRanked(b *testing.B) {
	for _, n := range []int{100, 500} {
		for _, ties := range []bool{false, true} {
			rng := rand.New(rand.NewPCG(1, uint64(n)))
			cands := make([]Candidate, n+50)
			for j := range cands {
				cands[j] = Candidate{Index: int32(rng.IntN(100000)), Score: float32(n - j)}
			}
			scores := make([]float32, n)
			for j := range scores {
				scores[j] = rng.Float32()
				if ties {
					scores[j] = float32(rng.IntN(10))
				}
			}
			b.Run("n="+strconv.Itoa(n)+"/ties="+strconv.FormatBool(ties), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					orderRanked(cands, scores)
				}
			})
		}
	}
}

// orderRanked's result is a stable sort by score, highest first, of the ranked part.
func TestOrderRankedStable(t *testing.T) {
	cands := []Candidate{{Index: 7, Score: 9}, {Index: 3, Score: 8}, {Index: 5, Score: 7}, {Index: 1, Score: 6}, {Index: 9, Score: 5}}
	got := orderRanked(cands, []float32{0.5, 0.9, 0.5, 0.9})
	want := []Candidate{{Index: 3, Score: 0.9}, {Index: 1, Score: 0.9}, {Index: 7, Score: 0.5}, {Index: 5, Score: 0.5}, {Index: 9, Score: -0.5}}
	require.Equal(t, want, got)
}
