package seq

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/train/nn"
	"github.com/corerec/corerec/train/nn/nntest"
)

func TestBatchCausalWindows(t *testing.T) {
	var b batch
	b.addCausal([]int32{1, 2, 3, 4, 5, 6}, 3) // the last 4 items: inputs 3 4 5, targets 4 5 6
	b.addCausal([]int32{7, 8}, 3)
	require.Equal(t, []int32{3, 4, 5, 7}, b.ids)
	require.Equal(t, []int32{0, 1, 2, 0}, b.pos)
	require.Equal(t, []int32{4, 5, 6, 8}, b.targets)
	require.Equal(t, []nn.Span{{Start: 0, Len: 3}, {Start: 3, Len: 1}}, b.spans)
	b.reset()
	require.Empty(t, b.ids)
	require.Empty(t, b.spans)
}

func TestBatchClozeMasksAtLeastOne(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var b batch
	seq := []int32{10, 11, 12, 13, 14, 15}
	for range 50 {
		b.reset()
		b.addCloze(seq, 4, 0.01, 99, rng) // p so small that the fallback mask is nearly always used
		require.Len(t, b.ids, 4)
		require.NotEmpty(t, b.rows)
		for k, r := range b.rows {
			require.Equal(t, int32(99), b.ids[r])
			require.Equal(t, seq[2+r], b.targets[k]) // the window is the last 4 items
		}
		for r, id := range b.ids {
			if !slices.Contains(b.rows, int32(r)) {
				require.Equal(t, seq[2+r], id)
			}
		}
	}
}

func TestBatchQuery(t *testing.T) {
	var b batch
	require.Equal(t, 2, b.addQuery([]int32{1, 2, 3, 4}, 3, -1)) // SASRec: last 3 items, output at the last
	require.Equal(t, -1, b.addQuery(nil, 3, -1))                // an empty SASRec history has no row
	require.Equal(t, 5, b.addQuery([]int32{5, 6, 7}, 3, 42))    // BERT4Rec: last 2 items and the mask
	require.Equal(t, []int32{2, 3, 4, 6, 7, 42}, b.ids)
	require.Equal(t, []int32{0, 1, 2, 0, 1, 2}, b.pos)
	require.Equal(t, []nn.Span{{Start: 0, Len: 3}, {Start: 3, Len: 0}, {Start: 3, Len: 3}}, b.spans)
}

func TestBatchNegativesAvoidSeen(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var b batch
	seen := []int32{0, 1, 2, 3, 4, 5, 6, 7} // of 10 items
	b.negatives(10, seen, 200, rng)
	require.Len(t, b.negs, 200)
	for _, n := range b.negs {
		require.Contains(t, []int32{8, 9}, n)
	}
}

func TestGradGather(t *testing.T) {
	x := nn.NewParam("x", 5, 3)
	x.InitNormal(rand.New(rand.NewPCG(1, 1)), 1)
	nntest.GradCheck(t, 0, func(tp *nn.Tape) *nn.Tensor {
		return gather(tp, tp.Param(x), []int32{4, 0, 4, 2})
	}, x)
}

// TestWindowsAll checks that WindowsAll cuts a long history into windows that make every item but the
// first a SASRec target exactly once (BERT4Rec: every item in exactly one window), and that WindowsLast
// keeps only the newest window.
func TestWindowsAll(t *testing.T) {
	for _, n := range []int{1, 2, 3, 7, 8, 9, 10, 25} {
		items := make([]int32, n)
		for i := range items {
			items[i] = int32(i)
		}
		for _, model := range []string{SASRec, BERT4Rec} {
			minLen := 2
			if model == BERT4Rec {
				minLen = 1
			}
			c := Config{Model: model, MaxLen: 4, Windows: WindowsAll}.WithDefaults()
			ws := appendWindows(nil, 7, n, minLen, c)
			var b batch
			seen := map[int32]int{}
			for _, w := range ws {
				require.Equal(t, int32(7), w.user)
				if model == SASRec {
					b.reset()
					b.addCausal(items[:w.end], c.MaxLen)
					for _, it := range b.targets {
						seen[it]++
					}
					continue
				}
				for _, it := range items[max(0, int(w.end)-c.MaxLen):w.end] {
					seen[it]++
				}
			}
			first := minLen - 1 // SASRec's first item is never a target
			for i := first; i < n; i++ {
				require.Equal(t, 1, seen[int32(i)], "%s n=%d item %d", model, n, i)
			}
			require.Len(t, seen, max(0, n-first), "%s n=%d", model, n)

			c.Windows = WindowsLast
			last := appendWindows(nil, 7, n, minLen, c)
			if n < minLen {
				require.Empty(t, last)
			} else {
				require.Equal(t, []window{{user: 7, end: int32(n)}}, last)
			}
		}
	}
}
