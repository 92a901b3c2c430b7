package rank

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestAUC(t *testing.T) {
	for _, tc := range []struct {
		name           string
		scores, labels []float32
		want           float64
	}{
		{"perfect", []float32{0.1, 0.2, 0.8, 0.9}, []float32{0, 0, 1, 1}, 1},
		{"reversed", []float32{0.9, 0.8, 0.2, 0.1}, []float32{0, 0, 1, 1}, 0},
		{"all tied", []float32{1, 1, 1, 1}, []float32{0, 1, 0, 1}, 0.5},
		{"one of four pairs wrong", []float32{0.1, 0.5, 0.4, 0.9}, []float32{0, 0, 1, 1}, 0.75},
		{"tie counts half", []float32{0.1, 0.5, 0.5}, []float32{0, 0, 1}, 0.75},
		{"one class", []float32{0.3, 0.4}, []float32{1, 1}, 0.5},
		{"empty", nil, nil, 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.InDelta(t, tc.want, AUC(tc.scores, tc.labels), 1e-12)
		})
	}
}

func TestLogLoss(t *testing.T) {
	require.InDelta(t, math.Log(2), LogLoss([]float32{0, 0}, []float32{0, 1}), 1e-12)
	require.InDelta(t, math.Log1p(math.Exp(-3)), LogLoss([]float32{3}, []float32{1}), 1e-7)
	require.False(t, math.IsInf(LogLoss([]float32{-1000}, []float32{1}), 0))
}

func TestSplitByUserTime(t *testing.T) {
	e := Examples{}
	// user 0: 10 events in reverse time order; user 1: 2 events (kept in train).
	for i := range 10 {
		e.User, e.Item, e.Label, e.Time = append(e.User, 0), append(e.Item, int32(i)), append(e.Label, 1), append(e.Time, int64(100-i))
	}
	e.User, e.Item, e.Label, e.Time = append(e.User, 1, 1), append(e.Item, 0, 1), append(e.Label, 0, 1), append(e.Time, 5, 6)
	s, err := SplitByUserTime(&e, 0.2, 0.1)
	require.NoError(t, err)
	require.Equal(t, []int32{1, 0}, s.Test.Item) // the two latest of user 0, oldest first
	require.Equal(t, []int32{2}, s.Valid.Item)
	require.Equal(t, 9, s.Train.Len())
	_, err = SplitByUserTime(&e, 0.6, 0.5)
	require.Error(t, err)
}
