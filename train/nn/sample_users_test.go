package nn_test

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/train/nn"
)

// Users are drawn uniformly whatever their number of items; items uniformly among the user's own; users
// without positives never.
func TestUserUniform(t *testing.T) {
	pos := [][]int32{{7}, {1, 2, 3, 4, 5, 6, 7, 8, 9}, {}, {4, 5}}
	perUser := make([]int, len(pos))
	perItem := map[[2]int32]int{}
	const n = 90000
	nn.UserUniform(rand.New(rand.NewPCG(1, 2)), pos, n, func(u, i int32) {
		perUser[u]++
		perItem[[2]int32{u, i}]++
		require.Contains(t, pos[u], i)
	})
	require.Zero(t, perUser[2])
	for _, u := range []int{0, 1, 3} {
		require.InDelta(t, n/3, perUser[u], n/100, "user %d", u)
	}
	for _, i := range pos[1] {
		require.InDelta(t, n/27, perItem[[2]int32{1, i}], n/150, "item %d of user 1", i)
	}
	called := false
	nn.UserUniform(rand.New(rand.NewPCG(1, 2)), [][]int32{{}, nil}, 10, func(int32, int32) { called = true })
	require.False(t, called, "no user has a positive")
}
