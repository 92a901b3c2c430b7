package kernel

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// refTopK sorts every kept (index, score) best first and truncates to k.
func refTopK(scores []float32, k int, skip func(int) bool) []Scored {
	all := []Scored{}
	for i, s := range scores {
		if (skip == nil || !skip(i)) && !isNaN32(s) {
			all = append(all, Scored{Index: int32(i), Score: s})
		}
	}
	slices.SortStableFunc(all, func(a, b Scored) int { // stable: equal scores keep index order
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return 0
	})
	return all[:min(max(k, 0), len(all))]
}

// randScores draws from few distinct values when ties is set, so equal scores are common.
func randScores(rng *rand.Rand, n int, ties bool) []float32 {
	s := make([]float32, n)
	for i := range s {
		if ties {
			s[i] = float32(rng.IntN(5))
		} else {
			s[i] = float32(rng.NormFloat64())
		}
	}
	return s
}

func TestTopKMatchesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	tk := NewTopK(0)
	for trial := range 300 {
		n, k := rng.IntN(200), rng.IntN(30)-2 // k < 0 and k > n included
		scores := randScores(rng, n, trial%2 == 0)
		order := rng.Perm(n) // push order must not matter
		tk.Reset(k)
		for _, i := range order {
			tk.Push(int32(i), scores[i])
		}
		want := refTopK(scores, k, nil)
		require.Equal(t, len(want), tk.Len())
		require.Equal(t, want, tk.Sorted([]Scored{}), "trial %d n=%d k=%d", trial, n, k)
		if k > 0 && len(want) == k {
			require.Equal(t, want[k-1].Score, tk.Threshold())
		}
	}
}

func TestTopKThreshold(t *testing.T) {
	tk := NewTopK(2)
	require.Equal(t, float32(math.Inf(-1)), tk.Threshold(), "empty")
	tk.Push(0, 5)
	require.Equal(t, float32(math.Inf(-1)), tk.Threshold(), "not yet full")
	tk.Push(1, 3)
	require.Equal(t, float32(3), tk.Threshold())
	tk.Push(2, 4)
	require.Equal(t, float32(4), tk.Threshold())
	require.Equal(t, float32(math.Inf(1)), NewTopK(0).Threshold(), "k=0 admits nothing")
}

func TestTopKSortedAppendsAndKeepsState(t *testing.T) {
	tk := NewTopK(2)
	tk.Push(7, 1)
	tk.Push(3, 2)
	tk.Push(9, 2)
	prefix := []Scored{{Index: -1, Score: 100}}
	got := tk.Sorted(prefix)
	require.Equal(t, []Scored{{-1, 100}, {3, 2}, {9, 2}}, got)
	require.Equal(t, got[1:], tk.Sorted(nil), "Sorted leaves t unchanged")
	tk.Push(1, 2) // ties with the worst held (9, 2) and wins on index
	require.Equal(t, []Scored{{1, 2}, {3, 2}}, tk.Sorted(nil))
	tk.Reset(1)
	require.Zero(t, tk.Len())
	tk.Push(4, -1)
	require.Equal(t, []Scored{{4, -1}}, tk.Sorted(nil))
}

func TestTopKIgnoresNaN(t *testing.T) {
	tk := NewTopK(3)
	nan := float32(math.NaN())
	tk.Push(0, nan)
	tk.Push(1, 1)
	tk.Push(2, nan)
	require.Equal(t, []Scored{{1, 1}}, tk.Sorted(nil))
	require.Equal(t, []Scored{{1, 1}}, SelectTopK([]float32{nan, 1, nan}, 3, nil))
}

func TestTopKZeroValueKeepsNothing(t *testing.T) {
	var tk TopK
	tk.Push(1, 1)
	require.Zero(t, tk.Len())
	require.Empty(t, tk.Sorted(nil))
}

func TestSelectTopK(t *testing.T) {
	rng := rand.New(rand.NewPCG(43, 44))
	skips := map[string]func(int) bool{
		"none":   nil,
		"odd":    func(i int) bool { return i%2 == 1 },
		"all":    func(int) bool { return true },
		"first7": func(i int) bool { return i < 7 },
	}
	for name, skip := range skips {
		t.Run("skip="+name, func(t *testing.T) {
			for trial := range 200 {
				n, k := rng.IntN(300), rng.IntN(25)-2
				scores := randScores(rng, n, trial%2 == 0)
				got := SelectTopK(scores, k, skip)
				require.Equal(t, refTopK(scores, k, skip), got, "trial %d n=%d k=%d", trial, n, k)
			}
		})
	}
}

func TestSelectTopKExtremes(t *testing.T) {
	inf := float32(math.Inf(1))
	scores := []float32{-inf, 0, inf, -1, inf}
	require.Equal(t, []Scored{{2, inf}, {4, inf}, {1, 0}}, SelectTopK(scores, 3, nil))
	require.Equal(t, []Scored{}, SelectTopK(nil, 5, nil))
	require.Equal(t, []Scored{}, SelectTopK(scores, 0, nil))
	require.Len(t, SelectTopK(scores, 10, nil), 5)
}
