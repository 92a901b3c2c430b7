package rank

import (
	"testing"

	"github.com/stretchr/testify/require"
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
